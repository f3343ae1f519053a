"""EF.COM, DG1, DG13, DG2 and EF.SOD parsers on the sample card and on odd variants."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kiosk.card.encoding.tlv import encode_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.identity import identity_from
from kiosk.card.lds.dg1 import compose_td1, parse_dg1, parse_td1
from kiosk.card.lds.dg2 import parse_dg2
from kiosk.card.lds.dg13 import parse_dg13
from kiosk.card.lds.files import Fid
from kiosk.card.lds.sod import parse_sod
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.file_tree import DG13_OID, build_dg1, build_dg2, build_dg13


def test_dg1_of_the_sample_card(sample_files: dict[int, bytes]) -> None:
    td1 = parse_dg1(sample_files[Fid.DG1])
    assert td1.document_code == "ID"
    assert td1.issuing_state == "VNM"
    assert td1.document_number == "089012345"
    assert td1.id_number == "001089012345"
    assert (td1.date_of_birth, td1.date_of_expiry, td1.sex) == ("890514", "290514", "M")
    assert td1.name == "NGUYEN VAN AN"


def test_dg1_check_digits_are_verified() -> None:
    mrz = compose_td1(
        "089012345", optional_data_1="001089012345", date_of_birth="890514", sex="M",
        date_of_expiry="290514", nationality="VNM", name="NGUYEN<<VAN<AN",
    )  # fmt: skip
    assert parse_td1(mrz).document_number == "089012345"
    for pos in (14, 36, 44, 59):  # document number, birth, expiry, composite check digits
        broken = mrz[:pos] + str((int(mrz[pos]) + 1) % 10) + mrz[pos + 1 :]
        with pytest.raises(CorruptDataError, match="check digit"):
            parse_td1(broken)
    with pytest.raises(CorruptDataError):
        parse_td1(mrz[:89])


def test_dg13_every_field_of_the_sample_card(sample_files: dict[int, bytes]) -> None:
    identity = identity_from(parse_dg13(sample_files[Fid.DG13]), None)
    assert identity == SAMPLE_CITIZEN
    assert identity.identifying_marks == SAMPLE_CITIZEN.identifying_marks
    assert identity.extra == {16: encode_tlv(0x13, b"A1B2C3D4E5F60718")}


def test_dg13_parents_in_separate_sequences() -> None:
    dg13 = parse_dg13(build_dg13(SAMPLE_CITIZEN, parents_layout="separate"))
    assert dg13.strings[13] == ["Nguyễn Văn Bình", "Trần Thị Cúc"]


def test_dg13_spouse_and_no_expiry_text() -> None:
    citizen = dataclasses.replace(
        SAMPLE_CITIZEN, spouse_name="Lê Thị Dung", expiry_date=None, expiry_text="Không thời hạn"
    )
    identity = identity_from(parse_dg13(build_dg13(citizen)), None)
    assert identity.spouse_name == "Lê Thị Dung"
    assert identity.expiry_date is None
    assert identity.expiry_text == "Không thời hạn"


def test_dg13_unknown_and_odd_fields_are_kept_raw_and_never_fail() -> None:
    odd_date = encode_tlv(0x30, encode_tlv(0x02, b"\x03") + encode_tlv(0x13, b"99/99/1989"))
    unknown = encode_tlv(0x04, b"\x01\x02")
    raw = build_dg13(SAMPLE_CITIZEN, extra={21: unknown})
    # replace the date of birth field by an odd one
    good_dob = encode_tlv(0x30, encode_tlv(0x02, b"\x03") + encode_tlv(0x13, b"14/05/1989"))
    raw = raw.replace(good_dob, odd_date)
    dg13 = parse_dg13(raw)  # same-length replacement: the outer lengths still hold
    assert dg13.raw[21] == unknown
    assert dg13.unknown[3] == encode_tlv(0x13, b"99/99/1989")
    assert dg13.date(3) is None
    # the birth date then comes from DG1
    identity = identity_from(dg13, parse_dg1(build_dg1(SAMPLE_CITIZEN, date(2029, 5, 14))))
    assert identity.date_of_birth == SAMPLE_CITIZEN.date_of_birth


@pytest.mark.expect_log(
    "WARNING", "kiosk.card.lds.dg13", r"DG13 has a malformed constructed object"
)
def test_dg13_with_a_malformed_field_still_gives_the_others() -> None:
    fields = (
        encode_tlv(0x30, encode_tlv(0x02, b"\x01") + encode_tlv(0x13, b"001089012345"))
        + encode_tlv(0x30, encode_tlv(0x02, b"\x02") + bytes.fromhex("0C05414243"))  # truncated
        + encode_tlv(0x30, encode_tlv(0x02, b"\x04") + encode_tlv(0x0C, "Nữ".encode()))
    )
    body = encode_tlv(0x02, b"\x01") + DG13_OID + encode_tlv(0x31, fields)
    dg13 = parse_dg13(encode_tlv(0x6D, encode_tlv(0x30, body)))
    assert dg13.text(1) == "001089012345"
    assert dg13.text(4) == "Nữ"
    assert dg13.text(2) == ""


def test_dg13_wrong_outer_tag_is_corrupt() -> None:
    with pytest.raises(CorruptDataError):
        parse_dg13(encode_tlv(0x6E, b""))


def test_dg2_gives_the_jpeg_back() -> None:
    face = parse_dg2(build_dg2(SAMPLE_FACE_JPEG))
    assert face.format == "jpeg"
    assert face.data == SAMPLE_FACE_JPEG


def test_dg2_with_jpeg2000() -> None:
    jp2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n" + b"\x00" * 40
    face = parse_dg2(build_dg2(jp2))
    assert (face.format, face.data) == ("jp2", jp2)


def test_dg2_without_an_image_is_corrupt() -> None:
    with pytest.raises(CorruptDataError):
        parse_dg2(build_dg2(b"GIF89a" + bytes(30)))


def test_sod_of_the_sample_card(sample_files: dict[int, bytes]) -> None:
    sod = parse_sod(sample_files[Fid.SOD])
    assert sod.hash_algorithm == "sha256"
    assert set(sod.dg_hashes) == {1, 2, 13, 14, 15}
    assert sod.digest_algorithm == "sha256"
    assert sod.signature_algorithm == "sha256_ecdsa"
    assert len(sod.certificates) == 1
    assert sod.signed_attrs is not None
    assert sod.signed_attrs[0] == 0x31


def test_sod_garbage_is_corrupt() -> None:
    with pytest.raises(CorruptDataError):
        parse_sod(encode_tlv(0x77, b"\x30\x03\x02\x01\x01"))
    with pytest.raises(CorruptDataError):
        parse_sod(encode_tlv(0x60, b""))
