"""Shown after an unexpected error: never a traceback, always a way home."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPushButton

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, label

RETURN_AFTER_S = 10


class RecoveryScreen(Screen):
    """Not a session step of its own: the window shows it over whatever failed."""

    step = Step.HOME
    show_back = False
    show_continue = False

    done = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.setObjectName("screen-recovery")
        self.text = label(name="H2")
        self.body.addWidget(self.text)
        self.home = QPushButton()
        self.home.setObjectName("Primary")
        self.home.clicked.connect(self.finish)
        self.body.addWidget(self.home)
        self.body.addStretch(1)
        self._left = RETURN_AFTER_S
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._left = RETURN_AFTER_S
        self._timer.start()
        self.retranslate()

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.finish()
        else:
            self.retranslate()

    def finish(self) -> None:
        self._timer.stop()
        self.done.emit()

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("recovery.heading"))
        self.text.setText(self.ctx.tr("recovery.body"))
        self.home.setText(self.ctx.tr("recovery.home", n=self._left))
