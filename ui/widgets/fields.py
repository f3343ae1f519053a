"""One input widget per form field kind, all with ``value()`` / ``set_value()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.form import Choice, FieldKind, FieldSpec
from ui.strings import Lang, tr

_KEYBOARD_MODE = {
    FieldKind.NUMBER: "numeric",
    FieldKind.ID_NUMBER: "numeric",
    FieldKind.PHONE: "phone",
    FieldKind.DATE: "date",
}

_PERSON_PARTS = (
    ("full_name", "Họ và tên", "Full name", "text"),
    ("date_of_birth", "Ngày sinh (dd/mm/yyyy)", "Date of birth (dd/mm/yyyy)", "date"),
    ("id_number", "Số định danh (nếu có)", "ID number (if any)", "numeric"),
)
_ADDRESS_PARTS = (
    ("street", "Số nhà, đường/phố, thôn/xóm", "House number, street, hamlet", "text"),
    ("commune", "Phường/Xã", "Ward/Commune", "text"),
    ("province", "Tỉnh/Thành phố", "Province/City", "text"),
)
_DELIVERY = (
    Choice("counter", "Nhận tại bộ phận một cửa", "Collect at the counter"),
    Choice("post", "Nhận qua bưu điện", "Receive by post"),
)


class FieldWidget(QWidget):
    """A labelled input for one :class:`FieldSpec`."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, lang: Lang) -> None:
        super().__init__()
        self.spec = spec
        self.setObjectName(f"field-{spec.key}")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("H2")
        self.title.setWordWrap(True)
        self._layout.addWidget(self.title)
        self.marker = QLabel()
        self.marker.setObjectName("CardMark")
        self.marker.hide()
        self._layout.addWidget(self.marker)
        self.help = QLabel()
        self.help.setObjectName("Muted")
        self.help.setWordWrap(True)
        self._layout.addWidget(self.help)
        self._build()
        self.error = QLabel()
        self.error.setObjectName("Error")
        self.error.setWordWrap(True)
        self.error.hide()
        self._layout.addWidget(self.error)
        self.retranslate(lang)

    # --- to specialise --------------------------------------------------------------------
    def _build(self) -> None:
        self.edit = QLineEdit()
        self.edit.setObjectName(f"input-{self.spec.key}")
        self.edit.setProperty("keyboard", _KEYBOARD_MODE.get(self.spec.kind, "text"))
        self.edit.textChanged.connect(self.changed)
        self._layout.addWidget(self.edit)

    def value(self) -> Any:
        return self.edit.text().strip()

    def set_value(self, value: Any) -> None:
        if isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        self.edit.setText("" if value is None else str(value))

    def set_locked(self, locked: bool) -> None:
        self.edit.setReadOnly(locked)

    # --- common ---------------------------------------------------------------------------
    def retranslate(self, lang: Lang) -> None:
        label = self.spec.label(lang)
        if not self.spec.required:
            label += " " + tr("form.optional", lang)
        self.title.setText(label)
        self.marker.setText("✓ " + tr("form.from_card", lang))
        help_text = self.spec.help_vi if lang == "vi" else self.spec.help_en
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))

    def mark_from_card(self, from_card: bool, editable: bool) -> None:
        self.marker.setVisible(from_card)
        self.set_locked(from_card and not editable)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class ChoiceField(FieldWidget):
    def _choices(self) -> tuple[Choice, ...]:
        if self.spec.kind is FieldKind.YES_NO:
            return (Choice("yes", "Có", "Yes"), Choice("no", "Không", "No"))
        return self.spec.choices

    def _build(self) -> None:
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        self.buttons: dict[str, QRadioButton] = {}
        for c in self._choices():
            b = QRadioButton()
            b.setObjectName(f"choice-{self.spec.key}-{c.value}")
            self.group.addButton(b)
            self.buttons[c.value] = b
            b.toggled.connect(self.changed)
            row.addWidget(b)
        row.addStretch(1)
        self._layout.addLayout(row)

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        for c in self._choices():
            self.buttons[c.value].setText(c.label_vi if lang == "vi" else c.label_en)

    def value(self) -> Any:
        for v, b in self.buttons.items():
            if b.isChecked():
                return v
        return ""

    def set_value(self, value: Any) -> None:
        if isinstance(value, bool):
            value = "yes" if value else "no"
        self.group.setExclusive(False)
        for v, b in self.buttons.items():
            b.setChecked(v == value)
        self.group.setExclusive(True)

    def set_locked(self, locked: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(not locked)


class PartsField(FieldWidget):
    """A field made of several lines: another person, an address."""

    PARTS: tuple[tuple[str, str, str, str], ...] = _PERSON_PARTS

    def _build(self) -> None:
        grid = QGridLayout()
        self.part_labels: dict[str, QLabel] = {}
        self.parts: dict[str, QLineEdit] = {}
        for row, (key, _vi, _en, mode) in enumerate(self.PARTS):
            lab = QLabel()
            edit = QLineEdit()
            edit.setObjectName(f"input-{self.spec.key}-{key}")
            edit.setProperty("keyboard", mode)
            edit.textChanged.connect(self.changed)
            grid.addWidget(lab, row, 0)
            grid.addWidget(edit, row, 1)
            self.part_labels[key] = lab
            self.parts[key] = edit
        self._layout.addLayout(grid)

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        for key, vi, en, _mode in self.PARTS:
            self.part_labels[key].setText(vi if lang == "vi" else en)

    def value(self) -> Any:
        values = {k: e.text().strip() for k, e in self.parts.items()}
        return values if any(values.values()) else {}

    def set_value(self, value: Any) -> None:
        if isinstance(value, str):  # an address read from the card as one line
            value = {self.PARTS[0][0]: value}
        value = value or {}
        for k, e in self.parts.items():
            v = value.get(k, "")
            e.setText(v.strftime("%d/%m/%Y") if isinstance(v, date) else str(v or ""))

    def set_locked(self, locked: bool) -> None:
        for e in self.parts.values():
            e.setReadOnly(locked)


class AddressField(PartsField):
    PARTS = _ADDRESS_PARTS


class DeliveryField(FieldWidget):
    """Counter or post; by post asks for the postal address."""

    def _build(self) -> None:
        self.method = ChoiceField(
            FieldSpec(
                key=f"{self.spec.key}.method",
                kind=FieldKind.CHOICE,
                label_vi="",
                label_en="",
                choices=_DELIVERY,
            ),
            "vi",
        )
        self.method.title.hide()
        self.method.changed.connect(self._method_changed)
        self._layout.addWidget(self.method)
        self.address = AddressField(
            FieldSpec(
                key=f"{self.spec.key}.address",
                kind=FieldKind.ADDRESS,
                label_vi="Địa chỉ nhận",
                label_en="Postal address",
            ),
            "vi",
        )
        self.address.changed.connect(self.changed)
        self._layout.addWidget(self.address)
        self.address.hide()

    def _method_changed(self) -> None:
        self.address.setVisible(self.method.value() == "post")
        self.changed.emit()

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        self.method.retranslate(lang)
        self.address.retranslate(lang)

    def value(self) -> Any:
        method = self.method.value()
        if not method:
            return {}
        out: dict[str, Any] = {"method": method}
        if method == "post":
            out["address"] = self.address.value()
        return out

    def set_value(self, value: Any) -> None:
        value = value or {}
        self.method.set_value(value.get("method", ""))
        self.address.set_value(value.get("address", {}))
        self._method_changed()


def make_field(spec: FieldSpec, lang: Lang) -> FieldWidget:
    if spec.kind in (FieldKind.CHOICE, FieldKind.YES_NO):
        return ChoiceField(spec, lang)
    if spec.kind is FieldKind.PERSON:
        return PartsField(spec, lang)
    if spec.kind is FieldKind.ADDRESS:
        return AddressField(spec, lang)
    if spec.kind is FieldKind.DELIVERY:
        return DeliveryField(spec, lang)
    return FieldWidget(spec, lang)
