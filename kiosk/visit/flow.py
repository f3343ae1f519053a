"""What filing, the receipt and the rating of a visit are, decided once for the window.

:class:`VisitFlow` takes the session, the configuration and the clock; the window (and the
review screen) only call it and show what it returns. The fee, due time and units shown on
the review page, filed with the dossier and printed on the receipt all come from one
:func:`kiosk.domain.preparation.prepare_dossier`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.backend.api import Rating, Satisfaction
from kiosk.config import Config
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.preparation import Preparation, prepare_dossier, prepare_filed
from kiosk.printing.errors import PrinterError, PrintJobError
from kiosk.visit.session import StepError, VisitSession

if TYPE_CHECKING:
    from kiosk.domain.receipt import Receipt


@dataclass(frozen=True)
class FiledReceipt:
    """The receipt of a filed dossier and the preparation it was filed with (the screen
    takes the fee rule's note and the English wording from it). Personal data: never log."""

    receipt: Receipt
    prepared: Preparation


class VisitFlow:
    """The engine's side of the review, submit, receipt and rating steps.

    Stateless besides its collaborators: the window may build one whenever it needs it.
    """

    def __init__(
        self, session: VisitSession, config: Config, clock: Callable[[], datetime]
    ) -> None:
        self.session = session
        self.config = config
        self.clock = clock

    def preparation(self) -> Preparation:
        """What filing the answers now would mean (fee from the copies and pages answered,
        rule, due time, delivery, units): the review page shows it."""
        s = self.session
        if s.procedure is None:
            raise StepError("no procedure to prepare")
        return prepare_dossier(s.procedure, s.answers, self.config, self.clock, identity=s.identity)

    def start_submit(self) -> Dossier:
        """Freeze the answers into the dossier to send, prepared now (raises
        :class:`kiosk.visit.session.ClockError` when the clock is obviously wrong: nothing
        filed)."""
        cfg = self.config
        return self.session.start_submit(
            kiosk_id=cfg.kiosk.id,
            ward_code=cfg.kiosk.ward_code,
            prepared=self.preparation(),
        )

    def filed(self, outcome: SubmitOutcome) -> FiledReceipt:
        """The backend took the dossier: the session moves to the receipt step, and this is
        the receipt to show and print."""
        s = self.session
        s.submitted(outcome)
        if s.dossier is None or s.procedure is None:
            raise StepError("receipt without a dossier")
        from kiosk.domain.receipt_building import (
            build_receipt,  # with its print layout: not at start-up
        )

        cfg = self.config
        # the due time, fee, rule, postage and units of the dossier as filed
        prepared = prepare_filed(s.dossier, s.procedure, cfg)
        receipt = build_receipt(s.dossier, outcome, s.procedure, cfg, prepared=prepared)
        return FiledReceipt(receipt, prepared)

    def rate(self, satisfaction: Satisfaction, reasons: tuple[str, ...] = ()) -> Rating | None:
        """The resident rated the visit: the session ends it, and this is the rating to queue
        (None when nothing was filed). It carries the dossier's UUID, no personal data."""
        s = self.session
        cfg = self.config
        rating: Rating | None = None
        if s.dossier is not None:
            rating = Rating(
                dossier_uuid=s.dossier.dossier_uuid,
                procedure_code=s.dossier.procedure_code,
                ward_code=cfg.kiosk.ward_code,
                kiosk_id=cfg.kiosk.id,
                satisfaction=satisfaction,
                reasons=reasons,
                rated_at=self.clock(),
            )
        s.rate(satisfaction, reasons)
        return rating


def print_failure(error: BaseException) -> PrinterError:
    """What the resident is told when the receipt did not print: the printer's own error, or
    for anything else (a bug in the print path) the printer's generic one, whose detail names
    only the exception's type."""
    if isinstance(error, PrinterError):
        return error
    return PrintJobError(type(error).__name__)
