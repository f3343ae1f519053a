"""What the session and the UI need from the city, whatever carries it.

The real implementation composes the HTTP client, the encrypted outbox and the sync worker;
UI tests use a fake. Every method may block (network, disk) and is therefore called from a
worker thread, never from the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from kiosk.domain.dossier import Dossier, DossierTracking, SubmitOutcome


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"


@dataclass(frozen=True)
class Rating:
    """A satisfaction rating. Carries no personal data: only the dossier's UUID."""

    dossier_uuid: str
    procedure_code: str
    ward_code: str
    kiosk_id: str
    satisfaction: Satisfaction
    reasons: tuple[str, ...] = ()
    rated_at: datetime | None = None


@dataclass(frozen=True)
class OutboxState:
    depth: int
    oldest_queued_at: datetime | None
    last_sync_at: datetime | None
    last_error: str
    #: why new items are refused now (the disk is full), else empty
    refusing: str = ""


class DossierGateway(Protocol):
    def submit(self, dossier: Dossier) -> SubmitOutcome:
        """Commit to the outbox first, then try the city for a bounded time.

        Returns the official code when the city answers in time, else a provisional reference;
        never raises for network trouble (the outbox keeps the dossier).
        """

    def track(self, code_or_token: str) -> DossierTracking:
        """Status and history; raises a BackendError subclass (not found, offline)."""

    def payment_paid(self, dossier_uuid: str) -> bool:
        """Whether the city has seen the fee paid."""

    def rate(self, rating: Rating) -> None:
        """Queue a rating through the outbox (never lost)."""

    def outbox_state(self) -> OutboxState: ...
