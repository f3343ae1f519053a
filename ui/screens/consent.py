"""Consent to read the card and use its data for this dossier (personal data rules)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, label, panel


class ConsentScreen(Screen):
    step = Step.CONSENT
    continue_key = "consent.agree"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        box = panel()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 32, 40, 32)
        self.text = label()
        inner.addWidget(self.text)
        self.body.addWidget(box)
        self.decline = QPushButton()
        self.decline.setObjectName("decline")
        self.decline.clicked.connect(self.ctx.session.finish)
        self.body.addWidget(self.decline)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("consent.heading"))
        self.text.setText(self.ctx.tr("consent.body"))
        self.decline.setText(self.ctx.tr("consent.decline"))

    def on_continue(self) -> None:
        self.ctx.session.give_consent()
