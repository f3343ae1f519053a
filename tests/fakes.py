"""Fakes for tests of one piece: they record calls and answer at once.

Integration and end-to-end tests use the real parts (virtual card, reference backend, CUPS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from argon2 import PasswordHasher, Type

from kiosk.backend.api import OutboxState, Rating
from kiosk.card.api import AccessKeys, CardReadResult, ProgressCallback, ReadStage
from kiosk.card.errors import AccessDeniedError, DatesNeededError, WrongIdNumberError
from kiosk.domain.dossier import (
    Dossier,
    DossierStatus,
    DossierTracking,
    StatusEvent,
    SubmitOutcome,
)
from kiosk.domain.receipt import Receipt
from kiosk.errors import KioskError
from tests.factories import card_result


class FakeCardReader:
    """Answers like the sample citizen's card: right keys read, wrong keys are refused as the
    engine's reader refuses them. ``pace=True`` (today's cards): the ID number alone opens it;
    ``pace=False``: a BAC-only card, which also needs the birth date."""

    def __init__(self, result: CardReadResult | None = None, *, pace: bool = True) -> None:
        self.result = result or card_result()
        self.pace = pace
        self.reads: list[AccessKeys] = []
        self.fail_with: KioskError | None = None

    def read(
        self, keys: AccessKeys, progress: ProgressCallback, *, read_face: bool = False
    ) -> CardReadResult:
        self.reads.append(keys)
        progress(ReadStage.AUTHENTICATING)
        if self.fail_with is not None:
            raise self.fail_with
        who = self.result.identity
        number_ok = keys.id_number == who.id_number
        pace_ok = self.pace and keys.card_access_number == who.id_number[-6:]
        if not pace_ok:
            if not keys.allows_bac:
                raise WrongIdNumberError("PACE refused") if self.pace else DatesNeededError()
            if not number_ok or keys.date_of_birth != who.date_of_birth:
                raise AccessDeniedError("BAC refused")
        progress(ReadStage.READING)
        progress(ReadStage.DONE)
        return self.result


@dataclass
class FakeGateway:
    submitted: list[Dossier] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    fail_with: BaseException | None = None
    track_error: BaseException | None = None
    paid: bool = False
    #: how often the screen asked whether the fee was paid
    payment_checks: int = 0

    def submit(self, dossier: Dossier) -> SubmitOutcome:
        if self.fail_with is not None:
            raise self.fail_with
        self.submitted.append(dossier)
        return SubmitOutcome(
            dossier_uuid=dossier.dossier_uuid,
            code=f"000.00.01.H26-261123-{len(self.submitted):04d}",
            official=True,
            tracking_token=dossier.tracking_token,
            tracking_url=f"http://127.0.0.1:9/tra-cuu/{dossier.tracking_token}",
        )

    def track(self, code_or_token: str) -> DossierTracking:
        if self.track_error is not None:
            raise self.track_error
        return DossierTracking(
            code="000.00.01.H26-261120-0007",
            procedure_code="1.004194",
            status=DossierStatus.PROCESSING,
            history=[
                StatusEvent(DossierStatus.NEW, datetime(2026, 11, 20, 9, 0)),
                StatusEvent(DossierStatus.RECEIVED, datetime(2026, 11, 20, 9, 5)),
                StatusEvent(DossierStatus.PROCESSING, datetime(2026, 11, 21, 8, 0)),
            ],
            due_date=datetime(2026, 11, 25).date(),
            applicant_masked="Nguyễn V** A*",
        )

    def payment_paid(self, dossier_uuid: str) -> bool:
        self.payment_checks += 1
        return self.paid

    def rate(self, rating: Rating) -> None:
        self.ratings.append(rating)

    def outbox_state(self) -> OutboxState:
        return OutboxState(0, None, None, "")


@dataclass
class FakePrinter:
    printed: list[str] = field(default_factory=list)
    fail_with: KioskError | None = None

    def __call__(self, receipt: Receipt) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.printed.append(receipt.dossier_code)


class FakeClock:
    """A clock that moves only when a test sets ``now`` (seconds, like ``time.time``)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def cheap_hasher() -> PasswordHasher:
    """Real argon2id with the smallest profile: the tests check behaviour, not cost (the
    real cost profile is tested once, in tests/unit/staff/test_pin_store.py)."""
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1, type=Type.ID)
