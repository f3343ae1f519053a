"""What the rest of the kiosk needs from a card reader, whatever reads the card.

The session and the UI only see these types. ``kiosk.card.service.CardService`` runs a
:class:`CardReader` on its single card thread and hands back futures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol, runtime_checkable

from kiosk.card.generation import CardGeneration, Label, field_labels
from kiosk.domain.citizen import CitizenIdentity


@dataclass(frozen=True, repr=False)
class AccessKeys:
    """What opens the chip.

    PACE needs only the ID number: its last 6 digits are the card access number (CAN), unless
    ``can`` is given. BAC (chips without PACE, or that refuse it) also needs ``date_of_birth``;
    ``expiry_date`` None means "derive candidates from the renewal ages".
    """

    id_number: str
    date_of_birth: date | None = None
    expiry_date: date | None = None
    can: str = ""

    @property
    def card_access_number(self) -> str:
        return self.can or self.id_number[-6:]

    @property
    def allows_bac(self) -> bool:
        return self.date_of_birth is not None

    def __repr__(self) -> str:  # personal data
        return f"AccessKeys(<redacted>, bac={self.allows_bac})"


class AccessMethod(StrEnum):
    PACE = "pace"
    BAC = "bac"


class ChipAuthenticity(StrEnum):
    """Whether the chip proved it is not a copy (chip or active authentication)."""

    GENUINE = "genuine"
    NOT_GENUINE = "not_genuine"
    NOT_SUPPORTED = "not_supported"  # the card offers neither DG14 nor DG15


class ReadStage(StrEnum):
    WAITING_FOR_CARD = "waiting"
    AUTHENTICATING = "authenticating"
    READING = "reading"
    VERIFYING = "verifying"
    DONE = "done"


class CheckOutcome(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    NOT_CHECKED = "not_checked"  # e.g. no trust anchor configured


@dataclass(frozen=True)
class PassiveAuthResult:
    """Outcome of each passive-authentication step (ICAO 9303-11 §5.1)."""

    data_group_hashes: CheckOutcome = CheckOutcome.NOT_CHECKED
    sod_signature: CheckOutcome = CheckOutcome.NOT_CHECKED
    certificate_chain: CheckOutcome = CheckOutcome.NOT_CHECKED
    detail: str = ""

    @property
    def fully_verified(self) -> bool:
        return all(
            o is CheckOutcome.VALID
            for o in (self.data_group_hashes, self.sod_signature, self.certificate_chain)
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "data_group_hashes": self.data_group_hashes.value,
            "sod_signature": self.sod_signature.value,
            "certificate_chain": self.certificate_chain.value,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CardReadResult:
    identity: CitizenIdentity
    passive_auth: PassiveAuthResult
    face_image: bytes | None = None  # JPEG or JPEG 2000 as stored in DG2
    face_format: str = ""  # "jpeg" | "jp2" | ""
    atr: bytes = b""
    apdu_count: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    access_method: AccessMethod = AccessMethod.BAC
    chip_authenticity: ChipAuthenticity = ChipAuthenticity.NOT_SUPPORTED
    chip_auth_method: str = ""  # "CA" (DG14) | "AA" (DG15) | ""
    generation: CardGeneration = CardGeneration.UNKNOWN
    #: False when the card has no DG2 - normal on a new card of a child under 6
    has_photo: bool = True

    @property
    def field_labels(self) -> dict[str, Label]:
        """(Vietnamese, English) label of each identity field for this card generation."""
        return field_labels(self.generation)


ProgressCallback = Callable[[ReadStage], None]


class CardReader(Protocol):
    """Reads one card. Blocking; called only on the card thread."""

    def read(
        self, keys: AccessKeys, progress: ProgressCallback, *, read_face: bool = False
    ) -> CardReadResult: ...


@runtime_checkable
class CancellableReader(Protocol):
    """A reader whose read in progress can be stopped from another thread (the timeout)."""

    def cancel(self) -> None: ...
