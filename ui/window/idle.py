"""Idle handling: a warning with a visible countdown, then a wipe.

Any touch, click or key press restarts the clock. The warning only appears when there is
something to protect (the session is not blank, or text was typed on the home screen); while
it shows, a touch anywhere (not only its button) keeps the visit (``resumed``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.lang import Lang
from ui.screens.base import label
from ui.strings import tr

#: the events that count as a person at the kiosk (the resident's timer and staff mode's)
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class IdleWatcher(QObject):
    """Application event filter + timers. ``expired`` fires when the countdown reaches zero."""

    warn = Signal(int)  # seconds left, emitted every second while warning
    resumed = Signal()
    expired = Signal()

    def __init__(
        self,
        warning_ms: int,
        countdown_s: int,
        has_personal_data: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._countdown_s = countdown_s
        self._has_data = has_personal_data
        self._left = 0
        self.warning = False
        #: how often the idle clock ran out (with or without a warning): tests wait on it
        self.idle_checks = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(warning_ms)
        self._idle.timeout.connect(self._start_warning)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self._idle.start()

    @property
    def warning_ms(self) -> int:
        """How long without a touch before the warning, as now set."""
        return self._idle.interval()

    @property
    def counting(self) -> bool:
        """Whether the countdown to the wipe is running."""
        return self._tick.isActive()

    def set_timing(self, warning_ms: int, countdown_s: int, tick_ms: int = 1000) -> None:
        self._idle.setInterval(warning_ms)
        self._countdown_s = countdown_s
        self._tick.setInterval(tick_ms)
        self.poke()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() not in ACTIVITY_EVENTS:
            return False
        if self.warning:
            # a touch anywhere keeps the visit; it is used up, so it does not also press
            # whatever lies under the warning
            self.resume()
            return True
        self.poke()
        return False

    def stop(self) -> None:
        self._idle.stop()
        self._tick.stop()
        self.warning = False

    def poke(self) -> None:
        """Activity: restart the idle clock (during the warning, activity calls resume())."""
        self._idle.start()

    def resume(self) -> None:
        self.warning = False
        self._tick.stop()
        self.resumed.emit()
        self._idle.start()

    def _start_warning(self) -> None:
        self.idle_checks += 1
        if not self._has_data():
            self._idle.start()
            return
        self.warning = True
        self._left = self._countdown_s
        self.warn.emit(self._left)
        self._tick.start()

    def _count(self) -> None:
        self._left -= 1
        if self._left > 0:
            self.warn.emit(self._left)
            return
        self._tick.stop()
        self.warning = False
        self.expired.emit()
        self._idle.start()


class IdleOverlay(QFrame):
    """Covers the window while the countdown runs."""

    continued = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dialog = QFrame()
        dialog.setObjectName("Dialog")
        dialog.setMinimumWidth(900)
        inner = QVBoxLayout(dialog)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(24)
        self.title = label(name="H1")
        self.count = label(name="Countdown")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = label()
        self.button = QPushButton()
        self.button.setObjectName("Primary")
        self.button.clicked.connect(self.continued)
        for w in (self.title, self.count, self.text, self.button):
            inner.addWidget(w)
        outer.addWidget(dialog)
        self.hide()

    def show_countdown(self, seconds: int, lang: Lang) -> None:
        self.title.setText(tr("idle.heading", lang))
        self.count.setText(str(seconds))
        self.text.setText(tr("idle.body", lang, n=seconds))
        self.button.setText(tr("idle.continue", lang))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
