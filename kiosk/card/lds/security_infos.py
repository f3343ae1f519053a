"""SecurityInfos (ICAO 9303-11 §9.2): what EF.CardAccess and DG14 say the chip can do.

``SecurityInfos ::= SET OF SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPTIONAL }``.
EF.CardAccess (in the master file, readable without access control) holds PACEInfo; DG14
(signed through the SOD) holds the chip-authentication key and, for ECDSA active
authentication, the signature algorithm. Unknown entries are skipped, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asn1crypto import keys

from kiosk.card.crypto import ec
from kiosk.card.encoding.oid import oid_dotted
from kiosk.card.encoding.tlv import Tlv, iter_tlv, read_tlv
from kiosk.card.errors import CorruptDataError

ID_PACE = "0.4.0.127.0.7.2.2.4"
ID_PACE_ECDH_GM = ID_PACE + ".2"
ID_CA = "0.4.0.127.0.7.2.2.3"
ID_CA_ECDH = ID_CA + ".2"
ID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
ID_AA = "2.23.136.1.1.5"

#: the last arc of PACE-ECDH-GM / CA-ECDH OIDs: (cipher, key bits)
CIPHER_SUFFIX: dict[str, tuple[str, int]] = {
    "1": ("3DES", 112),
    "2": ("AES", 128),
    "3": ("AES", 192),
    "4": ("AES", 256),
}

#: ECDSA signature algorithm OIDs of ActiveAuthenticationInfo -> hash name
ECDSA_HASHES: dict[str, str] = {
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
}


def _int(obj: Tlv) -> int:
    if obj.tag != 0x02:
        raise CorruptDataError("expected an INTEGER")
    return int.from_bytes(obj.value, "big", signed=True)


@dataclass(frozen=True)
class PaceInfo:
    protocol: str
    version: int
    parameter_id: int | None

    @property
    def generic_mapping_ecdh(self) -> bool:
        return self.protocol.rsplit(".", 1)[0] == ID_PACE_ECDH_GM

    @property
    def cipher(self) -> tuple[str, int]:
        return CIPHER_SUFFIX.get(self.protocol.rsplit(".", 1)[1], ("", 0))

    @property
    def curve(self) -> ec.Curve | None:
        return ec.STANDARDIZED.get(self.parameter_id) if self.parameter_id is not None else None

    @property
    def supported(self) -> bool:
        """ECDH generic mapping on a standardized prime curve with a known cipher."""
        return self.generic_mapping_ecdh and self.curve is not None and bool(self.cipher[0])


@dataclass(frozen=True)
class ChipAuthInfo:
    protocol: str
    version: int
    key_id: int | None

    @property
    def ecdh(self) -> bool:
        return self.protocol.rsplit(".", 1)[0] == ID_CA_ECDH

    @property
    def cipher(self) -> tuple[str, int]:
        return CIPHER_SUFFIX.get(self.protocol.rsplit(".", 1)[1], ("", 0))


@dataclass(frozen=True)
class ChipAuthPublicKey:
    protocol: str
    spki: bytes  # DER SubjectPublicKeyInfo
    key_id: int | None


@dataclass(frozen=True)
class SecurityInfos:
    pace: tuple[PaceInfo, ...] = ()
    chip_auth: tuple[ChipAuthInfo, ...] = ()
    chip_auth_keys: tuple[ChipAuthPublicKey, ...] = ()
    active_auth_hash: str = ""  # from ActiveAuthenticationInfo ("" when absent)
    unknown: tuple[str, ...] = field(default=())

    def best_pace(self) -> PaceInfo | None:
        """The supported PACEInfo with the strongest cipher (AES before 3DES)."""
        usable = [p for p in self.pace if p.supported]
        usable.sort(key=lambda p: (p.cipher[0] == "AES", p.cipher[1]), reverse=True)
        return usable[0] if usable else None

    def chip_auth_pair(self) -> tuple[ChipAuthInfo, ChipAuthPublicKey] | None:
        """An ECDH ChipAuthenticationInfo and the public key it names (by key id)."""
        for info in self.chip_auth:
            if not info.ecdh or not info.cipher[0]:
                continue
            for key in self.chip_auth_keys:
                if key.protocol == ID_PK_ECDH and (
                    info.key_id is None or key.key_id in (None, info.key_id)
                ):
                    return info, key
        return None


def parse_security_infos(der: bytes) -> SecurityInfos:
    """Parse a SET OF SecurityInfo; CorruptDataError when it is not one at all."""
    outer = read_tlv(der)
    if outer.tag != 0x31:
        raise CorruptDataError(f"SecurityInfos tag {outer.tag:X}")
    pace: list[PaceInfo] = []
    ca: list[ChipAuthInfo] = []
    ca_keys: list[ChipAuthPublicKey] = []
    aa_hash = ""
    unknown: list[str] = []
    for info in iter_tlv(outer.value):
        try:
            parts = info.children()
            protocol = oid_dotted(parts[0])
            rest = parts[1:]
            if protocol.startswith(ID_PACE + "."):
                param = _int(rest[1]) if len(rest) > 1 else None
                pace.append(PaceInfo(protocol, _int(rest[0]), param))
            elif protocol.startswith(ID_CA + "."):
                key_id = _int(rest[1]) if len(rest) > 1 else None
                ca.append(ChipAuthInfo(protocol, _int(rest[0]), key_id))
            elif protocol.startswith("0.4.0.127.0.7.2.2.1."):
                spki = info.value[rest[0].start : rest[0].end]
                key_id = _int(rest[1]) if len(rest) > 1 else None
                ca_keys.append(ChipAuthPublicKey(protocol, spki, key_id))
            elif protocol == ID_AA:
                if len(rest) > 1:
                    aa_hash = ECDSA_HASHES.get(oid_dotted(rest[1]), "")
            else:
                unknown.append(protocol)
        except (CorruptDataError, IndexError, ValueError):
            continue  # one odd entry never hides the others
    return SecurityInfos(tuple(pace), tuple(ca), tuple(ca_keys), aa_hash, tuple(unknown))


def parse_dg14(raw: bytes) -> SecurityInfos:
    outer = read_tlv(raw)
    if outer.tag != 0x6E:
        raise CorruptDataError(f"DG14 tag {outer.tag:X}")
    return parse_security_infos(outer.value)


def ec_public_key(spki: bytes) -> tuple[ec.Curve, tuple[int, int]]:
    """The curve and point of an EC SubjectPublicKeyInfo (named or explicit parameters)."""
    try:
        info = keys.PublicKeyInfo.load(spki)
        alg = info["algorithm"]
        if alg["algorithm"].native != "ec":
            raise CorruptDataError("not an EC public key")
        params = alg["parameters"]
        if params.name == "named":
            curve = ec.BY_OID.get(params.chosen.dotted)
            if curve is None:
                raise CorruptDataError("EC key on an unsupported named curve")
        elif params.name == "specified":
            spec = params.chosen
            if spec["field_id"]["field_type"].native != "prime_field":
                raise CorruptDataError("EC key over a binary field")
            p = int(spec["field_id"]["parameters"].native)
            a = int.from_bytes(spec["curve"]["a"].native, "big")
            b = int.from_bytes(spec["curve"]["b"].native, "big")
            size = (p.bit_length() + 7) // 8
            base = bytes(spec["base"].native)
            gx = int.from_bytes(base[1 : 1 + size], "big")
            gy = int.from_bytes(base[1 + size :], "big")
            curve = ec.known_curve(ec.Curve("explicit", p, a, b, gx, gy, int(spec["order"].native)))
        else:
            raise CorruptDataError("EC key with implicit parameters")
        point = curve.decode_point(bytes(info["public_key"].native))
    except CorruptDataError:
        raise
    except Exception as exc:  # asn1crypto raises many types on malformed input
        raise CorruptDataError(f"EC public key does not decode: {type(exc).__name__}") from exc
    return curve, point
