"""The cryptography of PACE with ECDH generic mapping (ICAO 9303-11 §4.4), both sides.

The password key, the nonce cipher, the mapped generator ``G' = s*G + H`` and the
authentication token over the other side's public key. The terminal (``kiosk.card.access.pace``) and
the virtual card share these functions; the worked example of Appendix G checks them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Literal

from kiosk.card.crypto import bac_crypto, ec
from kiosk.card.crypto.sm_cipher import (
    KDF_PACE,
    aes_cmac,
    aes_decrypt_zero_iv,
    aes_encrypt_zero_iv,
    kdf,
)
from kiosk.card.encoding.oid import oid_value
from kiosk.card.encoding.tlv import encode_tlv

PasswordKind = Literal["mrz", "can"]
#: MSE:Set AT password references (ICAO 9303-11 §4.4.4.1)
PASSWORD_REF: dict[str, int] = {"mrz": 1, "can": 2}


def password_bytes(kind: PasswordKind, value: str) -> bytes:
    """MRZ: SHA-1 of the MRZ information; CAN: its digits as bytes."""
    if kind == "mrz":
        return hashlib.sha1(value.encode("ascii")).digest()
    return value.encode("ascii")


def password_key(kind: PasswordKind, value: str, cipher: str, key_bits: int) -> bytes:
    """K_pi = KDF_pi(password)."""
    return kdf(password_bytes(kind, value), KDF_PACE, cipher, key_bits)


def encrypt_nonce(k_pi: bytes, s: bytes, cipher: str) -> bytes:
    if cipher == "3DES":
        return bac_crypto.encrypt(k_pi, s)
    return aes_encrypt_zero_iv(k_pi, s)


def decrypt_nonce(k_pi: bytes, z: bytes, cipher: str) -> bytes:
    if cipher == "3DES":
        return bac_crypto.decrypt(k_pi, z)
    return aes_decrypt_zero_iv(k_pi, z)


def nonce_length(cipher: str) -> int:
    return 8 if cipher == "3DES" else 16


def random_scalar(curve: ec.Curve, random: Callable[[int], bytes]) -> int:
    """A private key in [1, n-1] from the random source (retried when out of range)."""
    for _ in range(64):
        k = int.from_bytes(random(curve.size), "big")
        if 1 <= k < curve.n:
            return k
    raise ValueError("random source gives no usable scalar")


def map_generator(curve: ec.Curve, s: bytes, h: ec.Point) -> ec.Curve:
    """The ephemeral domain parameters of the generic mapping: G' = s*G + H."""
    mapped = curve.add(curve.multiply_g(int.from_bytes(s, "big")), h)
    if mapped is None:
        raise ValueError("the mapped generator is the point at infinity")
    return dataclasses.replace(curve, gx=mapped[0], gy=mapped[1], mapped=True)


def shared_x(curve: ec.Curve, k: int, point: tuple[int, int]) -> bytes:
    """The x coordinate of ``k * point``, as many bytes as a coordinate (the ECDH secret)."""
    return curve.ecdh_x(k, point)


def public_key_object(protocol: str, curve: ec.Curve, point: tuple[int, int]) -> bytes:
    """The 7F49 public key data object the authentication token covers."""
    inner = encode_tlv(0x06, oid_value(protocol)) + encode_tlv(0x86, curve.encode_point(point))
    return encode_tlv(0x7F49, inner)


def auth_token(
    cipher: str, ks_mac: bytes, protocol: str, curve: ec.Curve, other_public: tuple[int, int]
) -> bytes:
    """T = MAC(KSmac, PK of the other side), 8 bytes."""
    data = public_key_object(protocol, curve, other_public)
    if cipher == "3DES":
        return bac_crypto.retail_mac(ks_mac, bac_crypto.pad(data))
    return aes_cmac(ks_mac, data)[:8]
