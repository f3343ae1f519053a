"""How answers, dates and money read on screen (dd/mm/yyyy, "10.000 đ")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kiosk.domain.address import commune, format_address
from kiosk.domain.form import FieldKind, FieldSpec
from kiosk.errors import Lang
from ui.strings import tr


def show_date(d: date | datetime | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def show_answer(spec: FieldSpec, value: Any, lang: Lang) -> str:
    """An answer as one line of text for the check-your-answers page and the receipt."""
    if value in (None, "", {}):
        return "—"
    if isinstance(value, date):
        return show_date(value)
    if spec.kind is FieldKind.YES_NO:
        return tr("form.yes" if value in ("yes", True) else "form.no", lang)
    if spec.kind is FieldKind.CHOICE:
        for c in spec.choices:
            if c.value == value:
                return c.label_vi if lang == "vi" else c.label_en
    if spec.kind is FieldKind.ADDRESS:
        return format_address(value, lang)
    if spec.kind is FieldKind.AGENCY and isinstance(value, dict):
        ward = commune(int(value["filing_ward"])) if value.get("filing_ward") else None
        return ward.name if ward else "—"
    if spec.kind is FieldKind.DELIVERY and isinstance(value, dict):
        if value.get("method") == "post":
            where = format_address(value.get("address", {}), lang)
            post = "Nhận qua bưu điện" if lang == "vi" else "By post"
            return f"{post}: {where}"
        return "Nhận tại bộ phận một cửa" if lang == "vi" else "At the counter"
    if isinstance(value, dict):
        parts = (show_date(v) if isinstance(v, date) else str(v) for v in value.values() if v)
        return ", ".join(parts)
    return str(value)
