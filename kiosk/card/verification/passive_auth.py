"""Passive authentication (ICAO 9303-11 §5.1): hashes, SOD signature, DSC -> CSCA chain.

Each step ends VALID, INVALID or NOT_CHECKED (e.g. no trust anchor configured). The caller
refuses the data when a data-group hash does not match; an unverified chain still allows
pre-filling forms, and the result says so.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from kiosk.card.api import CheckOutcome, PassiveAuthResult
from kiosk.card.lds.sod import Sod
from kiosk.card.verification.trust_store import TrustStore

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}

#: signature algorithm names (asn1crypto) that carry their own hash
_SIG_HASH = {
    "sha1_rsa": "sha1", "sha224_rsa": "sha224", "sha256_rsa": "sha256",
    "sha384_rsa": "sha384", "sha512_rsa": "sha512",
    "sha1_ecdsa": "sha1", "sha224_ecdsa": "sha224", "sha256_ecdsa": "sha256",
    "sha384_ecdsa": "sha384", "sha512_ecdsa": "sha512",
}  # fmt: skip


def digest(algorithm: str, data: bytes) -> bytes:
    if algorithm not in _HASHES:
        raise ValueError(f"unsupported hash {algorithm}")
    return hashlib.new(algorithm, data).digest()


def check_hashes(sod: Sod, data_groups: Mapping[int, bytes]) -> tuple[CheckOutcome, str]:
    """Every read data group against its hash in the SOD."""
    if sod.hash_algorithm not in _HASHES:
        return CheckOutcome.INVALID, f"unsupported hash {sod.hash_algorithm}"
    bad: list[str] = []
    for number, raw in sorted(data_groups.items()):
        expected = sod.dg_hashes.get(number)
        if expected is None:
            bad.append(f"DG{number} not in SOD")
        elif not hmac.compare_digest(digest(sod.hash_algorithm, raw), expected):
            bad.append(f"DG{number} hash mismatch")
    if bad:
        return CheckOutcome.INVALID, "; ".join(bad)
    return CheckOutcome.VALID, ""


def _verify_with_key(
    key: object,
    *,
    signature: bytes,
    data: bytes,
    sig_alg: str,
    hash_name: str,
    params: Mapping[str, object],
) -> None:
    """Raise InvalidSignature (or ValueError for unsupported keys/algorithms)."""
    h = _HASHES[hash_name]()
    if isinstance(key, rsa.RSAPublicKey):
        if sig_alg == "rsassa_pss":
            salt = params.get("salt_length", h.digest_size)
            pss_hash = params.get("hash_algorithm")
            if isinstance(pss_hash, dict) and pss_hash.get("algorithm") in _HASHES:
                h = _HASHES[str(pss_hash["algorithm"])]()
            pad: padding.AsymmetricPadding = padding.PSS(
                mgf=padding.MGF1(h), salt_length=int(salt) if isinstance(salt, int) else 32
            )
        else:
            pad = padding.PKCS1v15()
        key.verify(signature, data, pad, h)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(h))
    else:
        raise ValueError(f"unsupported key type {type(key).__name__}")


def find_signer(sod: Sod) -> x509.Certificate | None:
    """The DSC: the certificate in the SOD the signer info names (or the only one)."""
    certs = [x509.load_der_x509_certificate(c) for c in sod.certificates]
    if sod.signer_issuer_serial is not None:
        _, serial = sod.signer_issuer_serial
        for cert in certs:
            if cert.serial_number == serial:
                return cert
    return certs[0] if len(certs) == 1 else None


def check_signature(sod: Sod, dsc: x509.Certificate) -> tuple[CheckOutcome, str]:
    """The SOD signer-info signature with the DSC key, and messageDigest over the content."""
    hash_name = sod.digest_algorithm
    if hash_name not in _HASHES:
        return CheckOutcome.INVALID, f"unsupported digest {hash_name}"
    if sod.signed_attrs is not None:
        if sod.message_digest is None or not hmac.compare_digest(
            sod.message_digest, digest(hash_name, sod.econtent)
        ):
            return CheckOutcome.INVALID, "messageDigest does not match the security object"
        signed = sod.signed_attrs
    else:
        signed = sod.econtent
    sig_alg = sod.signature_algorithm
    sig_hash = _SIG_HASH.get(sig_alg, hash_name)
    base = "ecdsa" if "ecdsa" in sig_alg else sig_alg
    try:
        _verify_with_key(
            dsc.public_key(),
            signature=sod.signature,
            data=signed,
            sig_alg=base,
            hash_name=sig_hash,
            params=sod.signature_params,
        )
    except InvalidSignature:
        return CheckOutcome.INVALID, "SOD signature does not verify with the DSC"
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        return CheckOutcome.INVALID, f"SOD signature not verifiable: {type(exc).__name__}"
    return CheckOutcome.VALID, ""


def check_chain(dsc: x509.Certificate, trust: TrustStore | None) -> tuple[CheckOutcome, str]:
    """The DSC issued by a CSCA of the trust store."""
    if trust is None or len(trust) == 0:
        return CheckOutcome.NOT_CHECKED, "no trust store configured"
    candidates = trust.issuers_of(dsc)
    if not candidates:
        return CheckOutcome.NOT_CHECKED, "no CSCA in the trust store for the DSC issuer"
    for csca in candidates:
        try:
            dsc.verify_directly_issued_by(csca)
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
            continue
        return CheckOutcome.VALID, ""
    return CheckOutcome.INVALID, "DSC signature does not verify with the matching CSCA"


def passive_authentication(
    sod: Sod, data_groups: Mapping[int, bytes], trust: TrustStore | None
) -> PassiveAuthResult:
    """All three steps; never raises for a verification failure (the result says it)."""
    hashes_outcome, hashes_detail = check_hashes(sod, data_groups)
    details = [hashes_detail] if hashes_detail else []
    try:
        dsc = find_signer(sod)
    except (ValueError, UnsupportedAlgorithm):
        dsc = None
    if dsc is None:
        details.append("no document signer certificate in the SOD")
        return PassiveAuthResult(
            hashes_outcome, CheckOutcome.NOT_CHECKED, CheckOutcome.NOT_CHECKED, "; ".join(details)
        )
    sig_outcome, sig_detail = check_signature(sod, dsc)
    chain_outcome, chain_detail = check_chain(dsc, trust)
    details += [d for d in (sig_detail, chain_detail) if d]
    return PassiveAuthResult(hashes_outcome, sig_outcome, chain_outcome, "; ".join(details))
