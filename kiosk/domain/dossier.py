"""A dossier (hồ sơ) as the kiosk files it, and what the city answers."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from kiosk.domain.citizen import CitizenIdentity


class DossierStatus(IntEnum):
    """National portal sync statuses (public-service-facts.md)."""

    NEW = 1
    RECEIVED = 2
    NOT_RECEIVED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    DONE = 9
    RETURNED = 10


STATUS_LABELS: dict[DossierStatus, tuple[str, str]] = {
    DossierStatus.NEW: ("Mới đăng ký", "Newly registered"),
    DossierStatus.RECEIVED: ("Đã tiếp nhận", "Received"),
    DossierStatus.NOT_RECEIVED: ("Không tiếp nhận", "Not received"),
    DossierStatus.PROCESSING: ("Đang xử lý", "Processing"),
    DossierStatus.SUPPLEMENT_REQUESTED: ("Yêu cầu bổ sung", "Supplement requested"),
    DossierStatus.FINANCIAL_OBLIGATION: (
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Payment requested",
    ),
    DossierStatus.WITHDRAWN: ("Công dân rút hồ sơ", "Withdrawn by the citizen"),
    DossierStatus.STOPPED: ("Dừng xử lý", "Processing stopped"),
    DossierStatus.DONE: ("Đã xử lý xong", "Processing done"),
    DossierStatus.RETURNED: ("Đã trả kết quả", "Result returned"),
}


def new_tracking_token() -> str:
    """128 random bits, URL-safe; generated on the kiosk so the QR is valid before sync."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Dossier:
    """Everything the kiosk sends for one filing. Personal data: lives in session + outbox only."""

    procedure_code: str
    applicant: CitizenIdentity
    answers: dict[str, Any]
    kiosk_id: str
    ward_code: str
    filed_at: datetime
    dossier_uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    tracking_token: str = field(default_factory=new_tracking_token)
    fee_vnd: int | None = None
    due_date: date | None = None
    #: the fee rule applied (:attr:`kiosk.domain.preparation.Preparation.fee_rule_ref`)
    fee_rule: str = ""
    #: the ward whose unit decides, when the kiosk knows it; the backend assigns it otherwise
    competent_ward_code: str = ""
    #: the unit list the ward codes are from (:func:`kiosk.domain.address.units_version`)
    units_version: str = ""


@dataclass(frozen=True)
class SubmitOutcome:
    """What the resident's receipt shows after submitting."""

    dossier_uuid: str
    code: str  # official code, or a provisional reference when offline
    official: bool
    tracking_token: str
    tracking_url: str


@dataclass(frozen=True)
class StatusEvent:
    status: DossierStatus
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class DossierTracking:
    code: str
    procedure_code: str
    status: DossierStatus
    history: list[StatusEvent]
    due_date: date | None
    applicant_masked: str
    paid: bool = False
