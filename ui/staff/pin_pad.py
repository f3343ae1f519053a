"""A large-key numeric PIN pad. Digits are never shown: the display holds one dot per digit.

The pad only collects the PIN; :class:`ui.staff.mode.StaffMode` checks it on a worker and calls
:meth:`PinPad.show_error` or closes the pad. A hardware number pad works too (digits, Backspace,
Enter). The PIN lives in this widget only until it is submitted or cleared.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import Lang
from kiosk.staff.pins import PIN_MAX_DIGITS, PIN_MIN_DIGITS
from ui.screens.base import label
from ui.staff.strings import tr

#: the keys are bigger than the resident keyboard's: staff press them standing, in a hurry
KEY_SIZE = 110
DOT = "●"
DIGITS = "0123456789"


class PinPad(QWidget):
    """Emits ``submitted(pin)`` on Confirm (4-12 digits) and ``cancelled`` on Cancel."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinPad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pin = ""
        self._busy = False
        self._lang: Lang = "vi"
        outer = QVBoxLayout(self)
        outer.setSpacing(20)
        self.heading = label(name="H1")
        self.prompt = label()
        self.display = label(name="H1", wrap=False)
        # one dot per digit, large enough to count from a step away
        self.display.setStyleSheet("font-size: 56px; letter-spacing: 12px;")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(80)
        self.message = label(name="Error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.heading, self.prompt, self.display, self.message):
            outer.addWidget(w)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        layout = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "backspace")
        for i, key in enumerate(layout):
            b = self._key(key)
            grid.addWidget(b, i // 3, i % 3)
        outer.addLayout(grid)
        row = QHBoxLayout()
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("pin_cancel")
        self.cancel_button.clicked.connect(self._cancel)
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("Primary")
        self.ok_button.setProperty("role", "pin_ok")
        self.ok_button.clicked.connect(self._submit)
        for b in (self.cancel_button, self.ok_button):
            b.setMinimumHeight(KEY_SIZE * 3 // 4)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(b)
        outer.addLayout(row)
        self.retranslate("vi")
        self._refresh()

    def _key(self, key: str) -> QPushButton:
        b = QPushButton(key if key.isdigit() else "")
        b.setObjectName(f"pin_{key}")
        b.setMinimumSize(KEY_SIZE * 3 // 2, KEY_SIZE)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _checked=False, k=key: self.press(k))
        self.keys[key] = b
        return b

    # --- state ----------------------------------------------------------------------------
    def retranslate(self, lang: Lang) -> None:
        self._lang = lang
        self.heading.setText(tr("pin.heading", lang))
        self.prompt.setText(tr("pin.prompt", lang))
        self.keys["clear"].setText(tr("pin.clear", lang))
        self.keys["backspace"].setText(tr("pin.backspace", lang))
        self.ok_button.setText(tr("pin.ok", lang))
        self.cancel_button.setText(tr("pin.cancel", lang))

    def digits_entered(self) -> int:
        return len(self._pin)

    def is_busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """While the PIN is being checked, keys do nothing and a "checking" line shows."""
        self._busy = busy
        if busy:
            self.message.setObjectName("Muted")
            self.message.setText(tr("pin.checking", self._lang))
        self._restyle_message()
        self._refresh()

    def show_error(self, text: str) -> None:
        self._busy = False
        self.message.setObjectName("Error")
        self._restyle_message()
        self.message.setText(text)
        self._refresh()

    def reset(self) -> None:
        """Forget the digits and any message (the pad is closed or opened again)."""
        self._pin = ""
        self._busy = False
        self.message.clear()
        self._refresh()

    # --- keys -----------------------------------------------------------------------------
    def press(self, key: str) -> None:
        if self._busy:
            return
        if key == "clear":
            self._pin = ""
        elif key == "backspace":
            self._pin = self._pin[:-1]
        elif len(key) == 1 and key in DIGITS and len(self._pin) < PIN_MAX_DIGITS:
            self._pin += key
            self.message.clear()
        self._refresh()

    def _submit(self) -> None:
        if self._busy or len(self._pin) < PIN_MIN_DIGITS:
            return
        pin, self._pin = self._pin, ""
        self._refresh()
        self.submitted.emit(pin)

    def _cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def _refresh(self) -> None:
        self.display.setText(DOT * len(self._pin) if self._pin else "–")
        self.ok_button.setEnabled(not self._busy and len(self._pin) >= PIN_MIN_DIGITS)
        for key, b in self.keys.items():
            b.setEnabled(not self._busy and (key.isdigit() or bool(self._pin)))

    def _restyle_message(self) -> None:
        style = self.message.style()
        style.unpolish(self.message)
        style.polish(self.message)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if len(text) == 1 and text in DIGITS:
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("backspace")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)
