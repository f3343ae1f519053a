"""Card strings reach the dossier without control characters (#12: one NUL from a card made
the city's PostgreSQL refuse a whole batch of other kiosks' dossiers)."""

from __future__ import annotations

import pytest

from kiosk.card.dg13 import parse_dg13
from kiosk.card.tlv import encode_tlv


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
