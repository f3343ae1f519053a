"""Sample answers for the audit tour (the scripted journeys type theirs key by key)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from kiosk.domain.address import HANOI, communes
from kiosk.domain.form import FieldKind, FieldSpec
from ui.walkthrough.resident import Resident
from ui.window.main_window import MainWindow

SAMPLE_TEXT: dict[FieldKind, str] = {
    FieldKind.TEXT: "Làm việc tại Hà Nội",
    FieldKind.PERSON_NAME: "Trần Thị Bình",
    FieldKind.NUMBER: "6",
    FieldKind.PHONE: "0912345678",
    FieldKind.EMAIL: "an.nguyen@example.com",
    FieldKind.DATE: "01/02/2020",
    FieldKind.ID_NUMBER: "001089012345",
}


def _lang_commune() -> int:
    for unit in communes(HANOI):
        if unit.name == "Phường Láng":
            return unit.code
    return communes(HANOI)[0].code


def sample_value(spec: FieldSpec) -> Any:
    address = {"province_code": HANOI, "commune_code": _lang_commune(), "street": "Số 5 ngõ 10"}
    if spec.kind in (FieldKind.CHOICE,):
        return spec.choices[0].value if spec.choices else ""
    if spec.kind is FieldKind.YES_NO:
        return "yes"
    if spec.kind is FieldKind.ADDRESS:
        return address
    if spec.kind is FieldKind.PERSON:
        return {"full_name": "Nguyễn Thị Hoa", "date_of_birth": "02/03/2025", "sex": "Nữ"}
    if spec.kind is FieldKind.DELIVERY:
        return {"method": "post", "address": address}
    if spec.kind is FieldKind.AGENCY:
        return None
    return SAMPLE_TEXT.get(spec.kind, "Nội dung")


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return not any(v not in ("", None) for v in value.values())
    return value in ("", None)


def fill_page(w: MainWindow) -> None:
    """Give every empty field of the form page a sample answer (through the widget)."""
    form: Any = w.current()
    for f in list(getattr(form, "widgets", [])):
        spec: FieldSpec = f.spec
        if not _empty(f.value()):
            continue
        value = sample_value(spec)
        if value is not None:
            f.set_value(value)


def open_first_picker(r: Resident, w: MainWindow) -> Callable[[], None] | None:
    """Touch the first picker button of the screen; return how to close its panel again."""
    buttons = [
        b
        for b in w.current().findChildren(QWidget)
        if b.objectName().startswith("picker-") and b.isVisible()
    ]
    if not buttons:
        return None
    r.touch(buttons[0])
    panel = next((p for p in w.findChildren(QWidget, "PickerPanel") if p.isVisible()), None)
    if panel is None:
        return None
    cancel = panel.findChild(QWidget, "picker_cancel")
    return (lambda: r.touch(cancel)) if cancel is not None else None
