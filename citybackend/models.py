"""Request and response bodies of the city API (validated by pydantic, described in OpenAPI).

The kiosk's :mod:`kiosk.backend.wire` produces and reads exactly these shapes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#: URL-safe base64 of at least 128 random bits (``secrets.token_urlsafe(16)`` gives 22 chars)
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{22,64}$"
CODE_PATTERN = r"^[A-Za-z0-9._-]{4,80}$"

Short = Annotated[str, Field(max_length=200)]
Long = Annotated[str, Field(max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Applicant(Strict):
    """The applicant as read from the chip (DG13) or typed by staff."""

    id_number: str = Field(pattern=r"^[0-9]{9,12}$")
    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: date
    sex: Short = ""
    nationality: Short = ""
    ethnicity: Short = ""
    religion: Short = ""
    place_of_origin: Long = ""
    place_of_residence: Long = ""
    identifying_marks: Long = ""
    issue_date: date | None = None
    expiry_date: date | None = None
    expiry_text: Short = ""
    father_name: Short = ""
    mother_name: Short = ""
    spouse_name: Short = ""
    old_id_number: Short = ""
    source: Literal["card", "staff"] = "card"
    entered_by: Short = ""
    #: unknown DG13 fields: decimal field number -> base64 of the raw bytes
    extra: dict[
        Annotated[str, Field(pattern=r"^[0-9]{1,3}$")], Annotated[str, Field(max_length=8192)]
    ] = Field(default_factory=dict, max_length=32)


class AnswerValue(Strict):
    """One form answer with its type, so dates and numbers survive the round trip."""

    type: Literal["str", "int", "bool", "date", "null"]
    value: Annotated[str, Field(max_length=4000)] | int | bool | None = None

    @model_validator(mode="after")
    def _value_matches_type(self) -> AnswerValue:
        v = self.value
        ok = {
            "str": isinstance(v, str),
            "int": isinstance(v, int) and not isinstance(v, bool),
            "bool": isinstance(v, bool),
            "date": isinstance(v, str) and _is_iso_date(v),
            "null": v is None,
        }[self.type]
        if not ok:
            raise ValueError(f"value does not match type {self.type!r}")
        return self


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class DossierSubmission(Strict):
    """Body of ``POST /api/v1/dossiers``; the Idempotency-Key header must equal dossier_uuid."""

    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    procedure_code: str = Field(pattern=r"^[0-9A-Za-z.]{1,32}$")
    kiosk_id: str = Field(min_length=1, max_length=64)
    ward_code: str = Field(pattern=r"^[0-9A-Za-z]{1,16}$")
    filed_at: datetime
    tracking_token: str = Field(pattern=TOKEN_PATTERN)
    fee_vnd: int | None = Field(default=None, ge=0, le=10**12)
    due_date: date | None = None
    provisional_ref: str | None = Field(default=None, pattern=CODE_PATTERN)
    #: the fee rule the kiosk applied (legal basis | channel | in force from), kept with fee_vnd
    fee_rule: str | None = Field(default=None, max_length=200)
    #: the ward whose unit decides; its agency code prefixes the dossier code
    competent_ward_code: str | None = Field(default=None, pattern=r"^[0-9]{1,8}$")
    #: the unit list the ward codes are from
    units_version: str | None = Field(default=None, max_length=80)
    applicant: Applicant
    answers: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")], AnswerValue] = Field(
        default_factory=dict, max_length=200
    )


class SubmitResult(BaseModel):
    dossier_uuid: str
    code: str
    tracking_token: str
    status: int
    received_at: datetime
    due_date: date | None


class StatusEventOut(BaseModel):
    status: int
    at: datetime
    note: str = ""


class TrackingOut(BaseModel):
    """Status and history of one dossier; the applicant's name is masked."""

    dossier_uuid: str
    code: str
    provisional_ref: str | None
    procedure_code: str
    status: int
    history: list[StatusEventOut]
    due_date: date | None
    applicant_masked: str
    paid: bool
    fee_vnd: int | None


class PaymentOut(BaseModel):
    dossier_uuid: str
    fee_vnd: int | None
    paid: bool
    paid_at: datetime | None


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"


class RatingIn(Strict):
    """A satisfaction rating: no personal data, only the dossier UUID."""

    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    procedure_code: str = Field(pattern=r"^[0-9A-Za-z.]{1,32}$")
    ward_code: str = Field(pattern=r"^[0-9A-Za-z]{1,16}$")
    kiosk_id: str = Field(min_length=1, max_length=64)
    satisfaction: Satisfaction
    reasons: list[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]] = Field(
        default_factory=list, max_length=16
    )
    rated_at: datetime | None = None


class RatingOut(BaseModel):
    dossier_uuid: str
    accepted: bool


class RatingSummaryRow(BaseModel):
    ward_code: str
    procedure_code: str
    total: int
    very_satisfied: int
    satisfied: int
    not_satisfied: int
    #: share of very satisfied + satisfied, 0..1
    satisfied_share: float
    reasons: dict[str, int]


class HeartbeatIn(Strict):
    """What a kiosk reports about itself. Technical state only, never personal data."""

    kiosk_id: str = Field(min_length=1, max_length=64)
    app_version: str = Field(default="", max_length=64)
    outbox_depth: int = Field(default=0, ge=0)
    outbox_oldest_at: datetime | None = None
    last_sync_at: datetime | None = None
    last_error: str = Field(default="", max_length=500)


class HeartbeatOut(BaseModel):
    server_time: datetime


class EnrolIn(Strict):
    """A one-time enrolment code as issued by ``citybackend kiosk enrolment-code``."""

    code: str = Field(min_length=10, max_length=32)


class EnrolOut(BaseModel):
    kiosk_id: str
    token: str


class KioskOut(BaseModel):
    kiosk_id: str
    agency_code: str
    enrolled_at: datetime
    last_heartbeat_at: datetime | None
    outbox_depth: int | None
    last_error: str


class ErrorOut(BaseModel):
    code: str
    detail: str
