"""The receipt on screen: code in large type, tracking QR, fee with its rule and payment QR,
postage, what next, the receiving and the competent unit - all as the engine decided them
(:class:`~kiosk.domain.receipt.Receipt`, and its :class:`~kiosk.domain.preparation.Preparation`
for the English texts)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.domain.preparation import Preparation
from kiosk.domain.receipt import PaymentState, Receipt
from kiosk.lang import Lang
from kiosk.printing.errors import PrinterError
from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, label, panel
from ui.strings import money
from ui.widgets.qr import QrView

log = logging.getLogger(__name__)

PAYMENT_POLL_MS = 5000

#: the payment line for each state the engine decided
_PAYMENT_KEYS = {
    PaymentState.FREE: "receipt.no_fee",
    PaymentState.UNPAID: "receipt.unpaid",
    PaymentState.PAID: "receipt.paid",
    PaymentState.UNKNOWN: "receipt.pay_unknown",
}


class ReceiptScreen(Screen):
    step = Step.RECEIPT
    show_back = False
    continue_key = "receipt.rate"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        code_panel = panel()
        code_panel.setObjectName("CodePanel")
        cp = QVBoxLayout(code_panel)
        cp.setContentsMargins(40, 20, 40, 20)
        self.code_title = label(name="H2")
        self.code = label(name="Code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.provisional = label(name="Muted")
        cp.addWidget(self.code_title)
        cp.addWidget(self.code)
        cp.addWidget(self.provisional)
        self.body.addWidget(code_panel)

        row = QHBoxLayout()
        row.setSpacing(32)
        track_box = panel()
        tb = QVBoxLayout(track_box)
        self.track_qr = QrView(300)
        self.track_title = label(name="H2")
        tb.addWidget(self.track_title)
        tb.addWidget(self.track_qr, 0, Qt.AlignmentFlag.AlignHCenter)
        row.addWidget(track_box)

        info_box = panel()
        grid = QGridLayout(info_box)
        grid.setContentsMargins(32, 24, 32, 24)
        self.due = label()
        self.fee = label(name="H2")
        self.fee_rule = label(name="Muted")
        self.paid = label(name="CardMark")
        self.postage = label()
        self.postage.setObjectName("receipt_postage")
        self.next = label()
        self.receiving = label()
        self.receiving.setObjectName("receipt_receiving")
        self.competent = label()
        self.competent.setObjectName("receipt_competent")
        self.print_state = label(name="H2")
        for n, w in enumerate(
            (
                self.due,
                self.fee,
                self.fee_rule,
                self.paid,
                self.postage,
                self.next,
                self.receiving,
                self.competent,
                self.print_state,
            )
        ):
            grid.addWidget(w, n, 0)
        row.addWidget(info_box, 1)

        self.pay_box = panel()
        pb = QVBoxLayout(self.pay_box)
        self.pay_title = label(name="H2")
        self.pay_qr = QrView(300)
        pb.addWidget(self.pay_title)
        pb.addWidget(self.pay_qr, 0, Qt.AlignmentFlag.AlignHCenter)
        row.addWidget(self.pay_box)
        self.body.addLayout(row)
        self.body.addStretch(1)

        self.receipt: Receipt | None = None
        self.prepared: Preparation | None = None
        self._print_key = ""
        self._print_failure: PrinterError | None = None
        self._paid = False
        self._poll = QTimer(self)
        self._poll.setInterval(PAYMENT_POLL_MS)
        self._poll.timeout.connect(self._check_payment)
        self._poll_left = 0

    # --- content --------------------------------------------------------------------------
    def show_receipt(self, receipt: Receipt, prepared: Preparation | None = None) -> None:
        """Show ``receipt``; ``prepared`` (its dossier's preparation) gives the fee rule's note
        and the English wording of the fee and postage (the receipt's texts are Vietnamese)."""
        self.receipt = receipt
        self.prepared = prepared
        self._paid = receipt.payment_state is PaymentState.PAID
        self.code.setText(receipt.dossier_code)
        self.track_qr.set_text(receipt.tracking_url)
        self.pay_qr.set_text(receipt.payment_payload)
        self.pay_box.setVisible(bool(receipt.payment_payload) and not self._paid)
        poll_s = self.ctx.services.config.payment.poll_s
        self._poll_left = poll_s * 1000 // max(1, self._poll.interval())
        if receipt.payment_payload and not self._paid and self._poll_left > 0:
            self._poll.start()
        self.retranslate()

    def set_print_state(self, key: str) -> None:
        """Printing (``receipt.printing``) or printed (``receipt.printed``)."""
        self._print_key = key
        self._print_failure = None
        self.retranslate()

    def show_print_failure(self, error: PrinterError) -> None:
        """The receipt did not print: the printer's message (it says the dossier is filed
        and to photograph the code and QR)."""
        self._print_key = ""
        self._print_failure = error
        self.retranslate()

    def retranslate(self) -> None:
        t = self.ctx.tr
        lang = self.ctx.lang
        self.heading.setText(t("receipt.heading"))
        self.code_title.setText(t("receipt.code"))
        self.track_title.setText(t("receipt.track_qr"))
        self.pay_title.setText(t("receipt.pay_qr"))
        r = self.receipt
        self.next.setText(t("receipt.next"))
        if r is None:
            return
        if r.delivery == "post":
            # by post: where it goes (the receipt's address is the postal one), nothing to bring
            address = r.applicant_address or t("receipt.registered_address")
            self.next.setText(t("receipt.next_post", address=address))
        self.provisional.setVisible(not r.code_official)
        self.provisional.setText(t("receipt.provisional"))
        if r.due_at is None:
            due = t("proc.unknown")
        elif lang == "vi":
            due = r.due_text  # "16 giờ 00 phút, ngày 27/11/2026", as on the printed receipt
        else:
            due = r.due_at.strftime("%H:%M on %d/%m/%Y")
        self.due.setText(t("receipt.due", due=due))
        fee, rule, postage = self._fee_texts(r, lang)
        self.fee.setText(t("receipt.fee", fee=fee))
        self.fee_rule.setText(t("receipt.fee_rule", rule=rule) if rule else "")
        self.fee_rule.setVisible(bool(rule))
        state = PaymentState.PAID if self._paid else r.payment_state
        self.paid.setText(t(_PAYMENT_KEYS[state]))
        self.postage.setText(postage)
        self.postage.setVisible(bool(postage))
        self.receiving.setText(t("receipt.receiving", unit=r.receiving_unit))
        self.receiving.setVisible(bool(r.receiving_unit))
        self.competent.setText(t("receipt.competent", unit=r.competent_agency))
        self.competent.setVisible(bool(r.competent_agency))
        if self._print_failure is not None:
            self.print_state.setObjectName("Error")
            self.print_state.setText(self._print_failure.message(lang))
        else:
            self.print_state.setObjectName("H2")
            self.print_state.setText(t(self._print_key) if self._print_key else "")
        self.print_state.style().unpolish(self.print_state)
        self.print_state.style().polish(self.print_state)

    def _fee_texts(self, r: Receipt, lang: Lang) -> tuple[str, str, str]:
        """(fee, rule, postage) in ``lang``: the slip's own texts in Vietnamese, the
        preparation's in English; the rule with its note where the preparation is known."""
        p = self.prepared
        if p is not None:
            fee = r.fee_text if lang == "vi" else p.fee.due_text(lang)
            if lang != "vi" and r.fee_vnd is not None and r.fee_vnd != p.fee.due:
                fee = money(r.fee_vnd, "en")  # the dossier was filed with another amount
            postage = p.delivery.postage_text(lang) if r.delivery == "post" else ""
            return fee, p.fee.rule_text(lang), postage
        fee = r.fee_text if lang == "vi" else money(r.fee_vnd, lang)
        postage = f"Cước bưu chính: {r.postage_text}" if lang == "vi" else ""
        return fee, r.fee_rule_text, postage if r.postage_text else ""

    # --- payment --------------------------------------------------------------------------
    def set_poll_interval(self, ms: int) -> None:
        """How often the payment state is asked for (tests use a short interval)."""
        self._poll.setInterval(ms)

    def _check_payment(self) -> None:
        self._poll_left -= 1
        if self._poll_left <= 0 or self.receipt is None:
            self._poll.stop()
            return
        uuid = self.receipt.dossier_uuid
        self.ctx.runner.run(
            lambda: self.ctx.services.gateway.payment_paid(uuid),
            self._payment_state,
            lambda exc: log.info("payment state not available: %s", exc),
        )

    def _payment_state(self, paid: bool) -> None:
        if paid and self.receipt is not None:
            self._paid = True
            self._poll.stop()
            self.pay_box.hide()
            self.retranslate()

    # --- navigation -----------------------------------------------------------------------
    def on_continue(self) -> None:
        self._poll.stop()
        self.ctx.session.to_rating()

    def clear(self) -> None:
        self._poll.stop()
        self.receipt = None
        self._paid = False
        self._print_key = ""
        self._print_failure = None
        self.code.clear()
        self.track_qr.clear()
        self.pay_qr.clear()
        self.prepared = None
        for lab in (
            self.due,
            self.fee,
            self.fee_rule,
            self.paid,
            self.postage,
            self.receiving,
            self.competent,
        ):
            lab.clear()
        self.print_state.clear()
        self.next.clear()
        super().clear()
