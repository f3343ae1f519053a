"""A long press on a widget (the hidden gesture that opens staff mode)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class LongPress(QObject):
    """Emits ``held`` when the watched widget is pressed for ``hold_ms`` (the hidden gesture
    that opens staff mode: a long press on the title)."""

    held = Signal()

    def __init__(self, target: QWidget, hold_ms: int = 3000) -> None:
        super().__init__(target)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.held)
        target.installEventFilter(self)

    def pending(self) -> bool:
        """A press is being held and has not yet lasted ``hold_ms``."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._timer.start()
        elif event.type() in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
            QEvent.Type.Leave,
        ):
            self._timer.stop()
        return False
