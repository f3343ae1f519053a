"""Builds the LDS files of a virtual CCCD for a citizen: EF.COM, DG1, DG2, DG13, EF.SOD."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Mapping

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.card.encoding.mrz import check_digit, document_number_from_id, yymmdd
from kiosk.card.encoding.tlv import encode_tlv
from kiosk.card.lds.dg1 import compose_td1
from kiosk.card.lds.files import Fid
from kiosk.card.lds.sod import OID_LDS_SECURITY_OBJECT, DataGroupHash, LdsSecurityObject
from kiosk.domain.citizen import CitizenIdentity
from kiosk.simulators.virtual_card.chip_keys import (
    ChipKeys,
    build_card_access,
    build_dg14,
    build_dg15,
)
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.pki import CardPki

DG13_OID = bytes.fromhex("060628D316010008")


def ascii_name(name: str) -> str:
    """The MRZ form of a Vietnamese name: no diacritics, upper case, "<" between words."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").upper()
    words = plain.split()
    if not words:
        return ""
    return words[0] + "<<" + "<".join(words[1:])


def build_dg1(c: CitizenIdentity, expiry: dt.date) -> bytes:
    optional = c.id_number + "<<" + check_digit(c.id_number)
    mrz = compose_td1(
        document_number_from_id(c.id_number),
        optional_data_1=optional,
        date_of_birth=yymmdd(c.date_of_birth),
        sex="F" if c.sex.casefold() == "nữ" else "M",
        date_of_expiry=yymmdd(expiry),
        nationality="VNM",
        name=ascii_name(c.full_name),
    )
    return encode_tlv(0x61, encode_tlv(0x5F1F, mrz.encode("ascii")))


def _field(number: int, *values: bytes) -> bytes:
    return encode_tlv(0x30, encode_tlv(0x02, bytes([number])) + b"".join(values))


def _utf8(text: str) -> bytes:
    return encode_tlv(0x0C, text.encode("utf-8"))


def _printable(text: str) -> bytes:
    return encode_tlv(0x13, text.encode("ascii"))


def build_dg13(
    c: CitizenIdentity, *, parents_layout: str = "nested", extra: Mapping[int, bytes] | None = None
) -> bytes:
    """DG13 as the card notes describe; ``parents_layout`` "nested" or "separate"."""
    fmt = "%d/%m/%Y"
    fields = [
        _field(1, _printable(c.id_number)),
        _field(2, _utf8(c.full_name)),
        _field(3, _printable(c.date_of_birth.strftime(fmt))),
        _field(4, _utf8(c.sex)),
        _field(5, _utf8(c.nationality)),
        _field(6, _utf8(c.ethnicity)),
        _field(7, _utf8(c.religion)),
        _field(8, _utf8(c.place_of_origin)),
        _field(9, _utf8(c.place_of_residence)),
        _field(10, _utf8(c.identifying_marks)),
    ]
    if c.issue_date:
        fields.append(_field(11, _printable(c.issue_date.strftime(fmt))))
    expiry = c.expiry_date.strftime(fmt) if c.expiry_date else (c.expiry_text or "Không thời hạn")
    fields.append(_field(12, _utf8(expiry)))
    if parents_layout == "nested":
        fields.append(_field(13, encode_tlv(0x30, _utf8(c.father_name) + _utf8(c.mother_name))))
    else:
        fields.append(
            _field(13, encode_tlv(0x30, _utf8(c.father_name)),
                   encode_tlv(0x30, _utf8(c.mother_name)))
        )  # fmt: skip
    spouse = encode_tlv(0x30, _utf8(c.spouse_name) if c.spouse_name else b"")
    fields.append(_field(14, spouse))
    if c.old_id_number:
        fields.append(_field(15, _printable(c.old_id_number)))
    fields.append(_field(16, _printable("A1B2C3D4E5F60718")))
    fields.extend(_field(n, v) for n, v in (extra or {}).items())
    body = encode_tlv(0x02, b"\x01") + DG13_OID + encode_tlv(0x31, b"".join(fields))
    return encode_tlv(0x6D, encode_tlv(0x30, body))


def build_dg2(jpeg: bytes, width: int = 120, height: int = 160) -> bytes:
    """DG2 with one ISO/IEC 19794-5 facial record holding ``jpeg``."""
    image_info = bytes([1, 0]) + width.to_bytes(2, "big") + height.to_bytes(2, "big") \
        + bytes([1, 2]) + bytes(2) + bytes(2)  # fmt: skip
    face_header = bytes(2) + bytes([1, 0, 0]) + bytes(3) + bytes(2) + bytes(3) + bytes(3)
    block_len = 4 + len(face_header) + len(image_info) + len(jpeg)
    facial = block_len.to_bytes(4, "big") + face_header + image_info + jpeg
    record = b"FAC\x00" + b"010\x00" + (14 + len(facial)).to_bytes(4, "big") + b"\x00\x01"
    record += facial
    bhi = encode_tlv(0x80, b"\x01\x01") + encode_tlv(0x87, b"\x01\x01") \
        + encode_tlv(0x88, b"\x00\x08")  # fmt: skip
    bit = encode_tlv(0x7F60, encode_tlv(0xA1, bhi) + encode_tlv(0x5F2E, record))
    return encode_tlv(0x75, encode_tlv(0x7F61, encode_tlv(0x02, b"\x01") + bit))


def build_com(groups: list[int]) -> bytes:
    tags = {1: 0x61, 2: 0x75, 3: 0x63, 13: 0x6D, 14: 0x6E, 15: 0x6F}
    tag_list = bytes(tags[g] for g in groups)
    return encode_tlv(
        0x60,
        encode_tlv(0x5F01, b"0107") + encode_tlv(0x5F36, b"040000") + encode_tlv(0x5C, tag_list),
    )


def build_sod(data_groups: Mapping[int, bytes], pki: CardPki) -> bytes:
    """EF.SOD: SHA-256 hashes of ``data_groups`` signed by the DSC (ECDSA with SHA-256)."""
    lso = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "data_group_hash_values": [
                DataGroupHash(
                    {"data_group_number": n, "data_group_hash_value": hashlib.sha256(v).digest()}
                )
                for n, v in sorted(data_groups.items())
            ],
        }
    )
    econtent = lso.dump()
    signed_attrs = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": [OID_LDS_SECURITY_OBJECT]}),
            cms.CMSAttribute(
                {"type": "message_digest", "values": [hashlib.sha256(econtent).digest()]}
            ),
        ]
    )
    signature = pki.dsc_key.sign(signed_attrs.dump(), ec.ECDSA(hashes.SHA256()))
    dsc = asn1_x509.Certificate.load(pki.dsc.public_bytes(serialization.Encoding.DER))
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                        {"issuer": dsc.issuer, "serial_number": dsc.serial_number}
                    )
                }
            ),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "signature": signature,
        }
    )
    sd = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {
                "content_type": OID_LDS_SECURITY_OBJECT,
                "content": core.ParsableOctetString(econtent),
            },
            "certificates": [dsc],
            "signer_infos": [signer],
        }
    )
    info = cms.ContentInfo({"content_type": "signed_data", "content": sd})
    return encode_tlv(0x77, info.dump())


def build_files(
    citizen: CitizenIdentity,
    face_jpeg: bytes,
    pki: CardPki,
    *,
    mrz_expiry: dt.date | None = None,
    parents_layout: str = "nested",
    features: CardFeatures | None = None,
    keys: ChipKeys | None = None,
) -> dict[int, bytes]:
    """Every file of the card by FID. ``mrz_expiry`` defaults to the citizen's expiry date.

    ``keys`` are the chip keys DG14/DG15 publish (the card must hold them to pass CA/AA).
    """
    features = features or CardFeatures()
    expiry = mrz_expiry or citizen.expiry_date
    if expiry is None:
        raise ValueError("the virtual card needs an MRZ expiry date")
    dgs = {1: build_dg1(citizen, expiry), 13: build_dg13(citizen, parents_layout=parents_layout)}
    if features.photo:
        dgs[2] = build_dg2(face_jpeg)
    if features.chip_auth != "none":
        keys = keys or ChipKeys.generate(features)  # files alone (parser tests): any keys
        if features.chip_auth == "ca":
            dgs[14] = build_dg14(keys)
        dgs[15] = build_dg15(keys)
    listed = sorted({*dgs, 3})  # DG3 (fingerprints) is listed but needs terminal authentication
    files: dict[int, bytes] = {Fid.COM: build_com(listed), Fid.SOD: build_sod(dgs, pki)}
    files.update({0x0100 + n: v for n, v in dgs.items()})
    if features.pace:
        files[Fid.CARD_ACCESS] = build_card_access(features)
    return {int(k): v for k, v in files.items()}
