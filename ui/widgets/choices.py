"""Choices as stacked full-width rows: the whole row is the target, not a small round dot."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.form import Choice
from kiosk.lang import Lang

#: a finger's height at least, whatever the theme says
ROW_HEIGHT = 72


class ChoiceRows(QWidget):
    """One checkable button per choice, one under the other; exactly one checked at most.

    Buttons are named ``choice-<key>-<value>`` (tests and the screen driver find them so) and
    carry ``role="choice"`` for the stylesheet (a thick border and a fill when checked).
    """

    changed = Signal()

    def __init__(self, key: str, choices: tuple[Choice, ...], lang: Lang) -> None:
        super().__init__()
        self._choices = choices
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for c in choices:
            b = QPushButton()
            b.setObjectName(f"choice-{key}-{c.value}")
            b.setProperty("role", "choice")
            b.setCheckable(True)
            b.setMinimumHeight(ROW_HEIGHT)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(b)
            self.buttons[c.value] = b
            b.toggled.connect(self._toggled)
            layout.addWidget(b)
        self.retranslate(lang)

    def _toggled(self, checked: bool) -> None:
        if checked:  # one signal per new choice (the other button's un-check is not news)
            self.changed.emit()

    def retranslate(self, lang: Lang) -> None:
        for c in self._choices:
            self.buttons[c.value].setText(c.label(lang))

    def value(self) -> str:
        for v, b in self.buttons.items():
            if b.isChecked():
                return v
        return ""

    def set_value(self, value: str) -> None:
        """Check ``value`` ("" or an unknown value: none), without emitting ``changed``."""
        self.blockSignals(True)
        self.group.setExclusive(False)
        for v, b in self.buttons.items():
            b.setChecked(v == value)
        self.group.setExclusive(True)
        self.blockSignals(False)

    def set_locked(self, locked: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(not locked)

    def first_button(self) -> QPushButton | None:
        return next(iter(self.buttons.values()), None)
