"""VietQR payload: CRC check value, TLV structure, round trip, refusal of bad input."""

from __future__ import annotations

import binascii

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.vietqr import (
    VietQRError,
    ascii_purpose,
    build_payload,
    crc16_ccitt_false,
    crc_valid,
    parse_payload,
    parse_tlv,
)


def test_crc_standard_check_value() -> None:
    assert f"{crc16_ccitt_false(b'123456789'):04X}" == "29B1"


@given(st.binary(max_size=300))
def test_crc_matches_stdlib_crc_hqx(data: bytes) -> None:
    # binascii.crc_hqx is poly 0x1021, unreflected, with the init value given: an independent
    # implementation of CRC-16/CCITT-FALSE when started from 0xFFFF.
    assert crc16_ccitt_false(data) == binascii.crc_hqx(data, 0xFFFF)


def test_payload_layout_exact() -> None:
    payload = build_payload(
        "970415", "113366668888", 20000, "Le phi ho so", bill_number="000.00.01.H26-260930-0012"
    )
    body = (
        "000201"
        "010212"
        "3856"
        "0010A000000727"
        "0126"
        "0006970415"
        "0112113366668888"
        "0208QRIBFTTA"
        "5303704"
        "540520000"
        "5802VN"
        "6245"
        "0125000.00.01.H26-260930-0012"
        "0812Le phi ho so"
        "6304"
    )
    assert payload[:-4] == body
    assert payload[-4:] == f"{binascii.crc_hqx(body.encode(), 0xFFFF):04X}"
    assert crc_valid(payload)


def test_static_payload_without_amount() -> None:
    payload = build_payload("970436", "0011001234567", None, "")
    root = parse_tlv(payload)
    assert root["01"] == "11"
    assert "54" not in root
    assert "62" not in root
    assert parse_payload(payload).amount is None


def test_corrupted_payload_fails_crc() -> None:
    payload = build_payload("970415", "113366668888", 20000, "phi ho so")
    tampered = payload.replace("20000", "10000")
    assert not crc_valid(tampered)
    with pytest.raises(VietQRError, match="CRC"):
        parse_payload(tampered)


def test_purpose_is_folded_to_ascii() -> None:
    assert ascii_purpose("Lệ phí đăng ký thường trú – Đống Đa!", limit=99) == (
        "Le phi dang ky thuong tru Dong Da"
    )
    # EMVCo: a sub-field of 62 holds at most 25 characters
    assert ascii_purpose("Lệ phí đăng ký thường trú – Đống Đa!") == "Le phi dang ky thuong tru"
    payload = build_payload("970415", "113366668888", 15000, "Lệ phí tạm trú")
    assert payload.isascii()
    assert parse_payload(payload).purpose == "Le phi tam tru"


@pytest.mark.parametrize(
    ("bank_bin", "account", "amount"),
    [
        ("97041", "123", 1000),  # BIN too short
        ("97041a", "123", 1000),
        ("970415", "", 1000),
        ("970415", "12 34", 1000),
        ("970415", "1" * 20, 1000),
        ("970415", "123", 0),
        ("970415", "123", -5),
    ],
)
def test_bad_inputs_refused(bank_bin: str, account: str, amount: int) -> None:
    with pytest.raises(VietQRError):
        build_payload(bank_bin, account, amount, "x")


@given(
    bank_bin=st.from_regex(r"\A[0-9]{6}\Z"),
    account=st.from_regex(r"\A[0-9A-Za-z]{1,19}\Z"),
    amount=st.one_of(st.none(), st.integers(min_value=1, max_value=10**12)),
    purpose=st.text(max_size=80),
)
def test_round_trip(bank_bin: str, account: str, amount: int | None, purpose: str) -> None:
    payload = build_payload(bank_bin, account, amount, purpose)
    parsed = parse_payload(payload)
    assert parsed.bank_bin == bank_bin
    assert parsed.account == account
    assert parsed.amount == amount
    assert parsed.dynamic is (amount is not None)
    assert parsed.purpose == ascii_purpose(purpose)
    assert crc_valid(payload)


def test_every_subfield_of_62_is_at_most_25_characters() -> None:
    # the purpose the kiosk used to send was 28 characters
    payload = build_payload(
        "970415",
        "113366668888",
        20000,
        "HS 000.00.01.H26-261123-0001",
        bill_number="000.00.01.H26-261123-0001",
        reference="REF-1",
    )
    parsed = parse_payload(payload)
    assert parsed.bill_number == "000.00.01.H26-261123-0001"
    assert parsed.reference == "REF-1"
    assert parsed.purpose == "HS 000.00.01.H26-261123-0"
    assert set(parsed.additional) == {"01", "05", "08"}
    assert all(len(v) <= 25 for v in parsed.additional.values())


@pytest.mark.parametrize("field", ["bill_number", "reference"])
def test_a_code_is_never_cut(field: str) -> None:
    with pytest.raises(VietQRError, match="at most 25"):
        build_payload("970415", "123", 1000, "x", **{field: "X" * 26})
    with pytest.raises(VietQRError):
        build_payload("970415", "123", 1000, "x", **{field: "Mã hồ sơ"})
