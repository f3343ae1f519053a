"""The receipt (Form 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả") as data.

:func:`build_receipt` turns a dossier, the city's answer, the procedure and the kiosk settings
into a :class:`Receipt`: every text the printed page shows, already decided, so that all
renderers (Qt/CUPS, PDF, PNG, ESC/POS) print the same thing. A receipt holds the applicant's
name (and address where the form requires it): it is personal data and must never be logged.

:meth:`Receipt.to_dict` / :meth:`Receipt.from_dict` give the JSON record kept for reprints and
read by ``kiosk receipt render --dossier FILE.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from kiosk.config import Config, defaults
from kiosk.domain.address import format_address
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.procedure import Document, FeeRule, Procedure, ServiceLevel
from kiosk.domain.vietqr import build_payload
from kiosk.domain.workdays import add_working_days

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
RECEPTION_UNIT = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
BRING_NOTE = "Mang theo giấy này và thẻ căn cước khi đến nhận kết quả"
PROVISIONAL_NOTE = "Mã tạm - mã chính thức sẽ được cấp khi hệ thống kết nối lại"
#: the hour results are handed out on the due day, used when only a due *date* is known
DEFAULT_RESULT_TIME = time(16, 0)

_POST_VALUES = frozenset({"post", "buu_chinh", "buu_dien", "postal"})


class PaymentState(StrEnum):
    FREE = "free"
    UNPAID = "unpaid"
    PAID = "paid"
    UNKNOWN = "unknown"  # the fee is not known to the kiosk; the counter will tell


@dataclass(frozen=True)
class PaymentAccount:
    """Where fees are paid by bank transfer (VietQR)."""

    bank_bin: str
    account: str
    account_name: str = ""
    bank_name: str = ""


@dataclass(frozen=True)
class ReceivedDocument:
    name: str
    copies: int = 1
    original: bool = False

    def text(self) -> str:
        kind = "bản chính" if self.original else "bản sao"
        return f"{self.name} ({self.copies:02d} {kind})"


@dataclass(frozen=True)
class Receipt:
    """Everything a printed receipt shows. Texts are Vietnamese, ready to print."""

    agency_name: str
    place: str
    dossier_code: str
    code_official: bool
    applicant_name: str
    procedure_code: str
    procedure_name: str
    received_at: datetime
    tracking_url: str
    kiosk_id: str
    ward_name: str
    unit_name: str = RECEPTION_UNIT
    competent_agency: str = ""
    applicant_address: str = ""  # empty: not shown (the form does not require it)
    applicant_phone: str = ""
    applicant_email: str = ""
    documents: tuple[ReceivedDocument, ...] = ()
    processing_days: int | None = None
    due_at: datetime | None = None
    delivery: str = "counter"  # counter | post
    collect_at: str = ""
    fee_vnd: int | None = None
    payment_state: PaymentState = PaymentState.UNKNOWN
    payment_payload: str = ""
    payment_account_text: str = ""
    dossier_uuid: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    # ------------------------------------------------------------------ texts
    @property
    def place_date_text(self) -> str:
        d = self.received_at
        return f"{self.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def code_label(self) -> str:
        return "Mã hồ sơ" if self.code_official else "Mã hồ sơ (tạm)"

    @property
    def processing_text(self) -> str:
        if self.processing_days is None:
            return "Theo quy định (chưa xác định)"
        if self.processing_days == 0:
            return "Trong ngày làm việc"
        return f"{self.processing_days:02d} ngày làm việc"

    @property
    def received_text(self) -> str:
        return format_vi_datetime(self.received_at)

    @property
    def due_text(self) -> str:
        return format_vi_datetime(self.due_at) if self.due_at else "Cán bộ sẽ thông báo"

    @property
    def fee_text(self) -> str:
        if self.fee_vnd is None:
            return "Cán bộ sẽ thông báo tại quầy"
        if self.fee_vnd == 0:
            return "Miễn phí"
        return format_vnd(self.fee_vnd)

    @property
    def payment_text(self) -> str:
        return {
            PaymentState.FREE: "Không phải nộp",
            PaymentState.UNPAID: "Chưa thanh toán - quét mã QR thanh toán bên dưới",
            PaymentState.PAID: "Đã thanh toán",
            PaymentState.UNKNOWN: "Nộp tại quầy khi nhận kết quả",
        }[self.payment_state]

    @property
    def delivery_text(self) -> str:
        return "Qua dịch vụ bưu chính" if self.delivery == "post" else "Trực tiếp tại quầy"

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (for reprints); holds personal data: store encrypted only."""
        out = asdict(self)
        out["received_at"] = self.received_at.isoformat()
        out["due_at"] = self.due_at.isoformat() if self.due_at else None
        out["payment_state"] = self.payment_state.value
        out["documents"] = [asdict(d) for d in self.documents]
        out["notes"] = list(self.notes)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Receipt:
        """Read a record from :meth:`to_dict`; raises ``ValueError`` when it is not one."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown receipt fields: {', '.join(sorted(unknown))}")
        values = dict(data)
        try:
            values["received_at"] = datetime.fromisoformat(str(values["received_at"]))
            if values.get("due_at"):
                values["due_at"] = datetime.fromisoformat(str(values["due_at"]))
            if "payment_state" in values:
                values["payment_state"] = PaymentState(values["payment_state"])
            values["documents"] = tuple(ReceivedDocument(**d) for d in values.get("documents", ()))
            values["notes"] = tuple(values.get("notes", ()))
            return cls(**values)
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a receipt record: {type(exc).__name__} {exc}") from None


def format_vi_datetime(dt: datetime) -> str:
    """``"16 giờ 30 phút, ngày 25/11/2026"`` (Form 01 wording)."""
    return f"{dt.hour:02d} giờ {dt.minute:02d} phút, ngày {dt.day:02d}/{dt.month:02d}/{dt.year}"


def format_vnd(amount: int) -> str:
    """``20000`` -> ``"20.000 đồng"`` (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def fee_for(dossier: Dossier, procedure: Procedure) -> int | None:
    """The fee the receipt shows: the dossier's own figure, else the catalog's fixed one."""
    if dossier.fee_vnd is not None:
        return dossier.fee_vnd
    rule = procedure.fee
    if rule.kind == "free":
        return 0
    if rule.kind == "fixed":
        return rule.amount
    return None


def _field_of_kind(form: FormSchema, kind: FieldKind) -> FieldSpec | None:
    return next((f for f in form.fields if f.kind is kind), None)


def _delivery(dossier: Dossier, procedure: Procedure) -> tuple[str, str]:
    """("counter" | "post", postal address or "")."""
    spec = _field_of_kind(procedure.form, FieldKind.DELIVERY)
    if spec is None:
        return "counter", ""
    value = dossier.answers.get(spec.key)
    if isinstance(value, Mapping):
        method = str(value.get("method") or value.get("kind") or "")
        address = format_address(value.get("address"))  # a text, never the answer's dict
    else:
        method, address = str(value or ""), ""
    if method.lower() in _POST_VALUES:
        return "post", address or dossier.applicant.place_of_residence
    return "counter", ""


def _answer_of_kind(dossier: Dossier, form: FormSchema, kind: FieldKind) -> str:
    spec = _field_of_kind(form, kind)
    if spec is None:
        return ""
    value = dossier.answers.get(spec.key)
    return value if isinstance(value, str) else ""


def payment_account_from_config(cfg: Config) -> PaymentAccount | None:
    """The fee account from ``payment.bank_bin`` / ``payment.account`` when configured."""
    try:
        bank_bin = str(cfg["payment.bank_bin"])
        account = str(cfg["payment.account"])
    except KeyError:
        return None
    if not bank_bin or not account:
        return None
    try:
        name = str(cfg["payment.account_name"])
    except KeyError:
        name = ""
    return PaymentAccount(bank_bin=bank_bin, account=account, account_name=name)


def build_receipt(
    dossier: Dossier,
    outcome: SubmitOutcome,
    procedure: Procedure,
    cfg: Config,
    *,
    due_at: datetime | None = None,
    paid: bool = False,
    payment_account: PaymentAccount | None = None,
    place: str = "Hà Nội",
) -> Receipt:
    """Decide every text of the receipt.

    Args:
        due_at: when the result is due; when ``None``: the dossier's ``due_date`` at
            :data:`DEFAULT_RESULT_TIME`, else the procedure's working days added to the filing
            time (:func:`kiosk.domain.workdays.add_working_days`), else unknown.
        paid: whether the city has already seen the fee paid.
        payment_account: where the fee is paid; default from the config (``payment.*``). No
            account, no payment QR.
    """
    ward_name = str(cfg["kiosk.ward_name"])
    delivery, postal_address = _delivery(dossier, procedure)
    address_required = any(
        f.kind is FieldKind.ADDRESS and f.required for f in procedure.form.fields
    )
    address = postal_address or (dossier.applicant.place_of_residence if address_required else "")
    if due_at is None and dossier.due_date is not None:
        due_at = datetime.combine(dossier.due_date, DEFAULT_RESULT_TIME)
    if due_at is None and procedure.processing_days is not None:
        due_at = add_working_days(dossier.filed_at, procedure.processing_days)
    fee = fee_for(dossier, procedure)
    if fee is None:
        state = PaymentState.UNKNOWN
    elif fee == 0:
        state = PaymentState.FREE
    else:
        state = PaymentState.PAID if paid else PaymentState.UNPAID
    account = payment_account or payment_account_from_config(cfg)
    payload = ""
    account_text = ""
    if state is PaymentState.UNPAID and account is not None and fee:
        payload = build_payload(account.bank_bin, account.account, fee, f"HS {outcome.code}")
        account_text = " - ".join(
            p for p in (account.bank_name, account.account, account.account_name) if p
        )
    collect_at = (
        f"Qua bưu chính tới: {postal_address}"
        if delivery == "post"
        else f"{RECEPTION_UNIT.capitalize()} - {ward_name}"
    )
    notes = () if outcome.official else (PROVISIONAL_NOTE,)
    return Receipt(
        agency_name=f"UBND {ward_name}".upper(),
        place=place,
        dossier_code=outcome.code,
        code_official=outcome.official,
        applicant_name=dossier.applicant.full_name,
        applicant_address=address,
        applicant_phone=_answer_of_kind(dossier, procedure.form, FieldKind.PHONE),
        applicant_email=_answer_of_kind(dossier, procedure.form, FieldKind.EMAIL),
        procedure_code=procedure.code,
        procedure_name=procedure.name_vi,
        competent_agency=procedure.agency_vi,
        documents=tuple(
            ReceivedDocument(d.name_vi, d.copies, d.original) for d in procedure.documents
        ),
        processing_days=procedure.processing_days,
        received_at=dossier.filed_at,
        due_at=due_at,
        delivery=delivery,
        collect_at=collect_at,
        fee_vnd=fee,
        payment_state=state,
        payment_payload=payload,
        payment_account_text=account_text,
        tracking_url=outcome.tracking_url,
        kiosk_id=dossier.kiosk_id,
        ward_name=ward_name,
        dossier_uuid=dossier.dossier_uuid,
        notes=notes,
    )


# ---------------------------------------------------------------------- sample
SAMPLE_PAYMENT_ACCOUNT = PaymentAccount(
    bank_bin="970415",
    account="113366668888",
    account_name="UBND PHUONG BA DINH (MAU)",
    bank_name="VietinBank",
)


def sample_procedure() -> Procedure:
    """Temporary residence registration (1.004194), as the demo catalog describes it."""
    form = FormSchema(
        fields=(
            FieldSpec(
                "full_name",
                FieldKind.PERSON_NAME,
                "Họ và tên",
                "Full name",
                from_card="full_name",
                editable=False,
            ),
            FieldSpec("address", FieldKind.ADDRESS, "Nơi tạm trú", "Temporary residence"),
            FieldSpec("phone", FieldKind.PHONE, "Số điện thoại", "Phone", required=False),
            FieldSpec("delivery", FieldKind.DELIVERY, "Nhận kết quả", "Receive the result"),
        )
    )
    return Procedure(
        code="1.004194",
        name_vi="Đăng ký tạm trú",
        name_en="Temporary residence registration",
        category="cu_tru",
        level=ServiceLevel.PARTIAL,
        fee=FeeRule(kind="fixed", amount=15000, online_amount=7000),
        processing_days=3,
        documents=(
            Document(
                "Tờ khai thay đổi thông tin cư trú (CT01)",
                "Residence information change form (CT01)",
                1,
                True,
            ),
            Document("Giấy tờ chứng minh chỗ ở hợp pháp", "Proof of lawful residence", 1, False),
        ),
        agency_vi="Công an phường Ba Đình",
        agency_en="Ba Dinh ward police",
        form=form,
    )


def sample_receipt(cfg: Config | None = None) -> Receipt:
    """A complete receipt for a fictional resident, for demos, tests and the CLI."""
    cfg = cfg or defaults()
    filed = datetime(2026, 9, 30, 9, 41)
    applicant = CitizenIdentity(
        id_number="001099000001",
        full_name="Nguyễn Thị Minh Hằng",
        date_of_birth=date(1990, 5, 17),
        place_of_residence="Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội",
    )
    dossier = Dossier(
        procedure_code="1.004194",
        applicant=applicant,
        answers={
            "address": applicant.place_of_residence,
            "phone": "0912345678",
            "delivery": "counter",
        },
        kiosk_id=str(cfg["kiosk.id"]),
        ward_code=str(cfg["kiosk.ward_code"]),
        filed_at=filed,
        dossier_uuid="7d1f6a52-3c1e-4b8e-9a57-2f0c1f4f5e11",
        tracking_token="q7mF0bW3sX9kP2aL5dR8tA",
        fee_vnd=15000,
    )
    code = f"{cfg['kiosk.agency_code']}-260930-0012"
    outcome = SubmitOutcome(
        dossier_uuid=dossier.dossier_uuid,
        code=code,
        official=True,
        tracking_token=dossier.tracking_token,
        tracking_url=str(cfg["backend.tracking_base_url"]) + dossier.tracking_token,
    )
    return build_receipt(
        dossier,
        outcome,
        sample_procedure(),
        cfg,
        due_at=datetime(2026, 10, 5, 16, 0),
        payment_account=SAMPLE_PAYMENT_ACCOUNT,
    )
