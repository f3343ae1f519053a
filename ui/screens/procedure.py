"""What a procedure needs, shown before anything is typed: fee, time, documents, level."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from kiosk.domain.fees import describe_due_on, describe_fee_on
from kiosk.domain.preparation import KIOSK_CHANNEL
from kiosk.domain.procedure import Procedure, ServiceLevel
from kiosk.lang import Lang
from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, empty_layout, label, panel


class ProcedureScreen(Screen):
    step = Step.PROCEDURE
    continue_key = "proc.start"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        box = panel()
        self.form = QFormLayout(box)
        self.form.setContentsMargins(32, 24, 32, 24)
        self.form.setVerticalSpacing(18)
        self.fee_title, self.fee = label(name="H2"), label()
        self.fee.setObjectName("fee_due")
        #: the rule behind the amount: the rate, the city's support, the legal basis
        self.fee_rule = label(name="Muted")
        fee_box = QWidget()
        fee_lines = QVBoxLayout(fee_box)
        fee_lines.setContentsMargins(0, 0, 0, 0)
        fee_lines.setSpacing(4)
        fee_lines.addWidget(self.fee)
        fee_lines.addWidget(self.fee_rule)
        self.time_title, self.time = label(name="H2"), label()
        self.level_title, self.level = label(name="H2"), label()
        self.agency_title, self.agency = label(name="H2"), label()
        self.code_title, self.code = label(name="H2"), label()
        self.code.setObjectName("procedure_code")
        rows: tuple[tuple[QWidget, QWidget], ...] = (
            (self.fee_title, fee_box),
            (self.time_title, self.time),
            (self.level_title, self.level),
            (self.agency_title, self.agency),
            (self.code_title, self.code),
        )
        for t, v in rows:
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
        due, rule = fee_lines(p, lang, self.ctx.services.clock().date())
        self.fee.setText(self.ctx.tr("proc.fee_due", fee=due))
        self.fee_rule.setText(self.ctx.tr("proc.fee_rule", rule=rule))
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


def fee_lines(p: Procedure, lang: Lang, day: date) -> tuple[str, str]:
    """What is paid filing at the kiosk on ``day`` (its online channel) and the rule behind
    it, as the engine decides them."""
    return (
        describe_due_on(p.fee, lang, channel=KIOSK_CHANNEL, day=day),
        describe_fee_on(p.fee, lang, channel=KIOSK_CHANNEL, day=day),
    )
