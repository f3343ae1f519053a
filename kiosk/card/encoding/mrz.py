"""Machine-readable-zone arithmetic (ICAO 9303-3): check digits and the BAC key seed text."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 3, 1)


def _char_value(ch: str) -> int:
    if ch.isdigit():
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError("character not allowed in an MRZ field")


def check_digit(field: str) -> str:
    """The 7-3-1 check digit of an MRZ field ("<" counts as 0)."""
    total = sum(_char_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(field))
    return str(total % 10)


def yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


def document_number_from_id(id_number: str) -> str:
    """The CCCD rule: the MRZ document number is the last 9 digits of the 12-digit ID."""
    return id_number[-9:]


def mrz_information(document_number: str, date_of_birth: str, expiry: str) -> str:
    """Document number, birth date and expiry (YYMMDD), each followed by its check digit.

    A document number shorter than 9 characters is padded with "<" as on the MRZ.
    """
    doc = document_number.ljust(9, "<")
    return (
        f"{doc}{check_digit(doc)}"
        f"{date_of_birth}{check_digit(date_of_birth)}"
        f"{expiry}{check_digit(expiry)}"
    )


def cccd_mrz_information(id_number: str, date_of_birth: date, expiry: date) -> str:
    """The BAC key text for a CCCD given the 12-digit ID number and the two dates."""
    return mrz_information(
        document_number_from_id(id_number), yymmdd(date_of_birth), yymmdd(expiry)
    )
