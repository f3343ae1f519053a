"""Chip Authentication (ICAO 9303-11 §6.2), ECDH, terminal side.

The chip's static key is in DG14 (signed through the SOD, so it must be hash-checked first).
The terminal sends an ephemeral public key; both sides derive new session keys from
``x(SK_terminal * PK_chip)`` and restart secure messaging with a zero counter. Only a chip that
holds the private key can answer the next protected command - so the reader treats a failure
of that next command as "not genuine".

- 3DES OIDs: MSE:Set KAT (00 22 41 A6) carrying the key in DO91 - one command.
- AES OIDs: MSE:Set AT (00 22 41 A4) naming the protocol, then GENERAL AUTHENTICATE with DO80.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kiosk.card.crypto import pace_crypto
from kiosk.card.crypto.sm_cipher import make_cipher
from kiosk.card.encoding.oid import oid_value
from kiosk.card.encoding.tlv import encode_tlv
from kiosk.card.errors import ChipNotGenuineError, CorruptDataError
from kiosk.card.lds.security_infos import ChipAuthInfo, ChipAuthPublicKey, ec_public_key
from kiosk.card.transport.apdu import Command, Response
from kiosk.card.transport.secure_messaging import SecureChannel

Send = Callable[[Command], Response]


def _key_ref(key_id: int | None) -> bytes:
    if key_id is None:
        return b""
    return encode_tlv(0x84, key_id.to_bytes(max(1, (key_id.bit_length() + 7) // 8), "big"))


def authenticate(
    send: Send,
    info: ChipAuthInfo,
    key: ChipAuthPublicKey,
    random: Callable[[int], bytes] = os.urandom,
) -> SecureChannel:
    """Run CA over the current secure channel (``send``); return the channel to switch to.

    Raises ChipNotGenuineError when the chip refuses, CorruptDataError for an unusable key.
    """
    curve, chip_public = ec_public_key(key.spki)
    cipher_name, key_bits = info.cipher
    if not cipher_name:
        raise CorruptDataError(f"chip authentication protocol {info.protocol} not supported")
    sk = pace_crypto.random_scalar(curve, random)
    pk = curve.multiply_g(sk)
    assert pk is not None
    key_ref = _key_ref(info.key_id if info.key_id is not None else key.key_id)
    if cipher_name == "3DES":
        data = encode_tlv(0x91, curve.encode_point(pk)) + key_ref
        resp = send(Command(0x00, 0x22, 0x41, 0xA6, data))
    else:
        data = encode_tlv(0x80, oid_value(info.protocol)) + key_ref
        resp = send(Command(0x00, 0x22, 0x41, 0xA4, data))
        if not resp.ok:
            raise ChipNotGenuineError(f"CA MSE:Set AT SW={resp.sw:04X}")
        ga = encode_tlv(0x7C, encode_tlv(0x80, curve.encode_point(pk)))
        resp = send(Command(0x00, 0x86, 0x00, 0x00, ga, le=256))
    if not resp.ok:
        raise ChipNotGenuineError(f"chip authentication SW={resp.sw:04X}")
    secret = pace_crypto.shared_x(curve, sk, chip_public)
    return SecureChannel.of(make_cipher(cipher_name, secret, key_bits), 0)
