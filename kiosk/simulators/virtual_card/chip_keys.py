"""The virtual card's own keys and the files that publish them: EF.CardAccess, DG14, DG15.

Chip authentication uses an ECDH key on brainpoolP256r1, active authentication an ECDSA P-256
or RSA-1024 key. With the ``wrong_chip_key`` fault the card *holds* freshly made keys that do
not match the published ones - as a copied chip would, having no access to the real keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.card.encoding.oid import oid_value
from kiosk.card.encoding.tlv import encode_tlv
from kiosk.card.lds.security_infos import ID_AA, ID_CA_ECDH, ID_PACE_ECDH_GM, ID_PK_ECDH
from kiosk.simulators.virtual_card.features import CardFeatures

ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2"
CA_KEY_ID = 1
_CIPHER_ARC = {"3DES": "1", "AES": "2"}


@dataclass(frozen=True)
class ChipKeys:
    ca: ec.EllipticCurvePrivateKey
    aa: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    @classmethod
    def generate(cls, features: CardFeatures) -> ChipKeys:
        aa: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
        if features.aa_key == "rsa":
            # 1024 bits, as most eMRTD AA keys: the signature fits a short protected answer
            aa = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        else:
            aa = ec.generate_private_key(ec.SECP256R1())
        return cls(ec.generate_private_key(ec.BrainpoolP256R1()), aa)


def _oid(dotted: str) -> bytes:
    return encode_tlv(0x06, oid_value(dotted))


def _int(value: int) -> bytes:
    return encode_tlv(0x02, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big"))


def _spki(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def pace_protocol(features: CardFeatures) -> str:
    return f"{ID_PACE_ECDH_GM}.{_CIPHER_ARC[features.pace_cipher]}"


def ca_protocol() -> str:
    return f"{ID_CA_ECDH}.2"  # AES-128


def build_card_access(features: CardFeatures) -> bytes:
    """EF.CardAccess: one PACEInfo (version 2, standardized domain parameters)."""
    pace = encode_tlv(
        0x30, _oid(pace_protocol(features)) + _int(2) + _int(features.pace_parameter_id)
    )
    return encode_tlv(0x31, pace)


def build_dg14(keys: ChipKeys) -> bytes:
    """DG14: ChipAuthenticationInfo, its public key, and ActiveAuthenticationInfo (ECDSA)."""
    infos = [
        encode_tlv(0x30, _oid(ca_protocol()) + _int(1) + _int(CA_KEY_ID)),
        encode_tlv(0x30, _oid(ID_PK_ECDH) + _spki(keys.ca) + _int(CA_KEY_ID)),
    ]
    if isinstance(keys.aa, ec.EllipticCurvePrivateKey):
        infos.append(encode_tlv(0x30, _oid(ID_AA) + _int(1) + _oid(ECDSA_WITH_SHA256)))
    return encode_tlv(0x6E, encode_tlv(0x31, b"".join(infos)))


def build_dg15(keys: ChipKeys) -> bytes:
    return encode_tlv(0x6F, _spki(keys.aa))
