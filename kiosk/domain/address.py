"""Provinces and communes (two-tier administrative units since 1 July 2025).

Data come from the ``vietnam-provinces`` package. The installed version (2025.10.1, data of
2025-10-18) already lists the post-reform units: 34 provinces/centrally-run cities and 3,321
communes, wards and special zones, with no district level (Hanoi: 126 units). Codes are the
national statistics codes. Addresses read from older ID cards still name districts: such an
address is kept as the text read (see :mod:`kiosk.domain.form`), never converted by guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kiosk.domain.search import fold

HANOI = 1

__all__ = ["HANOI", "Unit", "data_package_version"]


@dataclass(frozen=True)
class Unit:
    """A province or a commune-level unit."""

    code: int
    name: str
    kind: str  # "tỉnh", "thành phố trung ương", "phường", "xã", "đặc khu"
    province_code: int  # the unit itself for a province

    @property
    def short_name(self) -> str:
        """The name without its type prefix: "Phường Hoàn Kiếm" -> "Hoàn Kiếm"."""
        for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


# the data package takes ~0.1 s to import: it is loaded on the first look-up, not at start-up


def data_package_version() -> str:
    from vietnam_provinces import __version__

    return str(__version__)


@lru_cache(maxsize=1)
def _provinces() -> dict[int, Unit]:
    from vietnam_provinces import Province

    out = {}
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        out[int(p.code)] = Unit(int(p.code), p.name, p.division_type.value, int(p.code))
    return out


@lru_cache(maxsize=1)
def _communes() -> dict[int, Unit]:
    from vietnam_provinces import Ward

    return {
        int(w.code): Unit(int(w.code), w.name, w.division_type.value, int(w.province_code))
        for w in Ward.iter_all()
    }


@lru_cache(maxsize=64)
def _communes_of(province_code: int) -> tuple[Unit, ...]:
    units = [u for u in _communes().values() if u.province_code == province_code]
    return tuple(sorted(units, key=lambda u: fold(u.short_name)))


def provinces() -> list[Unit]:
    """All provinces, Hanoi first, then alphabetically (accent-insensitive)."""
    units = list(_provinces().values())
    return sorted(units, key=lambda u: (u.code != HANOI, fold(u.short_name)))


def communes(province_code: int) -> list[Unit]:
    """The communes, wards and special zones of a province, alphabetically."""
    return list(_communes_of(province_code))


def province(code: int) -> Unit | None:
    return _provinces().get(code)


def commune(code: int) -> Unit | None:
    return _communes().get(code)


def find_communes(province_code: int, query: str) -> list[Unit]:
    """Communes of a province whose name contains ``query`` (diacritics optional)."""
    q = fold(query).strip()
    return [u for u in communes(province_code) if q in fold(u.name)]


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def address_problem(value: Any) -> str | None:
    """Why an address answer is unusable (a message code), or None."""
    if isinstance(value, str):
        return None if value.strip() else "required"
    if not isinstance(value, Mapping):
        return "address.invalid"
    pcode = _as_int(value.get("province_code"))
    if pcode is None or province(pcode) is None:
        return "address.province"
    ccode = _as_int(value.get("commune_code"))
    unit = commune(ccode) if ccode is not None else None
    if unit is None or unit.province_code != pcode:
        return "address.commune"
    street = value.get("street", "")
    if not isinstance(street, str) or not street.strip():
        return "address.street"
    if len(street) > 200:
        return "too_long"
    return None


#: unit kind -> the English word written after the name ("Hoàn Kiếm Ward")
_KIND_EN = {
    "phường": "Ward",
    "xã": "Commune",
    "đặc khu": "Special Zone",
    "tỉnh": "Province",
    "thành phố trung ương": "City",
}


def unit_name(unit: Unit, lang: str = "vi") -> str:
    """ "Phường Hoàn Kiếm" in Vietnamese, "Hoàn Kiếm Ward" in English (names keep their marks)."""
    kind = _KIND_EN.get(unit.kind)
    return f"{unit.short_name} {kind}" if lang == "en" and kind else unit.name


def format_address(value: Any, lang: str = "vi") -> str:
    """An address answer as one line of text: "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà
    Nội" (in English "12 Hàng Bạc, Hoàn Kiếm Ward, Hà Nội City"). A text address (as read
    from the card) is returned as it is; anything else gives ""."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, Mapping):
        return ""
    parts = [str(value.get("street", "")).strip()]
    ccode = _as_int(value.get("commune_code"))
    pcode = _as_int(value.get("province_code"))
    c = commune(ccode) if ccode is not None else None
    p = province(pcode) if pcode is not None else None
    parts += [unit_name(c, lang) if c else "", unit_name(p, lang) if p else ""]
    return ", ".join(x for x in parts if x)
