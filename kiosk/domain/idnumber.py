"""The structure of the 12-digit personal ID number (số định danh cá nhân, CCCD).

Digits 1-3: province code of the place of birth registration (the 63 pre-2025 province codes;
the 34 provinces since July 2025 kept codes from that list); digit 4: century of birth and sex
(0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s); digits 5-6: the
last two digits of the year of birth; digits 7-12: a random number.
(Circular 07/2016/TT-BCA, amended by Circular 59/2021/TT-BCA.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: province codes of the 63 provinces before the July 2025 merger (all still appear on IDs)
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
    given. Codes: ``id.format``, ``id.province``, ``id.birth_year``, ``id.sex``.
    """
    parts = parse_id(text)
    if parts is None:
        return "id.format"
    if parts.province_code not in PROVINCE_CODES:
        return "id.province"
    if birth is not None and parts.year_of_birth != birth.year:
        return "id.birth_year"
    if sex and _norm_sex(sex) and _norm_sex(sex) != parts.sex:
        return "id.sex"
    return None


def _norm_sex(sex: str) -> str:
    s = sex.strip().lower()
    if s in {"nam", "male", "m"}:
        return MALE
    if s in {"nữ", "nu", "female", "f"}:
        return FEMALE
    return ""
