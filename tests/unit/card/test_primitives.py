"""TLV, APDU encoding, MRZ arithmetic and the secure-messaging round trip."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.card.crypto import bac_crypto
from kiosk.card.encoding.mrz import cccd_mrz_information, check_digit, document_number_from_id
from kiosk.card.encoding.tlv import encode_tlv, iter_tlv, read_tlv, total_length
from kiosk.card.errors import CorruptDataError
from kiosk.card.transport.apdu import Command, Response, read_binary, select_aid
from kiosk.card.transport.connection import atr_supports_extended_length


def test_tlv_round_trip_with_long_lengths_and_two_byte_tags() -> None:
    value = bytes(range(256)) * 2
    encoded = encode_tlv(0x5F1F, value)
    assert encoded[:5] == bytes.fromhex("5F1F820200")
    obj = read_tlv(encoded)
    assert (obj.tag, obj.value, obj.end, obj.start) == (0x5F1F, value, len(encoded), 0)
    assert total_length(encoded[:5]) == len(encoded)


def test_tlv_refuses_truncation_and_indefinite_length() -> None:
    with pytest.raises(CorruptDataError):
        read_tlv(bytes.fromhex("6105AABB"))
    with pytest.raises(CorruptDataError):
        read_tlv(bytes.fromhex("6180AABB0000"))
    with pytest.raises(CorruptDataError):
        total_length(bytes.fromhex("7782"))


def test_iter_tlv_skips_padding_between_objects() -> None:
    data = encode_tlv(0x02, b"\x01") + b"\x00\xff" + encode_tlv(0x04, b"ab")
    assert [(o.tag, o.value) for o in iter_tlv(data)] == [(0x02, b"\x01"), (0x04, b"ab")]


@pytest.mark.parametrize(
    ("cmd", "encoded"),
    [
        (select_aid(), "00A4040C07A0000002471001"),
        (read_binary(0x0104, 0xDF), "00B00104DF"),
        (Command(0, 0xB0, 0, 0, le=256), "00B0000000"),
        (Command(0, 0xB0, 0, 0, le=1000), "00B000000003E8"),
        (Command(0x0C, 0xB0, 0, 0, b"\x01" * 300, 65536), "0CB0000000012C" + "01" * 300 + "0000"),
    ],
)
def test_command_encoding_and_decoding(cmd: Command, encoded: str) -> None:
    raw = bytes.fromhex(encoded)
    assert cmd.encode() == raw
    assert Command.decode(raw) == cmd


def test_read_binary_offset_is_fifteen_bits() -> None:
    assert read_binary(0x7FFF, 1).encode() == bytes.fromhex("00B07FFF01")


def test_response_decoding() -> None:
    assert Response.decode(bytes.fromhex("AABB9000")) == Response(b"\xaa\xbb", 0x9000)
    with pytest.raises(CorruptDataError):
        Response.decode(b"\x90")


def test_cccd_mrz_key_uses_the_last_nine_digits_of_the_id() -> None:
    assert document_number_from_id("001089012345") == "089012345"
    info = cccd_mrz_information("001089012345", date(1989, 5, 14), date(2029, 5, 14))
    assert info == (
        "089012345" + check_digit("089012345") + "890514" + check_digit("890514")
        + "290514" + check_digit("290514")
    )  # fmt: skip
    assert check_digit("890514") == "5"  # 8*7+9*3+0*1+5*7+1*3+4*1 = 125


def test_padding_round_trip_and_bad_padding() -> None:
    assert bac_crypto.pad(b"") == bytes.fromhex("8000000000000000")
    assert bac_crypto.unpad(bac_crypto.pad(b"abc")) == b"abc"
    with pytest.raises(ValueError, match="padding"):
        bac_crypto.unpad(bytes(8))


def test_atr_extended_length_capability() -> None:
    # historical bytes 80 73 C8 21 40: card capabilities, third byte 0x40 = extended Lc/Le
    atr = bytes([0x3B, 0x86, 0x80, 0x01, 0x80, 0x73, 0xC8, 0x21, 0x40, 0x00])
    assert atr_supports_extended_length(atr)
    assert not atr_supports_extended_length(bytes.fromhex("3B8880014241524E4353534D8A"))
    assert not atr_supports_extended_length(atr[:2])
