"""DG1: the machine-readable zone, TD1 (3 lines of 30) as printed on the CCCD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.card.encoding.mrz import check_digit
from kiosk.card.encoding.tlv import read_tlv
from kiosk.card.errors import CorruptDataError

TD1_LENGTH = 90


@dataclass(frozen=True)
class Td1:
    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    date_of_birth: str  # YYMMDD as on the MRZ
    sex: str
    date_of_expiry: str
    nationality: str
    optional_data_2: str
    name: str  # primary and secondary identifiers, "<" replaced by spaces

    @property
    def id_number(self) -> str:
        """The 12-digit ID number the CCCD keeps in optional data 1 ("" when absent)."""
        digits = self.optional_data_1[:12]
        return digits if len(digits) == 12 and digits.isdigit() else ""


def _mrz_date(text: str, *, future: bool) -> date | None:
    """An MRZ YYMMDD date. Birth dates are in the past, expiry dates up to 50 years ahead."""
    try:
        yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:6])
        today = date.today()
        century = today.year // 100 * 100
        year = century + yy
        if (future and year > today.year + 50) or (not future and year > today.year):
            year -= 100
        return date(year, mm, dd)
    except ValueError:
        return None


def mrz_birth_date(text: str) -> date | None:
    return _mrz_date(text, future=False)


def mrz_expiry_date(text: str) -> date | None:
    return _mrz_date(text, future=True)


def _check(field: str, digit: str, what: str) -> None:
    try:
        ok = check_digit(field) == digit
    except ValueError:
        ok = False
    if not ok:
        raise CorruptDataError(f"DG1 {what} check digit wrong")


def parse_td1(mrz: str) -> Td1:
    """Parse and verify a TD1 MRZ (all four check digits)."""
    if len(mrz) != TD1_LENGTH:
        raise CorruptDataError(f"DG1 MRZ is {len(mrz)} characters, not 90")
    l1, l2, l3 = mrz[:30], mrz[30:60], mrz[60:]
    _check(l1[5:14], l1[14], "document number")
    _check(l2[0:6], l2[6], "birth date")
    _check(l2[8:14], l2[14], "expiry date")
    _check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29], "composite")
    return Td1(
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5],
        document_number=l1[5:14].rstrip("<"),
        optional_data_1=l1[15:30].rstrip("<"),
        date_of_birth=l2[0:6],
        sex=l2[7],
        date_of_expiry=l2[8:14],
        nationality=l2[15:18],
        optional_data_2=l2[18:29].rstrip("<"),
        name=" ".join(l3.replace("<<", "  ").replace("<", " ").split()),
    )


def parse_dg1(raw: bytes) -> Td1:
    """Parse DG1 (tag 61 / 5F1F); raises CorruptDataError for anything malformed."""
    outer = read_tlv(raw)
    if outer.tag != 0x61:
        raise CorruptDataError(f"DG1 tag {outer.tag:X}")
    mrz = outer.child(0x5F1F).value
    try:
        text = mrz.decode("ascii")
    except UnicodeDecodeError as exc:
        raise CorruptDataError("DG1 MRZ is not ASCII") from exc
    return parse_td1(text)


def compose_td1(
    document_number: str,
    *,
    optional_data_1: str,
    date_of_birth: str,
    sex: str,
    date_of_expiry: str,
    nationality: str,
    name: str,
    document_code: str = "ID",
    issuing_state: str = "VNM",
) -> str:
    """Build a TD1 MRZ with correct check digits (the virtual card and tests use it)."""
    doc = document_number.ljust(9, "<")[:9]
    l1 = (document_code.ljust(2, "<") + issuing_state + doc + check_digit(doc)
          + optional_data_1.ljust(15, "<")[:15])  # fmt: skip
    l2_head = date_of_birth + check_digit(date_of_birth) + sex
    l2_mid = date_of_expiry + check_digit(date_of_expiry) + nationality
    opt2 = "<" * 11
    composite = check_digit(l1[5:30] + l2_head[0:7] + l2_mid[0:7] + opt2)
    l2 = l2_head + l2_mid + opt2 + composite
    l3 = name.ljust(30, "<")[:30]
    return l1 + l2 + l3
