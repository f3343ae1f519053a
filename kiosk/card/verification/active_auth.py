"""Active Authentication (ICAO 9303-11 §6.1): the chip signs a random challenge with the key
whose public half is in DG15 (signed through the SOD).

- ECDSA: plain ``r || s`` signature (BSI TR-03111); the hash comes from DG14's
  ActiveAuthenticationInfo, SHA-256 when DG14 does not say.
- RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery; the trailer
  names the hash (``BC`` = SHA-1, ``xx CC`` = the ISO/IEC 10118-3 hash identifier).
"""

from __future__ import annotations

import hashlib
import hmac

from asn1crypto import keys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.card.encoding.tlv import read_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.lds.security_infos import ec_public_key
from kiosk.card.transport.apdu import Command

CHALLENGE_LENGTH = 8
INS_INTERNAL_AUTHENTICATE = 0x88
#: ISO/IEC 10118-3 hash identifiers in an RSA trailer "xx CC"
RSA_TRAILER_HASHES = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}
_CRYPTO_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def internal_authenticate(challenge: bytes) -> Command:
    return Command(0x00, INS_INTERNAL_AUTHENTICATE, 0x00, 0x00, challenge, le=256)


def dg15_public_key(raw: bytes) -> bytes:
    """The SubjectPublicKeyInfo DER inside DG15 (tag 6F)."""
    outer = read_tlv(raw)
    if outer.tag != 0x6F:
        raise CorruptDataError(f"DG15 tag {outer.tag:X}")
    return outer.value


def verify(spki: bytes, challenge: bytes, signature: bytes, ecdsa_hash: str = "") -> bool:
    """Whether ``signature`` is the chip's signature of ``challenge``.

    CorruptDataError when the key itself is unusable (not "not genuine": the card is odd).
    """
    try:
        algorithm = keys.PublicKeyInfo.load(spki)["algorithm"]["algorithm"].native
    except Exception as exc:  # asn1crypto raises many types on malformed input
        raise CorruptDataError("DG15 key does not decode") from exc
    if algorithm == "ec":
        return _verify_ecdsa(spki, challenge, signature, ecdsa_hash or "sha256")
    if algorithm == "rsa":
        return _verify_rsa(spki, challenge, signature)
    raise CorruptDataError(f"DG15 key type {algorithm} not supported")


def _verify_ecdsa(spki: bytes, challenge: bytes, signature: bytes, hash_name: str) -> bool:
    curve, point = ec_public_key(spki)
    named = curve.cryptography_curve()
    if named is None or hash_name not in _CRYPTO_HASHES or len(signature) != 2 * curve.size:
        return False
    public = crypto_ec.EllipticCurvePublicKey.from_encoded_point(named, curve.encode_point(point))
    r = int.from_bytes(signature[: curve.size], "big")
    s = int.from_bytes(signature[curve.size :], "big")
    try:
        public.verify(
            encode_dss_signature(r, s), challenge, crypto_ec.ECDSA(_CRYPTO_HASHES[hash_name]())
        )
    except InvalidSignature:
        return False
    return True


def _verify_rsa(spki: bytes, challenge: bytes, signature: bytes) -> bool:
    try:
        numbers = keys.PublicKeyInfo.load(spki)["public_key"].parsed
        n, e = int(numbers["modulus"].native), int(numbers["public_exponent"].native)
    except Exception as exc:
        raise CorruptDataError("DG15 RSA key does not decode") from exc
    k = (n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if not 0 < s < n:
        return False
    m = pow(s, e, n)
    # ISO 9796-2 allows either representative
    return any(_iso9796_2_ok(c.to_bytes(k, "big"), challenge) for c in (m, n - m))


def _iso9796_2_ok(block: bytes, challenge: bytes) -> bool:
    if not block or block[0] & 0xC0 != 0x40:
        return False
    if block[-1] == 0xBC:
        hash_name, trailer = "sha1", 1
    elif block[-1] == 0xCC and len(block) > 2 and block[-2] in RSA_TRAILER_HASHES:
        hash_name, trailer = RSA_TRAILER_HASHES[block[-2]], 2
    else:
        return False
    size = hashlib.new(hash_name).digest_size
    body = block[:-trailer]
    digest, recovered = body[-size:], body[1:-size]
    if block[0] & 0x20 == 0:  # full recovery is not used by eMRTDs; M1 must be partial
        return False
    return hmac.compare_digest(digest, hashlib.new(hash_name, recovered + challenge).digest())
