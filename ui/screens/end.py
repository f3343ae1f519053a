"""Thank you: the data is already wiped; home returns by itself after a few seconds."""

from __future__ import annotations

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, label


class EndScreen(Screen):
    step = Step.END
    show_back = False
    continue_key = "nav.home"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.text = label(name="H2")
        self.body.addWidget(self.text)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("end.heading"))
        self.text.setText(self.ctx.tr("end.body"))

    def on_continue(self) -> None:
        self.ctx.session.finish()
