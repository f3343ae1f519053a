"""One input widget per form field kind, all with ``value()`` / ``set_value()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.address import HANOI, communes, provinces
from kiosk.domain.form import Choice, FieldKind, FieldSpec
from ui.strings import Lang, tr

_KEYBOARD_MODE = {
    FieldKind.NUMBER: "numeric",
    FieldKind.ID_NUMBER: "numeric",
    FieldKind.PHONE: "phone",
    FieldKind.DATE: "date",
    FieldKind.EMAIL: "email",  # letters without Telex: "x" and "s" are letters in an address
}

_PERSON_PARTS = (
    ("full_name", "Họ và tên", "Full name", "text"),
    ("date_of_birth", "Ngày sinh (dd/mm/yyyy)", "Date of birth (dd/mm/yyyy)", "date"),
    ("id_number", "Số định danh (nếu có)", "ID number (if any)", "numeric"),
)
#: label order: street, commune, province
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


class PersonField(FieldWidget):
    """Another person (the child, the spouse): name, date of birth, sex, ID number."""

    def _build(self) -> None:
        grid = QGridLayout()
        self.part_labels: dict[str, QLabel] = {}
        self.parts: dict[str, QLineEdit] = {}
        for row, (key, _vi, _en, mode) in enumerate(_PERSON_PARTS):
            lab = QLabel()
            edit = QLineEdit()
            edit.setObjectName(f"input-{self.spec.key}-{key}")
            edit.setProperty("keyboard", mode)
            edit.textChanged.connect(self.changed)
            grid.addWidget(lab, row, 0)
            grid.addWidget(edit, row, 1)
            self.part_labels[key] = lab
            self.parts[key] = edit
        self.sex_label = QLabel()
        self.sex = QComboBox()
        self.sex.setObjectName(f"input-{self.spec.key}-sex")
        self.sex.addItems(["", "Nam", "Nữ"])
        self.sex.currentIndexChanged.connect(self.changed)
        grid.addWidget(self.sex_label, len(_PERSON_PARTS), 0)
        grid.addWidget(self.sex, len(_PERSON_PARTS), 1)
        self._layout.addLayout(grid)

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        for key, vi, en, _mode in _PERSON_PARTS:
            self.part_labels[key].setText(vi if lang == "vi" else en)
        self.sex_label.setText("Giới tính" if lang == "vi" else "Sex")

    def value(self) -> Any:
        values: dict[str, Any] = {k: e.text().strip() for k, e in self.parts.items()}
        values["sex"] = self.sex.currentText()
        return values if any(values.values()) else {}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for k, e in self.parts.items():
            v = value.get(k, "")
            e.setText(v.strftime("%d/%m/%Y") if isinstance(v, date) else str(v or ""))
        self.sex.setCurrentText(str(value.get("sex", "")))

    def clear_value(self) -> None:
        self.set_value({})

    def set_locked(self, locked: bool) -> None:
        for e in self.parts.values():
            e.setReadOnly(locked)
        self.sex.setEnabled(not locked)


class AddressField(FieldWidget):
    """Province and commune pickers (two-tier units since July 2025) and a street line.

    An address read from the card is one line of text and is shown as such.
    """

    def _build(self) -> None:
        grid = QGridLayout()
        self.province_label, self.commune_label, self.street_label = QLabel(), QLabel(), QLabel()
        self.province = QComboBox()
        self.province.setObjectName(f"input-{self.spec.key}-province")
        for unit in provinces():
            self.province.addItem(unit.name, unit.code)
        self.commune = QComboBox()
        self.commune.setObjectName(f"input-{self.spec.key}-commune")
        self.street = QLineEdit()
        self.street.setObjectName(f"input-{self.spec.key}-street")
        self.street.setProperty("keyboard", "text")
        self.card_text = QLabel()
        self.card_text.setWordWrap(True)
        self.card_text.hide()
        grid.addWidget(self.province_label, 0, 0)
        grid.addWidget(self.province, 0, 1)
        grid.addWidget(self.commune_label, 1, 0)
        grid.addWidget(self.commune, 1, 1)
        grid.addWidget(self.street_label, 2, 0)
        grid.addWidget(self.street, 2, 1)
        self._layout.addLayout(grid)
        self._layout.addWidget(self.card_text)
        self._pickers = (self.province_label, self.province, self.commune_label, self.commune,
                         self.street_label, self.street)  # fmt: skip
        self._text_value = ""
        self.province.currentIndexChanged.connect(self._province_changed)
        self.commune.currentIndexChanged.connect(self.changed)
        self.street.textChanged.connect(self.changed)
        self.province.setCurrentIndex(max(0, self.province.findData(HANOI)))
        self._province_changed()

    def _province_changed(self) -> None:
        code = self.province.currentData()
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem("", None)
        for unit in communes(int(code)) if code is not None else []:
            self.commune.addItem(unit.name, unit.code)
        self.commune.blockSignals(False)
        self.changed.emit()

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        for lab, (_k, vi, en, _m) in zip(
            (self.street_label, self.commune_label, self.province_label),
            _ADDRESS_PARTS,
            strict=True,
        ):
            lab.setText(vi if lang == "vi" else en)

    def value(self) -> Any:
        if self._text_value:
            return self._text_value
        street = self.street.text().strip()
        commune = self.commune.currentData()
        if not street and commune is None:
            return {}
        return {
            "province_code": self.province.currentData(),
            "commune_code": commune,
            "street": street,
        }

    def set_value(self, value: Any) -> None:
        self._text_value = value if isinstance(value, str) else ""
        for w in self._pickers:
            w.setVisible(not self._text_value)
        self.card_text.setVisible(bool(self._text_value))
        self.card_text.setText(self._text_value)
        if isinstance(value, dict):
            index = self.province.findData(value.get("province_code", HANOI))
            self.province.setCurrentIndex(max(0, index))
            self.commune.setCurrentIndex(max(0, self.commune.findData(value.get("commune_code"))))
            self.street.setText(str(value.get("street", "")))
        elif not value:
            self.province.setCurrentIndex(max(0, self.province.findData(HANOI)))
            self.commune.setCurrentIndex(0)
            self.street.clear()

    def set_locked(self, locked: bool) -> None:
        for w in (self.province, self.commune):
            w.setEnabled(not locked)
        self.street.setReadOnly(locked)


class AgencyField(FieldWidget):
    """Where the dossier is filed (any ward may receive it) and who decides it."""

    def _build(self) -> None:
        self.ward = QComboBox()
        self.ward.setObjectName(f"input-{self.spec.key}-ward")
        for unit in communes(HANOI):
            self.ward.addItem(unit.name, unit.code)
        self.ward.currentIndexChanged.connect(self.changed)
        self._layout.addWidget(self.ward)

    def value(self) -> Any:
        code = self.ward.currentData()
        return {"filing_ward": code} if code is not None else {}

    def set_value(self, value: Any) -> None:
        code = value.get("filing_ward") if isinstance(value, dict) else value
        index = self.ward.findData(int(str(code))) if str(code or "").isdigit() else -1
        self.ward.setCurrentIndex(max(0, index))

    def set_locked(self, locked: bool) -> None:
        self.ward.setEnabled(not locked)


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

    def set_locked(self, locked: bool) -> None:
        self.method.set_locked(locked)
        self.address.set_locked(locked)

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
        return PersonField(spec, lang)
    if spec.kind is FieldKind.AGENCY:
        return AgencyField(spec, lang)
    if spec.kind is FieldKind.ADDRESS:
        return AddressField(spec, lang)
    if spec.kind is FieldKind.DELIVERY:
        return DeliveryField(spec, lang)
    return FieldWidget(spec, lang)
