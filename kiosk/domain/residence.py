"""The card's place of residence as a postal address the lists know.

A card printed after the July 2025 reform reads "street, ward, province", and the ward and the
province are units of :mod:`kiosk.domain.address`: that text becomes a picked address (so a
postal address can default to it). Anything else (an older card naming a district, a ward
that no longer exists) gives None: it is never matched by guess.
"""

from __future__ import annotations

from kiosk.domain.address import Unit, communes, provinces
from kiosk.domain.search import fold


def _province(text: str) -> Unit | None:
    key = fold(text).strip()
    for unit in provinces():
        if key in (fold(unit.name), fold(unit.short_name)):
            return unit
    return None


def _commune(province_code: int, text: str) -> Unit | None:
    key = fold(text).strip()
    for unit in communes(province_code):
        if key == fold(unit.name):
            return unit
    return None


def residence_address(text: str) -> dict[str, object] | None:
    """``{"province_code", "commune_code", "street"}`` for a "street, ward, province" text.

    >>> residence_address("Số 1 phố Huế, Phường Hai Bà Trưng, Hà Nội")["commune_code"] > 0
    True
    """
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 3 or not all(parts):
        return None
    province = _province(parts[-1])
    if province is None:
        return None
    unit = _commune(province.code, parts[-2])
    if unit is None:
        return None
    return {
        "province_code": province.code,
        "commune_code": unit.code,
        "street": ", ".join(parts[:-2]),
    }
