"""The two cipher suites of eMRTD secure messaging (ICAO 9303-11 §9.8).

- 3DES: two-key 3DES-CBC with a zero IV, retail MAC, 8-byte send-sequence counter (BAC, and
  PACE/CA with a 3DES OID).
- AES: AES-CBC whose IV is the SSC encrypted with KSenc, AES-CMAC truncated to 8 bytes, a
  16-byte SSC starting at zero (PACE and CA with an AES OID).

Both pad with ISO/IEC 9797-1 method 2 to their block size, and both MAC the padded
``SSC || header || data objects``. The card side (the virtual card) uses the same classes.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kiosk.card.crypto import bac_crypto

MAC_LENGTH = 8


class SmCipher(Protocol):
    """Keys and primitives of one secure-messaging session."""

    name: str
    block: int
    ssc_length: int
    ks_enc: bytes
    ks_mac: bytes

    def encrypt(self, ssc: bytes, data: bytes) -> bytes: ...

    def decrypt(self, ssc: bytes, data: bytes) -> bytes: ...

    def mac(self, data: bytes) -> bytes:
        """The 8-byte MAC of already padded ``data``."""
        ...


class TripleDesCipher:
    name = "3DES"
    block = 8
    ssc_length = 8

    def __init__(self, ks_enc: bytes, ks_mac: bytes) -> None:
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return bac_crypto.encrypt(self.ks_enc, data)

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        return bac_crypto.decrypt(self.ks_enc, data)

    def mac(self, data: bytes) -> bytes:
        return bac_crypto.retail_mac(self.ks_mac, data)


class AesCipher:
    name = "AES"
    block = 16
    ssc_length = 16

    def __init__(self, ks_enc: bytes, ks_mac: bytes) -> None:
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac

    def _iv(self, ssc: bytes) -> bytes:
        enc = Cipher(algorithms.AES(self.ks_enc), modes.ECB()).encryptor()
        return enc.update(ssc) + enc.finalize()

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        enc = Cipher(algorithms.AES(self.ks_enc), modes.CBC(self._iv(ssc))).encryptor()
        return enc.update(data) + enc.finalize()

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        dec = Cipher(algorithms.AES(self.ks_enc), modes.CBC(self._iv(ssc))).decryptor()
        return dec.update(data) + dec.finalize()

    def mac(self, data: bytes) -> bytes:
        return aes_cmac(self.ks_mac, data)[:MAC_LENGTH]


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """The full 16-byte AES-CMAC (NIST SP 800-38B) of ``data``."""
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def aes_encrypt_zero_iv(key: bytes, data: bytes) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return enc.update(data) + enc.finalize()


def aes_decrypt_zero_iv(key: bytes, data: bytes) -> bytes:
    dec = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).decryptor()
    return dec.update(data) + dec.finalize()


#: KDF counters (ICAO 9303-11 §9.7.1)
KDF_ENC, KDF_MAC, KDF_PACE = 1, 2, 3


def kdf(secret: bytes, counter: int, cipher: str, key_bits: int = 128) -> bytes:
    """Key derivation: 3DES and AES-128 from SHA-1, AES-192/256 from SHA-256."""
    data = secret + counter.to_bytes(4, "big")
    if cipher == "3DES":
        return bac_crypto.adjust_parity(hashlib.sha1(data).digest()[:16])
    if key_bits == 128:
        return hashlib.sha1(data).digest()[:16]
    return hashlib.sha256(data).digest()[: key_bits // 8]


def make_cipher(cipher: str, secret: bytes, key_bits: int = 128) -> SmCipher:
    """Session keys KSenc/KSmac from a shared secret (PACE, CA)."""
    ks_enc = kdf(secret, KDF_ENC, cipher, key_bits)
    ks_mac = kdf(secret, KDF_MAC, cipher, key_bits)
    if cipher == "3DES":
        return TripleDesCipher(ks_enc, ks_mac)
    return AesCipher(ks_enc, ks_mac)
