"""Card strings reach the dossier without control characters, card dates only within
1900-2100, names never blank (#12: one NUL from a card made the city's PostgreSQL refuse a
whole batch of other kiosks' dossiers; a year-1 date or a blank name is refused by the city)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kiosk.card.encoding.tlv import encode_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.identity import identity_from
from kiosk.card.lds.dg1 import parse_dg1
from kiosk.card.lds.dg13 import parse_card_date, parse_dg13
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.simulators.virtual_card.file_tree import build_dg1, build_dg13


def dg13_with(tag: int, raw: bytes) -> bytes:
    field = encode_tlv(0x30, encode_tlv(0x02, b"\x02") + encode_tlv(tag, raw))
    return encode_tlv(0x6D, field)


@pytest.mark.parametrize(
    ("tag", "raw", "expected"),
    [
        (0x0C, "Nguyễn\x00Văn\tAn\x1b".encode(), "NguyễnVăn An"),
        (0x0C, "Trần\r\nThị\x7f\x85Bình".encode(), "Trần  ThịBình"),
        (0x1E, "Lê\x00Văn".encode("utf-16-be") + b"\xd8\x00", "LêVăn\ufffd"),
        (0x13, b"Pham\x00\x07Van\x9f", "PhamVan"),  # not UTF-8: read as Latin-1
    ],
)
def test_control_characters_are_removed_and_line_breaks_become_spaces(
    tag: int, raw: bytes, expected: str
) -> None:
    text = parse_dg13(dg13_with(tag, raw)).text(2)
    assert text == expected
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text)
    text.encode("utf-8")  # and it can be sent: no unpaired surrogate


def test_ordinary_vietnamese_text_is_untouched() -> None:
    name = "Nguyễn Thị Ánh Tuyết"
    assert parse_dg13(dg13_with(0x0C, name.encode())).text(2) == name


def replaced(raw: bytes, number: int, old: bytes, new: bytes) -> bytes:
    """``raw`` with field ``number``'s string ``old`` swapped for ``new`` (same length, so the
    outer lengths still hold)."""
    assert len(old) == len(new)
    before, after = (
        encode_tlv(0x30, encode_tlv(0x02, bytes([number])) + encode_tlv(0x13, text))
        for text in (old, new)
    )
    assert before in raw
    return raw.replace(before, after)


@pytest.mark.parametrize("odd", [b"01/01/0001", b"14/05/2189", b"31/12/1899"])
def test_card_dates_the_city_cannot_store_are_no_dates(odd: bytes) -> None:
    # a year-1 birth date from a card made the city refuse the dossier (#12): the kiosk takes
    # DG1's instead, and keeps the card's bytes with the unknown fields
    raw = replaced(build_dg13(SAMPLE_CITIZEN), 3, b"14/05/1989", odd)
    dg13 = parse_dg13(raw)
    assert dg13.date(3) is None
    assert dg13.unknown[3] == encode_tlv(0x13, odd)
    identity = identity_from(dg13, parse_dg1(build_dg1(SAMPLE_CITIZEN, date(2029, 5, 14))))
    assert identity.date_of_birth == SAMPLE_CITIZEN.date_of_birth


def test_an_expiry_past_2100_stays_text() -> None:
    citizen = dataclasses.replace(SAMPLE_CITIZEN, expiry_date=None, expiry_text="31/12/9999")
    identity = identity_from(parse_dg13(build_dg13(citizen)), None)
    assert (identity.expiry_date, identity.expiry_text) == (None, "31/12/9999")


def test_the_edges_are_dates() -> None:
    assert parse_card_date("01/01/1900") == date(1900, 1, 1)
    assert parse_card_date("31122100") == date(2100, 12, 31)


@pytest.mark.parametrize("blank", ["   ", "\x00\x01 \x1f"])
def test_a_blank_card_name_is_no_name(blank: str) -> None:
    # spaces, or control characters (removed; strings are stripped): DG1's name is taken
    dg13 = parse_dg13(build_dg13(dataclasses.replace(SAMPLE_CITIZEN, full_name=blank)))
    identity = identity_from(dg13, parse_dg1(build_dg1(SAMPLE_CITIZEN, date(2029, 5, 14))))
    assert identity.full_name == "NGUYEN VAN AN"
    with pytest.raises(CorruptDataError):
        identity_from(dg13, None)
