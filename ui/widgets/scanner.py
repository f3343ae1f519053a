"""Catches what a keyboard-mode 2D scanner types, anywhere in the window."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from kiosk.visit.scanner import BurstDetector


class ScannerInput(QObject):
    """Application event filter; emits ``scanned(text)`` when a burst ends with Enter."""

    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._detector = BurstDetector()
        self._clock = clock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat() or not self._first_delivery(watched):
            return False
        now = self._clock()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self._detector.end(now)
            if text is not None:
                self.scanned.emit(text)
                return True  # the scan is handled; the Enter does not also submit a form
        elif event.text() and event.text().isprintable():
            self._detector.feed(event.text(), now)
            # a printable key with no field to type into would reach a button (the space in
            # a scanned name presses the focused "English" button): nothing on a touch kiosk
            # is meant to be pressed by a key
            return not self._typing_field_has_focus()
        return False

    @staticmethod
    def _typing_field_has_focus() -> bool:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            return not (isinstance(focus, QLineEdit) and focus.isReadOnly())
        return False

    @staticmethod
    def _first_delivery(watched: QObject) -> bool:
        """A key event reaches the native window first, then the focus widget and its parents:
        count it once, at the window (where it arrives even when no field has the focus)."""
        return isinstance(watched, QWindow)
