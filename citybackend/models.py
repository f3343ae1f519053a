"""Request and response bodies of the city API (validated by pydantic, described in OpenAPI).

The kiosk's :mod:`kiosk.backend.wire` produces and reads exactly these shapes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#: URL-safe base64 of at least 128 random bits (``secrets.token_urlsafe(16)`` gives 22 chars)
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{22,64}$"
CODE_PATTERN = r"^[A-Za-z0-9._-]{4,80}$"
#: the same shapes for look-up keys in paths and queries, without a trailing newline: what
#: cannot be a token or a code is not looked up (nor sent to the database)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}\Z")
CODE_RE = re.compile(r"^[A-Za-z0-9._-]{4,80}\Z")
#: the years a date or time of a dossier may fall in; both databases and Python's time zone
#: arithmetic hold these (year 1 in a +07:00 zone cannot even be turned into UTC)
FIRST_YEAR, LAST_YEAR = 1900, 2100

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str) -> str:
    """Refuse what a database or UTF-8 cannot hold: NUL (PostgreSQL text) and unpaired
    surrogates (``\ud800`` from a JSON escape; not encodable as UTF-8)."""
    bad = _UNSTORABLE.search(text)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "an unpaired surrogate"
        raise ValueError(f"text holds {what} at position {bad.start()}")
    return text


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


def _day_in_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"year must be within {FIRST_YEAR}-{LAST_YEAR}")
    return day


def _moment_in_range(moment: datetime) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"year must be within {FIRST_YEAR}-{LAST_YEAR}")
    return moment


Text = Annotated[str, AfterValidator(storable_text)]
Short = Annotated[Text, Field(max_length=200)]
Long = Annotated[Text, Field(max_length=2000)]
Name = Annotated[Text, Field(min_length=1, max_length=200), AfterValidator(_not_blank)]
Day = Annotated[date, AfterValidator(_day_in_range)]
Moment = Annotated[datetime, AfterValidator(_moment_in_range)]
KioskId = Annotated[Text, Field(min_length=1, max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Applicant(Strict):
    """The applicant as read from the chip (DG13) or typed by staff."""

    id_number: str = Field(pattern=r"^[0-9]{9,12}$")
    full_name: Name
    date_of_birth: Day
    sex: Short = ""
    nationality: Short = ""
    ethnicity: Short = ""
    religion: Short = ""
    place_of_origin: Long = ""
    place_of_residence: Long = ""
    identifying_marks: Long = ""
    issue_date: Day | None = None
    expiry_date: Day | None = None
    expiry_text: Short = ""
    father_name: Short = ""
    mother_name: Short = ""
    spouse_name: Short = ""
    old_id_number: Short = ""
    source: Literal["card", "staff"] = "card"
    entered_by: Short = ""
    #: unknown DG13 fields: decimal field number -> base64 of the raw bytes
    extra: dict[
        Annotated[str, Field(pattern=r"^[0-9]{1,3}$")],
        Annotated[str, Field(max_length=8192, pattern=r"^[A-Za-z0-9+/=]*$")],
    ] = Field(default_factory=dict, max_length=32)


class AnswerValue(Strict):
    """One form answer with its type, so dates and numbers survive the round trip."""

    type: Literal["str", "int", "bool", "date", "null"]
    #: integers within what JSON readers hold exactly (53 bits)
    value: (
        Annotated[Text, Field(max_length=4000)]
        | Annotated[int, Field(ge=-(2**53), le=2**53)]
        | bool
        | None
    ) = None

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
        day = date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10 and FIRST_YEAR <= day.year <= LAST_YEAR


class DossierSubmission(Strict):
    """Body of ``POST /api/v1/dossiers``; the Idempotency-Key header must equal dossier_uuid."""

    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    procedure_code: str = Field(pattern=r"^[0-9A-Za-z.]{1,32}$")
    kiosk_id: KioskId
    ward_code: str = Field(pattern=r"^[0-9A-Za-z]{1,16}$")
    filed_at: Moment
    tracking_token: str = Field(pattern=TOKEN_PATTERN)
    fee_vnd: int | None = Field(default=None, ge=0, le=10**12)
    due_date: Day | None = None
    provisional_ref: str | None = Field(default=None, pattern=CODE_PATTERN)
    #: the fee rule the kiosk applied (legal basis | channel | in force from), kept with fee_vnd
    fee_rule: Text | None = Field(default=None, max_length=200)
    #: the ward whose unit decides; its agency code prefixes the dossier code
    competent_ward_code: str | None = Field(default=None, pattern=r"^[0-9]{1,8}$")
    #: the unit list the ward codes are from
    units_version: Text | None = Field(default=None, max_length=80)
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
    """Status and history of one dossier; the applicant's name is masked.

    ``view`` says how much is shown: ``full`` to the kiosk that filed the dossier (history
    notes included), ``public`` to a holder of the tracking token (no notes), ``code`` to a
    look-up by code alone (no name, fee or past history: a code is printed and guessable)."""

    view: Literal["full", "public", "code"] = "full"
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
    """A satisfaction rating: no personal data, only the dossier UUID.

    The rating is stored under the kiosk of the device token, for a dossier that kiosk filed
    or whose ``tracking_token`` is given; ward and procedure are taken from the dossier.
    A ``kiosk_id`` other than the caller's is refused (403)."""

    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    procedure_code: str = Field(pattern=r"^[0-9A-Za-z.]{1,32}$")
    ward_code: str = Field(pattern=r"^[0-9A-Za-z]{1,16}$")
    kiosk_id: KioskId | None = None
    tracking_token: str | None = Field(default=None, pattern=TOKEN_PATTERN)
    satisfaction: Satisfaction
    reasons: list[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]] = Field(
        default_factory=list, max_length=16
    )
    rated_at: Moment | None = None


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

    kiosk_id: KioskId
    app_version: Text = Field(default="", max_length=64)
    outbox_depth: int = Field(default=0, ge=0, le=10**9)
    outbox_oldest_at: Moment | None = None
    last_sync_at: Moment | None = None
    last_error: Text = Field(default="", max_length=500)


class HeartbeatOut(BaseModel):
    server_time: datetime


class EnrolIn(Strict):
    """A one-time enrolment code as issued by ``citybackend kiosk enrolment-code``."""

    code: Text = Field(min_length=10, max_length=32)


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
    """A refusal: a stable ``code`` and a technical ``detail`` (never personal data)."""

    code: str
    detail: str


class ErrorBody(BaseModel):
    """The body of every error answer but field validation."""

    detail: ErrorOut


class ValidationIssue(BaseModel):
    """Where a body, query or header failed validation and why (the value is not echoed)."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(BaseModel):
    """422: a list of field issues, or one refusal such as ``key_mismatch``."""

    detail: list[ValidationIssue] | ErrorOut
