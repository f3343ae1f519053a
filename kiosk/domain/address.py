"""Provinces and communes (two-tier administrative units since 1 July 2025).

Data come from the ``vietnam-provinces`` package, 2026.1.0 or later: the *official* list of
34 provinces/centrally-run cities and 3,321 communes, wards and special zones, with no district
level (Hanoi: 126 units). Its 2025.x releases were built from the draft list and number 28 of
Hanoi's units differently (226 was Kim Liên there and is Văn Miếu - Quốc Tử Giám now), so every
stored ward code goes with :func:`units_version`. Codes are the national statistics codes.

Addresses read from older ID cards still name districts ("Phường Phúc Xá, Quận Ba Đình"): such
an address is kept as the text read, and :func:`read_residence` maps it to today's ward with
the package's legacy look-up; where an old ward was split, the resident chooses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.domain.search import fold
from kiosk.lang import Lang

HANOI = 1

__all__ = ["HANOI", "ResidenceReading", "Unit", "data_package_version", "units_version"]


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


def units_version() -> str:
    """What a stored ward code means: ``"vietnam-provinces 2026.9.0 (2026-09-20)"``."""
    import vietnam_provinces

    data = getattr(vietnam_provinces, "__data_version__", "unknown")
    return f"vietnam-provinces {vietnam_provinces.__version__} ({data})"


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


def unit_name(unit: Unit, lang: Lang = "vi") -> str:
    """ "Phường Hoàn Kiếm" in Vietnamese, "Hoàn Kiếm Ward" in English (names keep their marks)."""
    kind = _KIND_EN.get(unit.kind)
    return f"{unit.short_name} {kind}" if lang == "en" and kind else unit.name


def format_address(value: Any, lang: Lang = "vi") -> str:
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


def ward_name_problem(code: str, name: str) -> str | None:
    """Why a configured ward (``kiosk.ward_code`` + ``kiosk.ward_name``) does not fit the
    current unit list, in English for a technician; None when the code names that ward."""
    unit = commune(_as_int(code) or -1)
    if unit is None:
        return f"ward code {code!r} is not in {units_version()}"
    if fold(unit.name) != fold(name.strip()):
        return f"ward code {code} is {unit.name!r} in {units_version()}, not {name!r}"
    return None


# ------------------------------------------------------------ card addresses
_PROVINCE_PREFIXES = ("thanh pho ", "tp. ", "tp ", "tinh ")
_DISTRICT_PREFIXES = ("quan ", "huyen ", "thi xa ", "thanh pho ")
_COMMUNE_PREFIXES = ("phuong ", "xa ", "thi tran ", "dac khu ")


def _strip(folded: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if folded.startswith(prefix):
            return folded[len(prefix) :].strip()
    return folded.strip()


@dataclass(frozen=True)
class ResidenceReading:
    """A card's place of residence read against today's units.

    ``text`` is kept exactly as read. ``candidates`` are today's communes it may mean: one
    when the address is of today's form or its old ward went whole into one new ward, several
    when the old ward was split (the resident chooses), none when it is not recognised.
    ``street`` is what stands before the ward; ``legacy`` tells a district-era address.
    """

    text: str
    street: str
    province_code: int | None
    candidates: tuple[Unit, ...]
    legacy: bool

    @property
    def chosen(self) -> Unit | None:
        """The one commune meant, when there is no choice to make."""
        return self.candidates[0] if len(self.candidates) == 1 else None

    def answer(self, commune_code: int | None = None) -> dict[str, Any] | None:
        """The structured address answer (``kind = "address"``) for the chosen commune, or
        for ``commune_code`` when the resident picked one of several; None otherwise."""
        codes = {u.code for u in self.candidates}
        code = commune_code if commune_code in codes else None
        if code is None and self.chosen is not None:
            code = self.chosen.code
        if code is None or self.province_code is None:
            return None
        return {
            "province_code": self.province_code,
            "commune_code": code,
            "street": self.street,
            "units_version": units_version(),
        }


def _find_province(part: str) -> Unit | None:
    name = _strip(fold(part), _PROVINCE_PREFIXES)
    return next((p for p in _provinces().values() if fold(p.short_name) == name), None)


LEGACY_INDEX = Path(__file__).with_name("legacy_wards.json")


def build_legacy_index() -> dict[str, Any]:
    """Old (district-era) ward -> today's communes, from the package's legacy look-up:
    ``{"units": units_version(), "wards": {province: {district: {ward: [codes]}}}}`` with
    folded names without their type. ``scripts/legacy-wards.py`` writes it to
    :data:`LEGACY_INDEX`, because importing the package's legacy tables takes about half a
    second - too long for the GUI thread (a test checks the file against the package)."""
    from vietnam_provinces import Ward
    from vietnam_provinces.legacy import District as OldDistrict
    from vietnam_provinces.legacy import Ward as OldWard

    districts = {
        int(d.code): (str(int(d.province_code)), _strip(fold(d.name), _DISTRICT_PREFIXES))
        for d in OldDistrict.iter_all()
    }
    wards: dict[str, dict[str, dict[str, list[int]]]] = {}
    for old in OldWard.iter_all():
        province, district = districts[int(old.district_code)]
        codes = sorted({int(hit.ward.code) for hit in Ward.search_from_legacy(code=int(old.code))})
        if not codes:
            continue
        name = _strip(fold(old.name), _COMMUNE_PREFIXES)
        slot = wards.setdefault(province, {}).setdefault(district, {}).setdefault(name, [])
        slot.extend(c for c in codes if c not in slot)
    return {"units": units_version(), "wards": wards}


@lru_cache(maxsize=1)
def _legacy_index() -> dict[str, Any]:
    with LEGACY_INDEX.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _legacy_communes(province_code: int, district: str, ward: str) -> tuple[Unit, ...]:
    """Today's communes formed from the old ``ward`` of the old ``district``."""
    d_name = _strip(fold(district), _DISTRICT_PREFIXES)
    w_name = _strip(fold(ward), _COMMUNE_PREFIXES)
    wards = _legacy_index()["wards"].get(str(province_code), {}).get(d_name, {})
    units = (commune(code) for code in wards.get(w_name, ()))
    return tuple(sorted((u for u in units if u is not None), key=lambda u: fold(u.short_name)))


def read_residence(text: str) -> ResidenceReading:
    """Read ``"<street>, <ward>[, <old district>], <province>"`` as a card prints it."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    prov = _find_province(parts[-1]) if parts else None
    if prov is None or len(parts) < 2:
        return ResidenceReading(text, "", None, (), legacy=False)
    inner = parts[:-1]
    district_at = next(
        (
            i
            for i in range(len(inner) - 1, 0, -1)
            if fold(inner[i]).startswith(_DISTRICT_PREFIXES)
            and fold(inner[i - 1]).startswith(_COMMUNE_PREFIXES)
        ),
        None,
    )
    if district_at is not None:
        ward = inner[district_at - 1]
        found = _legacy_communes(prov.code, inner[district_at], ward)
        street = ", ".join(inner[: district_at - 1])
        return ResidenceReading(text, street, prov.code, found, legacy=True)
    ward = inner[-1]
    wanted = _strip(fold(ward), _COMMUNE_PREFIXES)
    typed = fold(ward).startswith(_COMMUNE_PREFIXES)  # "Phường X" is not "Xã X"
    hits = tuple(
        u
        for u in communes(prov.code)
        if fold(u.short_name) == wanted and (not typed or fold(u.name) == fold(ward))
    )
    return ResidenceReading(text, ", ".join(inner[:-1]), prov.code, hits, legacy=False)
