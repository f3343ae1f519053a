"""Check your answers: every answer on one page, each with "Change"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.session import Step
from ui.display import show_answer
from ui.screens.base import Screen, empty_layout, label, scroll_area
from ui.screens.form import session_pages
from ui.screens.procedure import fee_text


class ReviewScreen(Screen):
    step = Step.REVIEW
    continue_key = "review.submit"

    submitRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.holder = QWidget()
        self.grid = QGridLayout(self.holder)
        self.grid.setHorizontalSpacing(32)
        self.grid.setVerticalSpacing(14)
        self.body.addWidget(scroll_area(self.holder), 1)
        self.error = label(name="Error")
        self.error.hide()
        self.body.addWidget(self.error)

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("review.heading"))
        self.error.setText(self.ctx.tr("submit.failed"))
        self.on_enter()

    def show_submit_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def on_enter(self) -> None:
        empty_layout(self.grid)
        s = self.ctx.session
        p = s.procedure
        if p is None:
            return
        lang = self.ctx.lang
        row = 0
        self.grid.addWidget(label(self.ctx.tr("review.procedure"), "H2"), row, 0)
        self.grid.addWidget(label(p.name(lang)), row, 1)
        row += 1
        self.grid.addWidget(label(self.ctx.tr("review.fee"), "H2"), row, 0)
        self.grid.addWidget(label(fee_text(p, lang)), row, 1)
        row += 1
        pages = session_pages(s)
        on_pages = {f.key for page in pages for f in page}
        # what the kiosk answered alone and no page asks (the filing ward) is shown, fixed
        unpaged = [f for f in p.form.fields if f.key not in on_pages and f.key in s.answers]
        for page_no, page in [*enumerate(pages), (-1, unpaged)]:
            for spec in page:
                pre = s.prefilled.get(spec.key)
                if page_no >= 0 and not s.is_shown(spec):
                    continue
                self.grid.addWidget(label(spec.label(lang), "H2"), row, 0)
                value = label(show_answer(spec, s.answers.get(spec.key), lang))
                value.setObjectName(f"answer-{spec.key}")
                self.grid.addWidget(value, row, 1)
                if page_no >= 0 and (pre is None or pre.editable):
                    change = QPushButton(self.ctx.tr("review.change"))
                    change.setObjectName("Link")
                    change.setProperty("change", spec.key)
                    change.clicked.connect(lambda _=False, n=page_no: s.change_answer(n))
                    self.grid.addWidget(change, row, 2)
                elif pre is not None and pre.from_card:
                    self.grid.addWidget(label(self.ctx.tr("form.from_card"), "CardMark"), row, 2)
                row += 1
        self.grid.setColumnStretch(1, 1)

    def on_continue(self) -> None:
        self.error.hide()
        self.submitRequested.emit()

    def clear(self) -> None:
        empty_layout(self.grid)
        self.error.hide()
        super().clear()
