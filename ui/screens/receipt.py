"""The receipt on screen: code in large type, tracking QR, fee with payment QR, what next."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.domain.receipt import PaymentState, Receipt
from kiosk.errors import KioskError
from kiosk.session import Step
from ui.screens.base import Screen, label, panel
from ui.strings import money
from ui.widgets.qr import QrView

log = logging.getLogger(__name__)

PAYMENT_POLL_MS = 5000


class ReceiptScreen(Screen):
    step = Step.RECEIPT
    show_back = False
    continue_key = "receipt.rate"

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
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
        self.paid = label(name="CardMark")
        self.next = label()
        self.print_state = label(name="H2")
        grid.addWidget(self.due, 0, 0)
        grid.addWidget(self.fee, 1, 0)
        grid.addWidget(self.paid, 2, 0)
        grid.addWidget(self.next, 3, 0)
        grid.addWidget(self.print_state, 4, 0)
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
        self._print_key = ""
        self._print_reason: KioskError | None = None
        self._paid = False
        self._poll = QTimer(self)
        self._poll.setInterval(PAYMENT_POLL_MS)
        self._poll.timeout.connect(self._check_payment)
        self._poll_left = 0

    # --- content --------------------------------------------------------------------------
    def show_receipt(self, receipt: Receipt) -> None:
        self.receipt = receipt
        self._paid = receipt.payment_state is PaymentState.PAID
        self.code.setText(receipt.dossier_code)
        self.track_qr.set_text(receipt.tracking_url)
        self.pay_qr.set_text(receipt.payment_payload)
        self.pay_box.setVisible(bool(receipt.payment_payload) and not self._paid)
        poll_s = int(self.ctx.services.config["payment.poll_s"])
        self._poll_left = poll_s * 1000 // max(1, self._poll.interval())
        if receipt.payment_payload and not self._paid and self._poll_left > 0:
            self._poll.start()
        self.retranslate()

    def set_print_state(self, key: str, reason: KioskError | None = None) -> None:
        self._print_key = key
        self._print_reason = reason
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
        if r.fee_vnd == 0:
            self.fee.setText(t("receipt.no_fee"))
            self.paid.setText("")
        else:
            self.fee.setText(t("receipt.fee", fee=money(r.fee_vnd, lang)))
            self.paid.setText(t("receipt.paid" if self._paid else "receipt.unpaid"))
        if self._print_key == "receipt.print_failed" and self._print_reason is not None:
            self.print_state.setObjectName("Error")
            self.print_state.setText(
                t("receipt.print_failed", reason=self._print_reason.message(lang))
            )
        else:
            self.print_state.setObjectName("H2")
            self.print_state.setText(t(self._print_key) if self._print_key else "")
        self.print_state.style().unpolish(self.print_state)
        self.print_state.style().polish(self.print_state)

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
        self._print_reason = None
        self.code.clear()
        self.track_qr.clear()
        self.pay_qr.clear()
        self.due.clear()
        self.fee.clear()
        self.paid.clear()
        self.print_state.clear()
        self.next.clear()
        super().clear()
