"""PACE, terminal side (ICAO 9303-11 §4.4): ECDH generic mapping, 3DES or AES.

MSE:Set AT names the protocol, the password (CAN or MRZ) and the curve; four chained GENERAL
AUTHENTICATE commands then carry the encrypted nonce, the mapping keys, the ephemeral keys and
the authentication tokens. The result is a secure channel with a zero send-sequence counter.

A chip that will not start PACE (MSE or the first GENERAL AUTHENTICATE refused) raises
:class:`PaceRefusedError`, so the reader can fall back to BAC; a chip that refuses the token
(the password was wrong) raises :class:`WrongIdNumberError` (CAN) or
:class:`AccessDeniedError` (MRZ key).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.card.crypto import ec, pace_crypto
from kiosk.card.crypto.pace_crypto import PasswordKind
from kiosk.card.crypto.sm_cipher import make_cipher
from kiosk.card.encoding.oid import oid_value
from kiosk.card.encoding.tlv import encode_tlv, iter_tlv, read_tlv
from kiosk.card.errors import (
    AccessDeniedError,
    CardStatusError,
    IntegrityError,
    PaceRefusedError,
    WrongIdNumberError,
)
from kiosk.card.lds.security_infos import PaceInfo
from kiosk.card.transport.apdu import Command, Response
from kiosk.card.transport.secure_messaging import SecureChannel

Send = Callable[[Command], Response]
RandomSource = Callable[[int], bytes]

INS_MSE = 0x22
INS_GENERAL_AUTHENTICATE = 0x86
#: answers to MSE:Set AT that may mean "name the domain parameters" (wrong data, ref not found)
_WANTS_PARAMETERS = {0x6A80, 0x6A88}
#: status words of a wrong password at mutual authentication (63Cx: retries left)
_WRONG_PASSWORD = {0x6300, 0x6982, 0x6A80}


@dataclass(frozen=True)
class PacePassword:
    kind: PasswordKind
    value: str  # the CAN digits, or the MRZ information

    def __repr__(self) -> str:  # the value is personal data
        return f"PacePassword({self.kind}, <redacted>)"


@dataclass(frozen=True)
class PaceSession:
    """The outcome of PACE (kept whole for the worked-example test)."""

    channel: SecureChannel
    nonce: bytes
    mapped_generator: tuple[int, int]
    shared_secret: bytes
    terminal_token: bytes
    chip_token: bytes


def mse_set_at(info: PaceInfo, password: PacePassword, *, name_parameters: bool = False) -> Command:
    """MSE:Set AT. DO84 (the domain parameters) is sent only when EF.CardAccess lists more
    than one set (9303-11 §4.4.4.1), as in the worked example."""
    data = encode_tlv(0x80, oid_value(info.protocol))
    data += encode_tlv(0x83, bytes([pace_crypto.PASSWORD_REF[password.kind]]))
    if name_parameters and info.parameter_id is not None:
        data += encode_tlv(0x84, bytes([info.parameter_id]))
    return Command(0x00, INS_MSE, 0xC1, 0xA4, data)


def general_authenticate(data: bytes, *, last: bool) -> Command:
    """One GENERAL AUTHENTICATE of the chain (CLA 10 = more commands follow)."""
    return Command(0x00 if last else 0x10, INS_GENERAL_AUTHENTICATE, 0x00, 0x00,
                   encode_tlv(0x7C, data), le=256)  # fmt: skip


def _dynamic_object(resp: Response, tag: int, step: str) -> bytes:
    try:
        outer = read_tlv(resp.data)
        if outer.tag != 0x7C:
            raise IntegrityError(f"PACE {step}: answer is not a dynamic authentication object")
        for obj in iter_tlv(outer.value):
            if obj.tag == tag:
                return obj.value
    except IntegrityError:
        raise
    except Exception as exc:
        raise IntegrityError(f"PACE {step}: malformed answer") from exc
    raise IntegrityError(f"PACE {step}: tag {tag:X} missing")


def _refused(password: PacePassword, sw: int) -> AccessDeniedError:
    if password.kind == "can":
        return WrongIdNumberError(f"PACE mutual authentication SW={sw:04X}")
    return AccessDeniedError(f"PACE mutual authentication SW={sw:04X}")


def authenticate(
    send: Send,
    info: PaceInfo,
    password: PacePassword,
    random: RandomSource = os.urandom,
    *,
    name_parameters: bool = False,
) -> PaceSession:
    """Run PACE and return the secure channel (see the module docstring for the errors)."""
    curve = info.curve
    cipher_name, key_bits = info.cipher
    if curve is None or not info.supported:
        raise PaceRefusedError(f"PACE protocol {info.protocol} not supported here")
    resp = send(mse_set_at(info, password, name_parameters=name_parameters))
    if resp.sw in _WANTS_PARAMETERS and not name_parameters and info.parameter_id is not None:
        # some chips want DO84 even with a single PACEInfo: ask once more, naming it
        resp = send(mse_set_at(info, password, name_parameters=True))
    if not resp.ok:
        raise PaceRefusedError(f"MSE:Set AT SW={resp.sw:04X}")
    # 1. the encrypted nonce
    resp = send(general_authenticate(b"", last=False))
    if not resp.ok:
        raise PaceRefusedError(f"GENERAL AUTHENTICATE (nonce) SW={resp.sw:04X}")
    z = _dynamic_object(resp, 0x80, "nonce")
    k_pi = pace_crypto.password_key(password.kind, password.value, cipher_name, key_bits)
    s = pace_crypto.decrypt_nonce(k_pi, z, cipher_name)
    mapped = _map_nonce(send, curve, s, random)
    pk, pk_ic, secret = _agree_keys(send, mapped, random)
    cipher = make_cipher(cipher_name, secret, key_bits)
    # 4. mutual authentication
    t_ifd = pace_crypto.auth_token(cipher_name, cipher.ks_mac, info.protocol, mapped, pk_ic)
    resp = send(general_authenticate(encode_tlv(0x85, t_ifd), last=True))
    if resp.sw in _WRONG_PASSWORD or resp.sw >> 4 == 0x63C:
        raise _refused(password, resp.sw)
    if not resp.ok:
        raise CardStatusError(resp.sw, "GENERAL AUTHENTICATE (mutual authentication)")
    t_ic = _dynamic_object(resp, 0x86, "mutual authentication")
    expected = pace_crypto.auth_token(cipher_name, cipher.ks_mac, info.protocol, mapped, pk)
    if not hmac.compare_digest(t_ic, expected):
        raise IntegrityError("PACE: the chip's authentication token does not verify")
    return PaceSession(SecureChannel.of(cipher, 0), s, mapped.g, secret, t_ifd, t_ic)


def _map_nonce(send: Send, curve: ec.Curve, s: bytes, random: RandomSource) -> ec.Curve:
    """Step 2: exchange mapping keys, H = SK_map,IFD * PK_map,IC, G' = s*G + H."""
    sk_map = pace_crypto.random_scalar(curve, random)
    pk_map = curve.multiply_g(sk_map)
    assert pk_map is not None
    resp = send(general_authenticate(encode_tlv(0x81, curve.encode_point(pk_map)), last=False))
    if not resp.ok:
        raise CardStatusError(resp.sw, "GENERAL AUTHENTICATE (map)")
    try:
        pk_map_ic = curve.decode_point(_dynamic_object(resp, 0x82, "map"))
        if pk_map_ic == pk_map:
            raise IntegrityError("PACE: the chip echoed the mapping key")
        return pace_crypto.map_generator(curve, s, curve.multiply(sk_map, pk_map_ic))
    except ValueError as exc:
        raise IntegrityError(f"PACE map: {exc}") from exc


def _agree_keys(
    send: Send, mapped: ec.Curve, random: RandomSource
) -> tuple[tuple[int, int], tuple[int, int], bytes]:
    """Step 3: ephemeral ECDH on the mapped generator; (PK, PK of the chip, secret)."""
    sk = pace_crypto.random_scalar(mapped, random)
    pk = mapped.multiply(sk, mapped.g)
    assert pk is not None
    resp = send(general_authenticate(encode_tlv(0x83, mapped.encode_point(pk)), last=False))
    if not resp.ok:
        raise CardStatusError(resp.sw, "GENERAL AUTHENTICATE (key agreement)")
    try:
        pk_ic = mapped.decode_point(_dynamic_object(resp, 0x84, "key agreement"))
        if pk_ic == pk:
            raise IntegrityError("PACE: the chip echoed the ephemeral key")
        return pk, pk_ic, pace_crypto.shared_x(mapped, sk, pk_ic)
    except ValueError as exc:
        raise IntegrityError(f"PACE key agreement: {exc}") from exc
