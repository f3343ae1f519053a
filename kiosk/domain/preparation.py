"""Preparing a dossier for filing: fee, rule, due date, delivery, units and slip, decided once.

:func:`prepare_dossier` takes the procedure, the answers, the kiosk's configuration and the
clock, and returns a :class:`Preparation`: everything the review screen, the submission and
the receipt need to agree on. It holds no personal data except the postal address (inside
:class:`DeliveryPlan`): never log a Preparation.

The rules applied, with their sources, are listed in docs/public-services.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.config import Config
from kiosk.domain.address import commune, format_address, read_residence, units_version
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier
from kiosk.domain.fees import FeeQuote, quote_fee
from kiosk.domain.form import FieldKind
from kiosk.domain.procedure import Procedure
from kiosk.domain.workdays import add_working_days
from kiosk.lang import Lang

#: a kiosk files through the city's online system (Resolution 77/2025 counts it as online)
KIOSK_CHANNEL = "online"
#: the hour a result is due on its day when the law gives working days, not hours
RESULT_TIME = time(16, 0)
#: a same-day result is not promised sooner than this after filing
SAME_DAY_MARGIN = timedelta(hours=1)

#: Resolution 77/2025/NQ-HĐND: the city covers 100% of the cost of returning results and
#: dossiers for online filings, from 1/1/2026, "within the budget estimate assigned"
POSTAGE_COVERED_FROM = date(2026, 1, 1)
POSTAGE_BASIS = "Nghị quyết 77/2025/NQ-HĐND"

SLIP_CT04 = "CT04"  # police: Circular 56/2021/TT-BCA as amended by 66/2023/TT-BCA
SLIP_FORM_01 = "01"  # Circular 01/2018/TT-VPCP


@dataclass(frozen=True)
class DeliveryPlan:
    """How the result reaches the resident. ``address`` is one line (personal data)."""

    method: str  # "post" | "counter"
    address: str = ""
    #: postage paid by the city (True), by the resident (False), not known (None)
    postage_covered: bool | None = None
    note_vi: str = ""
    note_en: str = ""

    def text(self, lang: Lang) -> str:
        """The slip's and the review screen's line for it."""
        vi = lang == "vi"
        if self.method != "post":
            return "Nhận trực tiếp tại nơi nộp hồ sơ" if vi else "Collect where you filed"
        where = self.address or ("địa chỉ bạn đăng ký" if vi else "the address you registered")
        return f"Qua dịch vụ bưu chính tới: {where}" if vi else f"By post to: {where}"

    def postage_text(self, lang: Lang) -> str:
        vi = lang == "vi"
        if self.method != "post":
            return ""
        if self.postage_covered is True:
            return (
                f"Cước bưu chính: được hỗ trợ 100% ({POSTAGE_BASIS})"
                if vi
                else f"Postage: covered 100% by the city ({POSTAGE_BASIS})"
            )
        if self.postage_covered is False:
            return "Cước bưu chính: người nhận trả" if vi else "Postage: paid by you"
        return "Cước bưu chính: cán bộ sẽ thông báo" if vi else "Postage: staff will tell you"


@dataclass(frozen=True)
class UnitRef:
    """An administrative unit as a slip names it; ``ward_code`` is None when not known."""

    name: str
    ward_code: int | None = None


@dataclass(frozen=True)
class Preparation:
    """What filing this dossier now means (see :func:`prepare_dossier`)."""

    procedure_code: str
    channel: str
    fee: FeeQuote
    filed_at: datetime
    due_at: datetime | None
    delivery: DeliveryPlan
    receiving: UnitRef
    competent: UnitRef
    slip: str  # SLIP_CT04 | SLIP_FORM_01
    units_version: str

    @property
    def due_date(self) -> date | None:
        return self.due_at.date() if self.due_at is not None else None

    @property
    def fee_rule_ref(self) -> str:
        """The rule applied as the backend stores it: "<legal basis> | <channel> | <from>"."""
        rate = self.fee.rate
        if rate is None:
            return ""
        return f"{rate.legal_basis} | {rate.channel} | {rate.valid_from or '-'}"[:200]


def due_moment(procedure: Procedure, filed_at: datetime) -> datetime | None:
    """When the result is due: the statutory working days at :data:`RESULT_TIME`; a same-day
    procedure at that time, or :data:`SAME_DAY_MARGIN` after filing when that is later."""
    if procedure.processing_days is None:
        return None
    day = add_working_days(filed_at, procedure.processing_days).date()
    due = datetime.combine(day, RESULT_TIME, tzinfo=filed_at.tzinfo)
    if procedure.processing_days == 0:
        due = max(due, filed_at + SAME_DAY_MARGIN)
    return due


def _lower_type(name: str) -> str:
    """ "Phường Ba Đình" -> "phường Ba Đình" (how unit names run inside a title)."""
    return name[:1].lower() + name[1:] if name else name


def receiving_unit(ward_code: int | None, ward_name: str) -> UnitRef:
    """Decree 118/2025: the commune-level one-stop unit receives; Hanoi calls it the
    "Điểm phục vụ hành chính công" of the ward."""
    return UnitRef(f"Điểm phục vụ hành chính công {_lower_type(ward_name)}", ward_code)


def competent_unit(procedure: Procedure, ward_code: int | None) -> UnitRef:
    """The ward police for residence procedures, the ward People's Committee otherwise; the
    catalog's generic agency name when the ward is not known."""
    unit = commune(ward_code) if ward_code is not None else None
    if unit is None:
        return UnitRef(procedure.agency_vi, None)
    head = "Công an" if procedure.police else "Ủy ban nhân dân"
    return UnitRef(f"{head} {_lower_type(unit.name)}", unit.code)


def _ward_of(value: Any) -> int | None:
    """The commune of an address answer: picked from the lists, or text as a card has it."""
    if isinstance(value, str):
        chosen = read_residence(value).chosen
        return chosen.code if chosen is not None else None
    if isinstance(value, Mapping):
        code = value.get("commune_code")
        if isinstance(code, int) and not isinstance(code, bool):
            return code
        if isinstance(code, str) and code.isdigit():
            return int(code)
    return None


def competent_ward(
    procedure: Procedure,
    answers: Mapping[str, Any],
    identity: CitizenIdentity | None,
    filing_ward: int | None,
) -> int | None:
    """The ward whose unit decides, from :attr:`Procedure.competent` (None: not known here;
    the backend assigns it)."""
    if procedure.competent == "filing":
        return filing_ward
    if procedure.competent == "residence":
        if identity is None:
            return None
        reading = read_residence(identity.place_of_residence)
        return reading.chosen.code if reading.chosen is not None else None
    return _ward_of(answers.get(procedure.competent))


def delivery_plan(
    procedure: Procedure, answers: Mapping[str, Any], channel: str, day: date
) -> DeliveryPlan:
    """The delivery the resident chose (the form's ``delivery`` field), else the procedure's."""
    spec = next((f for f in procedure.form.fields if f.kind is FieldKind.DELIVERY), None)
    value = answers.get(spec.key) if spec is not None else None
    method = procedure.delivery
    address = ""
    if isinstance(value, Mapping) and value.get("method") in ("post", "counter"):
        method = str(value["method"])
        address = format_address(value.get("address", ""))
    elif isinstance(value, str) and value in ("post", "counter"):
        method = value
    covered: bool | None = None
    if method == "post":
        covered = True if channel == "online" and day >= POSTAGE_COVERED_FROM else None
    return DeliveryPlan(
        method, address, covered, procedure.delivery_note_vi, procedure.delivery_note_en
    )


def _ward_code(cfg: Config) -> int | None:
    text = cfg.kiosk.ward_code.strip()
    return int(text) if text.isdigit() else None


def prepare_dossier(
    procedure: Procedure,
    answers: Mapping[str, Any],
    cfg: Config,
    clock: Callable[[], datetime],
    *,
    identity: CitizenIdentity | None = None,
    channel: str = KIOSK_CHANNEL,
) -> Preparation:
    """Decide the fee (from the copies and pages answered), the rule applied, the due time,
    the delivery, the receiving and the competent unit and the slip for filing now.

    Args:
        answers: the form's answers (``copies``, ``pages``, ``delivery``, address fields).
        cfg: the kiosk's configuration (``kiosk.ward_code``, ``kiosk.ward_name``).
        clock: the filing time (the services' clock).
        identity: the applicant, for procedures competent by residence.
        channel: "online" for a kiosk filing (the default) or "in_person".
    """
    now = clock()
    filing = _ward_code(cfg)
    return Preparation(
        procedure_code=procedure.code,
        channel=channel,
        fee=quote_fee(procedure.fee, answers, channel=channel, day=now.date()),
        filed_at=now,
        due_at=due_moment(procedure, now),
        delivery=delivery_plan(procedure, answers, channel, now.date()),
        receiving=receiving_unit(filing, cfg.kiosk.ward_name),
        competent=competent_unit(procedure, competent_ward(procedure, answers, identity, filing)),
        slip=SLIP_CT04 if procedure.police else SLIP_FORM_01,
        units_version=units_version(),
    )


def prepare_filed(dossier: Dossier, procedure: Procedure, cfg: Config) -> Preparation:
    """The preparation of a dossier already filed: :func:`prepare_dossier` at its filing time,
    with its answers and applicant (what the receipt and its screen show)."""
    return prepare_dossier(
        procedure, dossier.answers, cfg, lambda: dossier.filed_at, identity=dossier.applicant
    )


def filed_due(due_date: date | None, prepared: Preparation) -> datetime | None:
    """When the result of a dossier filed with ``due_date`` is due: the preparation's due time
    (:func:`due_moment`: :data:`RESULT_TIME`, a same-day result not sooner than
    :data:`SAME_DAY_MARGIN` after filing) when it falls on that date; :data:`RESULT_TIME` of
    ``due_date`` otherwise (a dossier prepared at another moment); ``None``: not known."""
    due = prepared.due_at
    if due_date is None or (due is not None and due.date() == due_date):
        return due
    return datetime.combine(due_date, RESULT_TIME, tzinfo=prepared.filed_at.tzinfo)
