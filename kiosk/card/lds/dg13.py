"""DG13: the Vietnamese personal data (the card notes list the fields).

The file holds SEQUENCEs ``{ INTEGER n, value... }``, one per field. Fields are parsed by number;
strings are collected recursively (father/mother come either in one nested SEQUENCE or one
SEQUENCE each); unknown fields are kept raw; a field that does not parse is kept raw too and
never fails the read. Only a file that is not TLV at all is corrupt.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.card.encoding.tlv import Tlv, read_tlv
from kiosk.card.errors import CorruptDataError

log = logging.getLogger(__name__)

TAG_DG13 = 0x6D
_STRING_TAGS = {0x0C, 0x12, 0x13, 0x14, 0x16, 0x1A, 0x1C, 0x1E, 0x04}
_MAX_DEPTH = 8

ID_NUMBER = 1
FULL_NAME = 2
DATE_OF_BIRTH = 3
SEX = 4
NATIONALITY = 5
ETHNICITY = 6
RELIGION = 7
PLACE_OF_ORIGIN = 8
PLACE_OF_RESIDENCE = 9
IDENTIFYING_MARKS = 10
ISSUE_DATE = 11
EXPIRY_DATE = 12
PARENTS = 13
SPOUSE = 14
OLD_ID_NUMBER = 15
KNOWN_FIELDS = range(1, 16)


@dataclass(frozen=True)
class Dg13:
    """Field number -> the strings found in it; ``raw`` keeps every field's encoded values."""

    strings: dict[int, list[str]] = field(default_factory=dict)
    raw: dict[int, bytes] = field(default_factory=dict)

    def text(self, number: int) -> str:
        values = self.strings.get(number) or [""]
        return values[0]

    def date(self, number: int) -> date | None:
        return parse_card_date(self.text(number))

    @property
    def unknown(self) -> dict[int, bytes]:
        """Fields that are not in the table, plus known fields whose values did not parse."""
        out = {n: v for n, v in self.raw.items() if n not in KNOWN_FIELDS}
        for n in (DATE_OF_BIRTH, ISSUE_DATE):
            if n in self.strings and self.date(n) is None:
                out[n] = self.raw[n]
        return out


#: the years a card date may fall in to be taken as a date: the city stores no others
#: (#12); a "31/12/9999" expiry is kept as text, a year-1 birth date falls back to DG1
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_card_date(text: str) -> date | None:
    """``dd/mm/yyyy`` (also ``ddmmyyyy``) as the card writes dates; None when not a date or
    outside 1900-2100."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d%m%Y", "%d-%m-%Y"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
    return None


def _decode_string(obj: Tlv) -> str:
    """The text of a string object, without control characters (tabs and line breaks become
    spaces): a NUL or stray control byte from a card must never reach a dossier."""
    if obj.tag == 0x1E:  # BMPString; a lone surrogate decodes as U+FFFD
        text = obj.value.decode("utf-16-be", "replace")
    else:
        try:
            text = obj.value.decode("utf-8")
        except UnicodeDecodeError:
            text = obj.value.decode("latin-1")
    return "".join(
        (" " if ch in "\t\n\r" else "") if unicodedata.category(ch) == "Cc" else ch for ch in text
    )


def _collect_strings(objects: list[Tlv], depth: int = 0) -> list[str]:
    out: list[str] = []
    if depth > _MAX_DEPTH:
        return out
    for obj in objects:
        if obj.tag in _STRING_TAGS:
            out.append(_decode_string(obj).strip())
        elif obj.constructed:
            try:
                out.extend(_collect_strings(obj.children(), depth + 1))
            except CorruptDataError:
                continue
    return out


def _field_number(obj: Tlv) -> tuple[int, list[Tlv]] | None:
    """(n, values) when ``obj`` is a field SEQUENCE ``{ INTEGER n, values... }``."""
    if obj.tag != 0x30:
        return None
    try:
        children = obj.children()
    except CorruptDataError:
        return None
    if not children or children[0].tag != 0x02 or not 1 <= len(children[0].value) <= 2:
        return None
    if len(children) > 1 and children[1].tag == 0x06:  # the {version, OID, SET} header
        return None
    return int.from_bytes(children[0].value, "big"), children[1:]


def _walk(objects: list[Tlv], result: Dg13, depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    for obj in objects:
        found = _field_number(obj)
        if found is not None:
            number, values = found
            if number in result.raw:  # a repeated field: keep the first, log the oddity
                log.warning("DG13 field %d repeated; later copy ignored", number)
                continue
            result.raw[number] = b"".join(v_bytes(obj, v) for v in values)
            result.strings[number] = _collect_strings(values)
        elif obj.constructed:
            try:
                children = obj.children()
            except CorruptDataError:
                log.warning("DG13 has a malformed constructed object (tag %X)", obj.tag)
                continue
            _walk(children, result, depth + 1)


def v_bytes(parent: Tlv, value: Tlv) -> bytes:
    """The encoded bytes of ``value`` as it sits inside ``parent``."""
    return parent.value[value.start : value.end]


def parse_dg13(raw: bytes) -> Dg13:
    """Parse DG13; only a file that is not a DG13 TLV at all raises CorruptDataError."""
    outer = read_tlv(raw)
    if outer.tag != TAG_DG13:
        raise CorruptDataError(f"DG13 tag {outer.tag:X}")
    result = Dg13()
    _walk(outer.children(), result, 0)
    return result
