"""What a procedure needs, shown before anything is typed: fee, time, documents, level."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QVBoxLayout

from kiosk.domain.fees import describe_fee
from kiosk.domain.procedure import Procedure, ServiceLevel
from kiosk.session import Step
from ui.screens.base import Screen, empty_layout, label, panel


class ProcedureScreen(Screen):
    step = Step.PROCEDURE
    continue_key = "proc.start"

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        box = panel()
        self.form = QFormLayout(box)
        self.form.setContentsMargins(32, 24, 32, 24)
        self.form.setVerticalSpacing(18)
        self.fee_title, self.fee = label(name="H2"), label()
        self.time_title, self.time = label(name="H2"), label()
        self.level_title, self.level = label(name="H2"), label()
        self.agency_title, self.agency = label(name="H2"), label()
        self.code_title, self.code = label(name="H2"), label()
        self.code.setObjectName("procedure_code")
        for t, v in (
            (self.fee_title, self.fee),
            (self.time_title, self.time),
            (self.level_title, self.level),
            (self.agency_title, self.agency),
            (self.code_title, self.code),
        ):
            self.form.addRow(t, v)
        self.body.addWidget(box)
        self.docs_title = label(name="H2")
        self.body.addWidget(self.docs_title)
        docs_box = panel()
        self.docs = QVBoxLayout(docs_box)
        self.docs.setContentsMargins(32, 16, 32, 16)
        self.body.addWidget(docs_box)
        self.body.addStretch(1)

    def retranslate(self) -> None:
        self.fee_title.setText(self.ctx.tr("proc.fee"))
        self.time_title.setText(self.ctx.tr("proc.time"))
        self.level_title.setText(self.ctx.tr("proc.level"))
        self.agency_title.setText(self.ctx.tr("proc.agency"))
        self.code_title.setText(self.ctx.tr("proc.code"))
        self.docs_title.setText(self.ctx.tr("proc.documents"))
        self.on_enter()

    def on_enter(self) -> None:
        p = self.ctx.session.procedure
        if p is None:
            return
        lang = self.ctx.lang
        self.heading.setText(p.name(lang))
        self.fee.setText(fee_text(p, lang))
        if p.processing_days is None:
            self.time.setText(self.ctx.tr("proc.unknown"))
        elif p.processing_days == 0:
            self.time.setText(self.ctx.tr("proc.same_day"))
        else:
            self.time.setText(self.ctx.tr("proc.days", days=p.processing_days))
        key = "proc.level.full" if p.level is ServiceLevel.FULL else "proc.level.partial"
        self.level.setText(self.ctx.tr(key))
        self.agency.setText(p.agency_vi if lang == "vi" else p.agency_en)
        self.code.setText(p.code)
        empty_layout(self.docs)
        for d in p.documents:
            name = d.name_vi if lang == "vi" else d.name_en
            extra = [self.ctx.tr("proc.copy" if d.copies == 1 else "proc.copies", n=d.copies)]
            if d.original:
                extra.append(self.ctx.tr("proc.original"))
            self.docs.addWidget(label(f"•  {name} ({', '.join(extra)})"))

    def on_continue(self) -> None:
        self.ctx.session.to_consent()


def fee_text(p: Procedure, lang: str) -> str:
    """The fee rule in one line, with the law's note where there is one."""
    note = p.fee.note_vi if lang == "vi" else p.fee.note_en
    return note or describe_fee(p.fee, lang)
