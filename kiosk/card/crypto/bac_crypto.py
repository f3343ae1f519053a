"""The cryptography of BAC and 3DES secure messaging (ICAO 9303-11 §9.7, §9.8).

Two-key 3DES in CBC mode with a zero IV, the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC")
with padding method 2, and the SHA-1 key derivation function. The card side (the virtual
card) and the terminal side share these primitives.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

ZERO_IV = bytes(8)
ENC_COUNTER = 1
MAC_COUNTER = 2


def pad(data: bytes, block: int = 8) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to the block size."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def unpad(data: bytes, block: int = 8) -> bytes:
    """Remove method-2 padding; raises ValueError when the padding is malformed."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80 or len(data) - len(stripped) >= block:
        raise ValueError("bad ISO 9797-1 padding")
    return stripped[:-1]


def adjust_parity(key: bytes) -> bytes:
    """Set the DES odd-parity bit of every byte."""
    out = bytearray()
    for b in key:
        high = b & 0xFE
        ones = bin(high).count("1")
        out.append(high | (0 if ones % 2 else 1))
    return bytes(out)


def key_seed(mrz_information: str) -> bytes:
    """Kseed: the first 16 bytes of SHA-1 of the MRZ information."""
    return hashlib.sha1(mrz_information.encode("ascii")).digest()[:16]


def derive_key(seed: bytes, counter: int) -> bytes:
    """A 16-byte two-key 3DES key from a seed and a counter (1 = encryption, 2 = MAC)."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return adjust_parity(digest[:16])


def _tdes(key16: bytes) -> TripleDES:
    return TripleDES(key16 + key16[:8])


def encrypt(key: bytes, data: bytes) -> bytes:
    """3DES-CBC with a zero IV; ``data`` must be a multiple of 8 bytes."""
    enc = Cipher(_tdes(key), modes.CBC(ZERO_IV)).encryptor()
    return enc.update(data) + enc.finalize()


def decrypt(key: bytes, data: bytes) -> bytes:
    """3DES-CBC decryption with a zero IV; ``data`` must be a multiple of 8 bytes."""
    dec = Cipher(_tdes(key), modes.CBC(ZERO_IV)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 over already padded ``data`` (8-byte result).

    Single DES CBC with Ka over every block, then decrypt with Kb and encrypt with Ka on the
    last block. Single DES is 3DES with three equal keys.
    """
    ka, kb = key[:8], key[8:16]
    enc = Cipher(TripleDES(ka * 3), modes.CBC(ZERO_IV)).encryptor()
    last = (enc.update(data) + enc.finalize())[-8:]
    dec = Cipher(TripleDES(kb * 3), modes.ECB()).decryptor()
    mid = dec.update(last) + dec.finalize()
    enc2 = Cipher(TripleDES(ka * 3), modes.ECB()).encryptor()
    return enc2.update(mid) + enc2.finalize()


def session_keys(seed: bytes) -> tuple[bytes, bytes]:
    """(KEnc, KMAC) derived from a seed."""
    return derive_key(seed, ENC_COUNTER), derive_key(seed, MAC_COUNTER)
