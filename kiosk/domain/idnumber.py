"""The structure of the 12-digit personal ID number (số định danh cá nhân, CCCD).

Digits 1-3: a code of the place of birth registration; digit 4: century of birth and sex
(0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s); digits 5-6: the
last two digits of the year of birth; digits 7-12: a random number.

The rule that digits 1-3 are one of the 63 old province codes came from Circular 59/2021/TT-BCA,
which expired on 1/7/2024 (Law on Identification 2023); numbers issued since may use other
codes. So an unknown prefix never makes a number invalid: :func:`id_warning` reports it for the
staff at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: codes of the 63 provinces before the July 2025 merger (most IDs start with one; not a rule)
PROVINCE_CODES = frozenset(
    {
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35,
        36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70,
        72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    }
)  # fmt: skip

MALE, FEMALE = "Nam", "Nữ"


@dataclass(frozen=True)
class IdParts:
    province_code: int
    century_start: int  # 1900, 2000, ...
    sex: str  # "Nam" or "Nữ"
    year_of_birth: int  # full year


def parse_id(text: str) -> IdParts | None:
    """The fields encoded in an ID number, or None when it is not 12 digits."""
    if len(text) != 12 or not text.isascii() or not text.isdigit():
        return None
    digit = int(text[3])
    century = 1900 + 100 * (digit // 2)
    return IdParts(
        province_code=int(text[:3]),
        century_start=century,
        sex=MALE if digit % 2 == 0 else FEMALE,
        year_of_birth=century + int(text[4:6]),
    )


def id_problem(text: str, *, birth: date | None = None, sex: str = "") -> str | None:
    """Why ``text`` is not a plausible ID number (a message code), or None.

    ``birth`` and ``sex`` (``"Nam"``/``"Nữ"``, any case) are checked against the digits when
    given. Codes: ``id.format``, ``id.birth_year``, ``id.sex``. The prefix is not checked
    (see :func:`id_warning`).
    """
    parts = parse_id(text)
    if parts is None:
        return "id.format"
    if birth is not None and parts.year_of_birth != birth.year:
        return "id.birth_year"
    if sex and _norm_sex(sex) and _norm_sex(sex) != parts.sex:
        return "id.sex"
    return None


def id_warning(text: str) -> str | None:
    """Something for the staff to look at, never a refusal: ``id.province_unknown`` when the
    first three digits are not one of the old province codes."""
    parts = parse_id(text)
    if parts is not None and parts.province_code not in PROVINCE_CODES:
        return "id.province_unknown"
    return None


def _norm_sex(sex: str) -> str:
    s = sex.strip().lower()
    if s in {"nam", "male", "m"}:
        return MALE
    if s in {"nữ", "nu", "female", "f"}:
        return FEMALE
    return ""
