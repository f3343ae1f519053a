"""Where fields: an address (province, commune, street), the filing agency, and how the
result is received (at the counter, or by post to an address)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.domain.address import HANOI, communes, format_address, provinces
from kiosk.domain.form import Choice, FieldKind, FieldSpec
from kiosk.lang import Lang
from ui.widgets.choices import ChoiceRows
from ui.widgets.fields import FieldWidget, labelled_edit, pick
from ui.widgets.picker import PickerButton

_ADDRESS_LABELS = {
    "province": ("Tỉnh/Thành phố", "Province/City"),
    "commune": ("Phường/Xã", "Ward/Commune"),
    "street": ("Số nhà, đường/phố, thôn/xóm", "House number, street, hamlet"),
}
_DELIVERY = (
    Choice("counter", "Nhận tại bộ phận một cửa", "Collect at the counter"),
    Choice("post", "Nhận qua bưu điện", "Receive by post"),
)


class AddressField(FieldWidget):
    """Province and commune pickers (two-tier units since July 2025) and a street line.

    An address read from the card is one line of text and is shown as such.
    """

    def _build(self) -> None:
        key = self.spec.key
        self.province_label, self.commune_label = QLabel(), QLabel()
        self.province = PickerButton(f"input-{key}-province", "vi")
        self.province.set_items([(u.name, u.code) for u in provinces()])
        self.commune = PickerButton(f"input-{key}-commune", "vi")
        self.street_label, self.street = labelled_edit(f"input-{key}-street", "text")
        self.card_text = QLabel()
        self.card_text.setWordWrap(True)
        self.card_text.hide()
        for w in (self.province_label, self.province, self.commune_label, self.commune,
                  self.street_label, self.street):  # fmt: skip
            self._layout.addWidget(w)
        self._layout.addWidget(self.card_text)
        self._pickers = (self.province_label, self.province, self.commune_label, self.commune,
                         self.street_label, self.street)  # fmt: skip
        self._text_value = ""
        self.province.changed.connect(self._province_changed)
        self.commune.changed.connect(self.changed)
        self.street.textChanged.connect(self.changed)
        self.province.set_current(HANOI)
        self._fill_communes()

    def _fill_communes(self) -> None:
        code = self.province.current_data()
        units = communes(int(str(code))) if code is not None else []
        self.commune.set_items([(u.name, u.code) for u in units])

    def _province_changed(self) -> None:
        self._fill_communes()
        self.changed.emit()

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        self.province_label.setText(pick(_ADDRESS_LABELS["province"], lang))
        self.commune_label.setText(pick(_ADDRESS_LABELS["commune"], lang))
        self.street_label.setText(pick(_ADDRESS_LABELS["street"], lang))
        self.province.title = self.province_label.text()
        self.commune.title = self.commune_label.text()
        self.province.retranslate(lang)
        self.commune.retranslate(lang)

    def value(self) -> Any:
        if self._text_value:
            return self._text_value
        street = self.street.text().strip()
        commune = self.commune.current_data()
        if not street and commune is None:
            return {}
        return {
            "province_code": self.province.current_data(),
            "commune_code": commune,
            "street": street,
        }

    def set_value(self, value: Any) -> None:
        self._text_value = value if isinstance(value, str) else ""
        for w in self._pickers:
            w.setVisible(not self._text_value)
        self.card_text.setVisible(bool(self._text_value))
        self.card_text.setText(self._text_value)
        self.street.blockSignals(True)
        if isinstance(value, dict):
            self.province.set_current(value.get("province_code", HANOI))
            self._fill_communes()
            self.commune.set_current(value.get("commune_code"))
            self.street.setText(str(value.get("street", "")))
        elif not value:
            self.province.set_current(HANOI)
            self._fill_communes()
            self.commune.set_current(None)
            self.street.clear()
        self.street.blockSignals(False)

    def set_locked(self, locked: bool) -> None:
        for w in (self.province, self.commune):
            w.setEnabled(not locked)
        self.street.setReadOnly(locked)

    def focus_target(self) -> QWidget:
        if self.commune.current_data() is None:
            return self.commune
        return self.street

    def fixed_text(self) -> str:
        return format_address(self.value())

    def close_pickers(self) -> None:
        self.province.close_panel()
        self.commune.close_panel()


class AgencyField(FieldWidget):
    """Where the dossier is filed (any ward may receive it); asked only when the kiosk does
    not know its own ward."""

    def _build(self) -> None:
        self.ward = PickerButton(f"input-{self.spec.key}-ward", "vi")
        self.ward.set_items([(u.name, u.code) for u in communes(HANOI)])
        self.ward.changed.connect(self.changed)
        self._layout.addWidget(self.ward)

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        self.ward.title = self.spec.label(lang)
        self.ward.retranslate(lang)

    def value(self) -> Any:
        code = self.ward.current_data()
        return {"filing_ward": code} if code is not None else {}

    def set_value(self, value: Any) -> None:
        code = value.get("filing_ward") if isinstance(value, dict) else value
        self.ward.set_current(int(str(code)) if str(code or "").isdigit() else None)

    def set_locked(self, locked: bool) -> None:
        self.ward.setEnabled(not locked)

    def focus_target(self) -> QWidget:
        return self.ward

    def close_pickers(self) -> None:
        self.ward.close_panel()


class DeliveryField(FieldWidget):
    """Counter or post; by post asks for the postal address (the card's residence by default)."""

    def _build(self) -> None:
        self.method = ChoiceRows(f"{self.spec.key}-method", _DELIVERY, "vi")
        self.method.changed.connect(self._method_changed)
        self._layout.addWidget(self.method)
        self.address = AddressField(
            FieldSpec(
                key=f"{self.spec.key}-address",
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
        value = value if isinstance(value, dict) else {}
        self.method.set_value(str(value.get("method", "")))
        self.address.set_value(value.get("address", {}))
        self.address.setVisible(self.method.value() == "post")

    def focus_target(self) -> QWidget:
        if not self.method.value():
            return self.method.first_button() or self
        return self.address.focus_target()

    def close_pickers(self) -> None:
        self.address.close_pickers()
