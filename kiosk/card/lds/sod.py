"""EF.SOD: the document security object, a CMS SignedData (ICAO 9303-10 §4.6.2)."""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import algos, cms, core

from kiosk.card.encoding.tlv import read_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.lds.files import TAG_SOD

OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"


class DataGroupHash(core.Sequence):
    _fields = [  # noqa: RUF012 - asn1crypto's declaration style
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashValues(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields = [  # noqa: RUF012
        ("lds_version", core.PrintableString),
        ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):
    _fields = [  # noqa: RUF012
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True)
class Sod:
    """What passive authentication needs from EF.SOD, already decoded."""

    hash_algorithm: str  # "sha1" | "sha224" | "sha256" | "sha384" | "sha512"
    dg_hashes: dict[int, bytes]
    econtent: bytes  # the encoded LDS security object (what messageDigest covers)
    signed_attrs: bytes | None  # DER of the signed attributes as a SET (what is signed)
    message_digest: bytes | None
    digest_algorithm: str  # of the signer info
    signature_algorithm: str  # asn1crypto name: "rsassa_pkcs1v15", "rsassa_pss", "ecdsa"...
    signature_params: dict[str, object]
    signature: bytes
    certificates: tuple[bytes, ...]  # DER, normally the one DSC
    signer_issuer_serial: tuple[bytes, int] | None  # (issuer DER, serial) from the signer id
    signer_key_id: bytes | None


def parse_sod(raw: bytes) -> Sod:
    """Decode EF.SOD; any malformation raises CorruptDataError."""
    outer = read_tlv(raw)
    if outer.tag != TAG_SOD:
        raise CorruptDataError(f"EF.SOD tag {outer.tag:X}")
    try:
        return _decode(outer.value)
    except CorruptDataError:
        raise
    except Exception as exc:  # asn1crypto raises many types on malformed input
        raise CorruptDataError(f"EF.SOD does not decode: {type(exc).__name__}") from exc


def _decode(der: bytes) -> Sod:
    info = cms.ContentInfo.load(der, strict=True)
    if info["content_type"].native != "signed_data":
        raise CorruptDataError("EF.SOD is not a CMS SignedData")
    sd = info["content"]
    encap = sd["encap_content_info"]
    if encap["content_type"].dotted != OID_LDS_SECURITY_OBJECT:
        raise CorruptDataError("EF.SOD does not hold an LDS security object")
    econtent_obj = encap["content"]
    if econtent_obj.native is None:
        raise CorruptDataError("EF.SOD has no encapsulated content")
    econtent = bytes(econtent_obj)  # the octets, whatever the encoding form
    lso = LdsSecurityObject.load(econtent, strict=True)
    hash_alg = str(lso["hash_algorithm"]["algorithm"].native)
    hashes: dict[int, bytes] = {}
    for item in lso["data_group_hash_values"]:
        hashes[int(item["data_group_number"].native)] = bytes(item["data_group_hash_value"].native)
    signer_infos = sd["signer_infos"]
    if len(signer_infos) != 1:
        raise CorruptDataError(f"EF.SOD has {len(signer_infos)} signer infos, expected 1")
    si = signer_infos[0]
    signed_attrs_der, message_digest = _signed_attributes(si)
    certs = [c.chosen.dump() for c in sd["certificates"] or [] if c.name == "certificate"]
    sid = si["sid"]
    issuer_serial: tuple[bytes, int] | None = None
    key_id: bytes | None = None
    if sid.name == "issuer_and_serial_number":
        issuer_serial = (sid.chosen["issuer"].dump(), int(sid.chosen["serial_number"].native))
    else:
        key_id = bytes(sid.chosen.native)
    sig_alg = si["signature_algorithm"]
    params = sig_alg["parameters"]
    return Sod(
        hash_algorithm=hash_alg,
        dg_hashes=hashes,
        econtent=econtent,
        signed_attrs=signed_attrs_der,
        message_digest=message_digest,
        digest_algorithm=str(si["digest_algorithm"]["algorithm"].native),
        signature_algorithm=str(sig_alg["algorithm"].native),
        signature_params=dict(params.native) if isinstance(params.native, dict) else {},
        signature=bytes(si["signature"].native),
        certificates=tuple(certs),
        signer_issuer_serial=issuer_serial,
        signer_key_id=key_id,
    )


def _signed_attributes(si: cms.SignerInfo) -> tuple[bytes | None, bytes | None]:
    """(DER of the signed attributes as signed, the messageDigest value)."""
    attrs = si["signed_attrs"]
    if attrs.native is None or len(attrs) == 0:
        return None, None
    message_digest: bytes | None = None
    for attr in attrs:
        if attr["type"].native == "message_digest":
            message_digest = bytes(attr["values"][0].native)
    return b"\x31" + attrs.dump()[1:], message_digest  # signed as SET OF, not [0] IMPLICIT
