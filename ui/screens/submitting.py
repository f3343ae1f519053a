"""While the dossier goes into the outbox and to the city."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, label


class SubmittingScreen(Screen):
    step = Step.SUBMITTING
    show_back = False
    show_continue = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.text = label()
        self.body.addWidget(self.text)
        bar = QProgressBar()
        bar.setRange(0, 0)  # busy indicator
        bar.setTextVisible(False)
        self.body.addWidget(bar)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("submit.heading"))
        self.text.setText(self.ctx.tr("submit.body"))
