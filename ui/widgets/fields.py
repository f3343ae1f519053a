"""The form's input widgets, all with ``value()`` / ``set_value()``: the common frame
(:class:`FieldWidget`: label, hint, "from your ID card", error), text, choices and a person.
Address, agency and delivery are in :mod:`ui.widgets.place_fields`; :func:`ui.widgets.
field_factory.make_field` picks the widget for a field.

Choices are stacked full-width rows (:mod:`ui.widgets.choices`), lists open inside the window
(:mod:`ui.widgets.picker`). A field shows its error only when the form screen says so (after
Continue), and is then marked (``invalid`` property: a red border from the stylesheet).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.form import Choice, FieldKind, FieldSpec
from kiosk.lang import Lang
from ui.strings import tr
from ui.widgets.choices import ChoiceRows

_KEYBOARD_MODE = {
    FieldKind.NUMBER: "numeric",
    FieldKind.ID_NUMBER: "numeric",
    FieldKind.PHONE: "phone",
    FieldKind.DATE: "date",
    FieldKind.EMAIL: "email",  # letters without Telex: "x" and "s" are letters in an address
}

#: what a date field says it wants, in the resident's words
DATE_HINT = {"vi": "ngày/tháng/năm", "en": "dd/mm/yyyy"}

#: the typed parts of a person: key, label vi, label en, keyboard
_PERSON_TEXT_PARTS = {
    "full_name": ("Họ và tên", "Full name", "text"),
    "date_of_birth": ("Ngày sinh", "Date of birth", "date"),
    "id_number": ("Số định danh cá nhân (nếu có)", "Personal ID number (if any)", "numeric"),
}
_SEXES = (Choice("Nam", "Nam", "Male"), Choice("Nữ", "Nữ", "Female"))
#: what the card adds to a parent who is the resident
_PERSON_CARD_PARTS = (
    ("ethnicity", "Dân tộc", "Ethnicity"),
    ("nationality", "Quốc tịch", "Nationality"),
    ("residence", "Nơi cư trú", "Residence"),
)


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The ``lang`` one of a (vi, en) pair."""
    return pair[0] if lang == "vi" else pair[1]


def _date_text(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value or "")


def labelled_edit(name: str, keyboard: str) -> tuple[QLabel, QLineEdit]:
    """A line edit named ``name`` for the ``keyboard`` mode, with its label."""
    lab = QLabel()
    lab.setWordWrap(True)
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setProperty("keyboard", keyboard)
    lab.setBuddy(edit)
    return lab, edit


class FieldWidget(QFrame):
    """A labelled input for one :class:`FieldSpec`."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, lang: Lang) -> None:
        super().__init__()
        self.spec = spec
        self.lang: Lang = lang
        self.setObjectName(f"field-{spec.key}")
        self.setProperty("invalid", False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("H2")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.marker = QLabel()
        self.marker.setObjectName("CardMark")
        self.marker.hide()
        outer.addWidget(self.marker)
        self.help = QLabel()
        self.help.setObjectName("Muted")
        self.help.setWordWrap(True)
        outer.addWidget(self.help)
        self.error = QLabel()
        self.error.setObjectName("Error")
        self.error.setWordWrap(True)
        self.error.hide()
        outer.addWidget(self.error)  # under the title: read before the input
        #: the inputs; replaced by ``fixed`` (plain text) when the value cannot be changed
        self.box = QWidget()
        self._layout = QVBoxLayout(self.box)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._build()
        outer.addWidget(self.box)
        self.fixed = QLabel()
        self.fixed.setObjectName("FixedValue")
        self.fixed.setWordWrap(True)
        self.fixed.hide()
        outer.addWidget(self.fixed)
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

    def focus_target(self) -> QWidget:
        """What a tap on this field's error in the summary focuses."""
        return self.edit

    def fixed_text(self) -> str:
        """The value as text, for a field shown but not editable."""
        return self.edit.text()

    def close_pickers(self) -> None:
        """Close any list this field opened (the page is going away)."""

    # --- common ---------------------------------------------------------------------------
    def retranslate(self, lang: Lang) -> None:
        self.lang = lang
        label = self.spec.label(lang)
        optional = tr("form.optional", lang)
        if not self.spec.required and optional not in label:  # a label may say it already
            label += " " + optional
        self.title.setText(label)
        self.marker.setText("✓ " + tr("form.from_card", lang))
        help_text = self.spec.help(lang)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        if self.spec.kind is FieldKind.DATE:
            self.edit.setPlaceholderText(DATE_HINT[lang])

    def mark_from_card(self, from_card: bool, editable: bool) -> None:
        """Mark a value from the card; one that cannot be changed is shown as plain text (a
        read-only box looks like something to type in, and takes the room of one)."""
        self.marker.setVisible(from_card)
        self.set_locked(not editable)
        self.box.setVisible(editable)
        self.fixed.setVisible(not editable)
        self.fixed.setText("" if editable else self.fixed_text())

    def show_error(self, message: str) -> None:
        """Show ``message`` under the title and mark the field ("" clears both)."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if bool(self.property("invalid")) != bool(message):
            self.setProperty("invalid", bool(message))
            # the red border rules select on this property: restyle the field and its inputs
            for w in (self, *self.findChildren(QWidget)):
                w.style().unpolish(w)
                w.style().polish(w)

    def focus_input(self) -> None:
        self.focus_target().setFocus()


class ChoiceField(FieldWidget):
    """Choices and yes/no as stacked full-width rows."""

    def _choices(self) -> tuple[Choice, ...]:
        if self.spec.kind is FieldKind.YES_NO:
            return (Choice("yes", "Có", "Yes"), Choice("no", "Không", "No"))
        return self.spec.choices

    def _build(self) -> None:
        self.rows = ChoiceRows(self.spec.key, self._choices(), "vi")
        self.buttons = self.rows.buttons
        self.rows.changed.connect(self.changed)
        self._layout.addWidget(self.rows)

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        self.rows.retranslate(lang)

    def value(self) -> Any:
        return self.rows.value()

    def set_value(self, value: Any) -> None:
        if isinstance(value, bool):
            value = "yes" if value else "no"
        self.rows.set_value(str(value or ""))

    def set_locked(self, locked: bool) -> None:
        self.rows.set_locked(locked)

    def focus_target(self) -> QWidget:
        return self.rows.first_button() or self

    def fixed_text(self) -> str:
        value = self.rows.value()
        return next((c.label(self.lang) for c in self._choices() if c.value == value), value)


class PersonField(FieldWidget):
    """Another person (the child, a parent): the parts the field asks, sex as choice rows.

    A parent who is the resident comes whole from the card; what the card adds (ethnicity,
    nationality, residence) is shown as text under the typed parts.
    """

    def _build(self) -> None:
        self.part_labels: dict[str, QLabel] = {}
        self.parts: dict[str, QLineEdit] = {}
        self.sex: ChoiceRows | None = None
        self.sex_label = QLabel()
        for key in self.spec.person_parts():
            if key == "sex":
                self.sex = ChoiceRows(f"{self.spec.key}-sex", _SEXES, "vi")
                self.sex.changed.connect(self.changed)
                self._layout.addWidget(self.sex_label)
                self._layout.addWidget(self.sex)
                continue
            _vi, _en, mode = _PERSON_TEXT_PARTS[key]
            lab, edit = labelled_edit(f"input-{self.spec.key}-{key}", mode)
            edit.textChanged.connect(self.changed)
            self._layout.addWidget(lab)
            self._layout.addWidget(edit)
            self.part_labels[key] = lab
            self.parts[key] = edit
        self.card_details = QLabel()
        self.card_details.setWordWrap(True)
        self.card_details.hide()
        self._layout.addWidget(self.card_details)
        self._extra: dict[str, Any] = {}

    def retranslate(self, lang: Lang) -> None:
        super().retranslate(lang)
        for key, lab in self.part_labels.items():
            vi, en, mode = _PERSON_TEXT_PARTS[key]
            text = vi if lang == "vi" else en
            if mode == "date":
                text += f" ({DATE_HINT[lang]})"
                self.parts[key].setPlaceholderText(DATE_HINT[lang])
            lab.setText(text)
        self.sex_label.setText("Giới tính" if lang == "vi" else "Sex")
        if self.sex is not None:
            self.sex.retranslate(lang)
        self._show_details()

    def _detail_lines(self) -> list[str]:
        return [
            f"{pick((vi, en), self.lang)}: {self._extra[key]}"
            for key, vi, en in _PERSON_CARD_PARTS
            if self._extra.get(key)
        ]

    def _show_details(self) -> None:
        lines = self._detail_lines()
        self.card_details.setText("\n".join(lines))
        self.card_details.setVisible(bool(lines))

    def fixed_text(self) -> str:
        lines = [
            f"{pick(_PERSON_TEXT_PARTS[key][:2], self.lang)}: {edit.text()}"
            for key, edit in self.parts.items()
            if edit.text()
        ]
        return "\n".join(lines + self._detail_lines())

    def value(self) -> Any:
        values: dict[str, Any] = {k: e.text().strip() for k, e in self.parts.items()}
        if self.sex is not None:
            values["sex"] = self.sex.value()
        values = {k: v for k, v in values.items() if v}
        if not values:
            return {}
        return {**values, **self._extra}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for k, e in self.parts.items():
            e.setText(_date_text(value.get(k)))
        if self.sex is not None:
            self.sex.set_value(str(value.get("sex", "")))
        keep = {"sex"} if self.sex is None else set()  # e.g. a parent's sex from the card
        self._extra = {
            k: v
            for k, v in value.items()
            if v and (k in keep or k in {key for key, _vi, _en in _PERSON_CARD_PARTS})
        }
        self._show_details()

    def set_locked(self, locked: bool) -> None:
        for e in self.parts.values():
            e.setReadOnly(locked)
        if self.sex is not None:
            self.sex.set_locked(locked)

    def focus_target(self) -> QWidget:
        for key in ("full_name", "date_of_birth", "id_number"):
            edit = self.parts.get(key)
            if edit is not None and not edit.isReadOnly():
                return edit
        if self.sex is not None:
            return self.sex.first_button() or self
        return self
