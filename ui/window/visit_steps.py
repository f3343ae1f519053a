"""The visit's steps that need engine work (submit, print, rate), run on the task runner so
the GUI thread never waits. What they mean is the engine's (:class:`kiosk.visit.flow.
VisitFlow`); this module only runs them and shows the outcome on the review and receipt
screens."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.backend.api import Satisfaction
from kiosk.domain.dossier import SubmitOutcome
from kiosk.errors import KioskError
from kiosk.visit.flow import print_failure
from kiosk.visit.session import ClockError
from ui.context import UiContext

if TYPE_CHECKING:
    from ui.screens.receipt import ReceiptScreen
    from ui.screens.review import ReviewScreen

log = logging.getLogger(__name__)


class VisitSteps:
    """Submit, print and rate for the window; the screens are fetched when needed (they are
    built on first use)."""

    def __init__(
        self,
        ctx: UiContext,
        *,
        review: Callable[[], ReviewScreen],
        receipt: Callable[[], ReceiptScreen],
    ) -> None:
        self.ctx = ctx
        self._review = review
        self._receipt = receipt

    def submit(self) -> None:
        try:  # fee from the answers (copies, pages), rule, due date, units: the engine's
            dossier = self.ctx.visit.start_submit()
        except ClockError as exc:  # nothing filed: the answers stay on the review page
            log.error("submit refused: %s", exc)
            self._review().show_submit_error(exc.message(self.ctx.lang))
            return
        gateway = self.ctx.services.gateway
        self.ctx.runner.run(lambda: gateway.submit(dossier), self._submitted, self._submit_failed)

    def _submitted(self, outcome: SubmitOutcome) -> None:
        filed = self.ctx.visit.filed(outcome)
        receipt = self._receipt()
        receipt.show_receipt(filed.receipt, filed.prepared)
        receipt.set_print_state("receipt.printing")
        printer = self.ctx.services.printer
        self.ctx.runner.run(
            lambda: printer(filed.receipt),
            lambda _: self._receipt().set_print_state("receipt.printed"),
            self._print_failed,
        )

    def _print_failed(self, error: BaseException) -> None:
        if isinstance(error, KioskError):
            log.warning("printing failed: %s", error)
        else:
            log.error("printing crashed", exc_info=error)
        self._receipt().show_print_failure(print_failure(error))

    def _submit_failed(self, error: BaseException) -> None:
        log.error("submit failed", exc_info=error)
        self.ctx.session.submit_failed()
        message = (
            error.message(self.ctx.lang)
            if isinstance(error, KioskError)
            else self.ctx.tr("submit.failed")
        )
        self._review().show_submit_error(message)

    def rated(self, satisfaction: Satisfaction, reasons: tuple[str, ...]) -> None:
        """The resident rated (or skipped): the visit ends; the rating is queued."""
        rating = self.ctx.visit.rate(satisfaction, reasons)
        if rating is not None:
            gateway = self.ctx.services.gateway
            self.ctx.runner.run(
                lambda: gateway.rate(rating),
                lambda _: None,
                lambda exc: log.warning("rating not queued: %s", exc),
            )
