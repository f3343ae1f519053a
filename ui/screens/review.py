"""Check your answers: every answer on one page, each with "Change"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.display import show_answer
from ui.screens.base import Screen, empty_layout, label, refit, scroll_area
from ui.screens.form import session_pages


class ReviewScreen(Screen):
    step = Step.REVIEW
    scrollable = False
    continue_key = "review.submit"

    submitRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.holder = QWidget()
        # one answer a block, the question over its answer: a single column of word-wrapped
        # text lays out at any text size (a grid of wrapped labels clips in large text)
        self.grid = QVBoxLayout(self.holder)
        self.grid.setSpacing(18)
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
        self._row(self.ctx.tr("review.procedure"), p.name(lang))
        # the fee these answers (copies, pages) make, and its rule: the engine's preparation
        quote = self.ctx.visit.preparation().fee
        self._row(self.ctx.tr("review.fee"), f"{quote.due_text(lang)}\n{quote.rule_text(lang)}")
        pages = session_pages(s)
        on_pages = {f.key for page in pages for f in page}
        # what the kiosk answered alone and no page asks (the filing ward) is shown, fixed
        unpaged = [f for f in p.form.fields if f.key not in on_pages and f.key in s.answers]
        # in the form's order (a page asks its questions before the card's facts; the review
        # reads as the paper form does: who is asking first)
        order = {f.key: n for n, f in enumerate(p.form.fields)}
        for page_no, page in [*enumerate(pages), (-1, unpaged)]:
            for spec in sorted(page, key=lambda f: order[f.key]):
                pre = s.prefilled.get(spec.key)
                if page_no >= 0 and not s.is_shown(spec):
                    continue
                action: QWidget | None = None
                if page_no >= 0 and (pre is None or pre.editable):
                    button = QPushButton(self.ctx.tr("review.change"))
                    button.setObjectName("Link")
                    button.setProperty("change", spec.key)
                    button.clicked.connect(lambda _=False, n=page_no: s.change_answer(n))
                    action = button
                elif pre is not None and pre.from_card:
                    action = label(self.ctx.tr("form.from_card"), "CardMark", wrap=False)
                answer = show_answer(spec, s.answers.get(spec.key), lang)
                value = self._row(spec.label(lang), answer, action)
                value.setObjectName(f"answer-{spec.key}")
        self.grid.addStretch(1)
        refit(self.holder)

    def _row(self, question: str, answer: str, action: QWidget | None = None) -> QLabel:
        """One answer: the question (with Change or "from your card" beside it), the answer
        under it. Returns the answer's label."""
        block = QWidget()
        lay = QVBoxLayout(block)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(label(question, "H2"), 1)
        if action is not None:
            top.addWidget(action)
        lay.addLayout(top)
        value = label(answer)
        lay.addWidget(value)
        self.grid.addWidget(block)
        return value

    def on_continue(self) -> None:
        self.error.hide()
        self.submitRequested.emit()

    def clear(self) -> None:
        empty_layout(self.grid)
        self.error.hide()
        super().clear()
