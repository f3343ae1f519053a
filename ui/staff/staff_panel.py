"""What a staff member can do for the resident at the kiosk.

See the visit's step, enter the identity by hand at the ID card step, reprint the receipt on
screen, look at the outbox, end the visit (wipe). Printing and the outbox query run on the
window's task runner, never on the GUI thread.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend.api import OutboxState
from kiosk.card.api import CardReadResult
from kiosk.diagnostics.report import scrub
from kiosk.errors import KioskError
from kiosk.staff.pins import StaffMember
from kiosk.visit.flow import print_failure
from kiosk.visit.session import Step
from ui.screens.base import label
from ui.staff.identity_form import IdentityForm
from ui.staff.strings import tr
from ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: what the panel says when the kiosk itself called the staff, by the error's code
ALERT_KEYS = {"card.not_genuine": "staff.alert_not_genuine"}


def _when(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value is not None else ""


class StaffPanel(QWidget):
    """The staff overlay's content. ``closeRequested`` asks the mode to close."""

    closeRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPanel")
        self.window_ = window
        self.ctx = window.ctx
        self.member: StaffMember | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)

        self.main = QWidget()
        page = QVBoxLayout(self.main)
        page.setSpacing(14)
        self.heading = label(name="H1")
        self.who = label(name="Muted")
        self.visit = label(name="H2")
        self.procedure = label()
        self.called = label(name="Error")  # stands out: someone is waiting for help
        self.called.setProperty("role", "staff_called")
        for w in (self.heading, self.who, self.visit, self.called, self.procedure):
            page.addWidget(w)

        self.identity_button = QPushButton()
        self.identity_button.setObjectName("staff_identity")
        self.identity_button.clicked.connect(self.open_identity_form)
        self.identity_hint = label(name="Muted")
        page.addWidget(self.identity_button)
        page.addWidget(self.identity_hint)

        reprint_row = QHBoxLayout()
        self.reprint_button = QPushButton()
        self.reprint_button.setObjectName("staff_reprint")
        self.reprint_button.clicked.connect(self.reprint)
        self.print_status = label()
        self.print_status.setObjectName("staff_print_status")
        reprint_row.addWidget(self.reprint_button)
        reprint_row.addWidget(self.print_status, 1)
        page.addLayout(reprint_row)

        outbox = QFrame()
        outbox.setObjectName("Panel")
        box = QVBoxLayout(outbox)
        box.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        self.outbox_title = label(name="H2")
        self.outbox_refresh = QPushButton()
        self.outbox_refresh.setObjectName("staff_outbox_refresh")
        self.outbox_refresh.clicked.connect(self.refresh_outbox)
        top.addWidget(self.outbox_title, 1)
        top.addWidget(self.outbox_refresh)
        box.addLayout(top)
        self.outbox_text = label()
        self.outbox_text.setObjectName("staff_outbox")
        box.addWidget(self.outbox_text)
        page.addWidget(outbox)

        end_row = QHBoxLayout()
        self.end_button = QPushButton()
        self.end_button.setObjectName("staff_end")
        self.end_button.clicked.connect(self._ask_end)
        self.end_confirm = QPushButton()
        self.end_confirm.setObjectName("Primary")
        self.end_confirm.setProperty("role", "staff_end_confirm")
        self.end_confirm.clicked.connect(self.end_visit)
        self.end_keep = QPushButton()
        self.end_keep.setObjectName("staff_end_keep")
        self.end_keep.clicked.connect(self._keep_visit)
        for b in (self.end_button, self.end_confirm, self.end_keep):
            end_row.addWidget(b)
        end_row.addStretch(1)
        page.addLayout(end_row)
        page.addStretch(1)
        self.close_button = QPushButton()
        self.close_button.setObjectName("Primary")
        self.close_button.setProperty("role", "staff_close")
        self.close_button.clicked.connect(self.closeRequested)
        page.addWidget(self.close_button)
        self.pages.addWidget(self.main)

        self.identity_form = IdentityForm(self._today)
        self.identity_form.accepted.connect(self._identity_entered)
        self.identity_form.backRequested.connect(self._back_to_main)
        self.pages.addWidget(self.identity_form)

        self._outbox: OutboxState | None = None
        self._outbox_error = False
        self._keep_visit()

    def _today(self) -> date:
        return self.ctx.services.clock().date()

    # --- opening --------------------------------------------------------------------------
    def enter(self, member: StaffMember) -> None:
        """Show the panel for ``member`` (just unlocked the pad)."""
        self.member = member
        self.pages.setCurrentWidget(self.main)
        self.identity_form.clear()
        self.print_status.clear()
        self._keep_visit()
        self._outbox = None
        self._outbox_error = False
        self.retranslate()
        self.refresh_outbox()

    def leave(self) -> None:
        """Forget what was typed; the panel is hidden."""
        self.identity_form.clear()
        self.pages.setCurrentWidget(self.main)
        self.member = None

    def abandon(self) -> None:
        """Worker answers were dropped (the visit was wiped): unblock the buttons."""
        self.outbox_refresh.setEnabled(True)
        if self.print_status.text() == tr("staff.printing", self.ctx.lang):
            self.print_status.clear()
        self.show_visit()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(tr("staff.heading", lang))
        self.who.setText(tr("staff.who", lang, label=self.member.label) if self.member else "")
        self.identity_button.setText(tr("staff.enter_identity", lang))
        self.identity_hint.setText(tr("staff.enter_identity_hint", lang))
        self.reprint_button.setText(tr("staff.reprint", lang))
        self.outbox_title.setText(tr("staff.outbox", lang))
        self.outbox_refresh.setText(tr("staff.outbox_refresh", lang))
        self.end_button.setText(tr("staff.end_visit", lang))
        self.end_confirm.setText(tr("staff.end_confirm", lang))
        self.end_keep.setText(tr("staff.end_keep", lang))
        self.close_button.setText(tr("staff.close", lang))
        self.identity_form.retranslate(lang)
        self.show_visit()
        self._show_outbox()

    def show_visit(self) -> None:
        """The resident's step in plain words, and which actions it allows."""
        lang = self.ctx.lang
        s = self.ctx.session
        self.visit.setText(tr("staff.visit", lang, step=tr(f"staff.step.{s.step.value}", lang)))
        called = self.ctx.staff_called_at
        alert = self.ctx.staff_alert
        if alert:
            self.called.setText(tr(ALERT_KEYS.get(alert, "staff.alert"), lang))
        else:
            self.called.setText(
                tr("staff.resident_called", lang, time=called.strftime("%H:%M")) if called else ""
            )
        self.called.setVisible(called is not None or bool(alert))
        p = s.procedure
        name = (p.name_vi if lang == "vi" else p.name_en) if p is not None else ""
        self.procedure.setText(tr("staff.procedure", lang, name=name) if name else "")
        self.procedure.setVisible(bool(name))
        self.identity_button.setEnabled(s.step is Step.IDENTIFY and s.consented)
        self.reprint_button.setEnabled(self.window_.receipt.receipt is not None)
        if self.window_.receipt.receipt is None and not self.print_status.text():
            self.print_status.setText(tr("staff.no_receipt", lang))

    def focus_first(self) -> None:
        """Keyboard and switch users start on the first action the visit allows."""
        for b in (self.identity_button, self.reprint_button, self.close_button):
            if b.isEnabled():
                b.setFocus()
                return

    # --- identity by hand -----------------------------------------------------------------
    def open_identity_form(self) -> None:
        if self.member is None or self.ctx.session.step is not Step.IDENTIFY:
            return
        self.identity_form.start(self.member.staff_id)
        self.identity_form.retranslate(self.ctx.lang)
        self.pages.setCurrentWidget(self.identity_form)
        self.identity_form.number.setFocus()

    def _back_to_main(self) -> None:
        self.identity_form.clear()
        self.pages.setCurrentWidget(self.main)
        self.show_visit()

    def _identity_entered(self, result: CardReadResult) -> None:
        session = self.ctx.session
        if session.step is not Step.IDENTIFY:
            self.identity_form.errors["number"].setText(tr("ident.not_identify", self.ctx.lang))
            return
        log.info("identity entered by staff %s", result.identity.entered_by)
        self.identity_form.clear()
        self.pages.setCurrentWidget(self.main)
        session.identified(result)
        self.closeRequested.emit()

    # --- reprint --------------------------------------------------------------------------
    def reprint(self) -> None:
        receipt = self.window_.receipt.receipt
        if receipt is None:
            self.print_status.setText(tr("staff.no_receipt", self.ctx.lang))
            return
        printer = self.ctx.services.printer
        self.reprint_button.setEnabled(False)
        self.print_status.setText(tr("staff.printing", self.ctx.lang))
        log.info("receipt reprint asked by staff %s", self.member.staff_id if self.member else "-")
        self.ctx.runner.run(lambda: printer(receipt), self._printed, self._print_failed)

    def _printed(self, _: object) -> None:
        self.print_status.setText(tr("staff.printed", self.ctx.lang))
        self.show_visit()

    def _print_failed(self, error: BaseException) -> None:
        if isinstance(error, KioskError):
            log.warning("reprint failed: %s", error)
        else:
            log.error("reprint crashed", exc_info=error)
        self.print_status.setText(print_failure(error).message(self.ctx.lang))
        self.show_visit()

    # --- outbox ---------------------------------------------------------------------------
    def refresh_outbox(self) -> None:
        gateway = self.ctx.services.gateway
        self.outbox_refresh.setEnabled(False)
        self.outbox_text.setText(tr("staff.outbox_loading", self.ctx.lang))
        self.ctx.runner.run(gateway.outbox_state, self._outbox_loaded, self._outbox_failed)

    def _outbox_loaded(self, state: OutboxState) -> None:
        self._outbox, self._outbox_error = state, False
        self.outbox_refresh.setEnabled(True)
        self._show_outbox()

    def _outbox_failed(self, error: BaseException) -> None:
        log.warning("outbox state not read: %s", type(error).__name__)
        self._outbox, self._outbox_error = None, True
        self.outbox_refresh.setEnabled(True)
        self._show_outbox()

    def _show_outbox(self) -> None:
        lang = self.ctx.lang
        if self._outbox_error:
            self.outbox_text.setText(tr("staff.outbox_failed", lang))
            return
        state = self._outbox
        if state is None:
            return
        never = tr("staff.outbox_never", lang)
        lines = [
            tr("staff.outbox_depth", lang, n=state.depth),
            tr("staff.outbox_oldest", lang, when=_when(state.oldest_queued_at) or never),
            tr("staff.outbox_sync", lang, when=_when(state.last_sync_at) or never),
        ]
        if state.refusing:
            lines.append(tr("staff.outbox_full", lang))
        if state.last_error:
            lines.append(tr("staff.outbox_error", lang, error=scrub(state.last_error)))
        self.outbox_text.setText("\n".join(lines))

    # --- end of visit ---------------------------------------------------------------------
    def _ask_end(self) -> None:
        self.end_button.hide()
        self.end_confirm.show()
        self.end_keep.show()

    def _keep_visit(self) -> None:
        self.end_button.show()
        self.end_confirm.hide()
        self.end_keep.hide()

    def end_visit(self) -> None:
        log.info("visit ended by staff %s", self.member.staff_id if self.member else "-")
        self._keep_visit()
        self.ctx.session.wipe()
        self.closeRequested.emit()
