"""The receipt slip as data: form CT04 for residence procedures, Form 01 for the others.

- CT04 "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả": the police's slip for residence procedures
  (Circular 56/2021/TT-BCA as amended by Circular 66/2023/TT-BCA), issued in the name of the
  residence registration authority (the ward police).
- Form 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Circular 01/2018/TT-VPCP) for the others.

Both name the receiving unit (Decree 118/2025: the ward's public administrative service point)
and the competent unit, and say how the result comes back (by post since 1/1/2026 in Hanoi).

:func:`~kiosk.domain.receipt_building.build_receipt` turns a dossier, the city's answer, the
procedure and the kiosk settings into a :class:`Receipt`: every text the printed page shows,
already decided, so that all renderers (Qt/CUPS, PDF, PNG, ESC/POS) print the same thing. A
receipt holds the applicant's name (and address where the form requires it): it is personal
data and must never be logged.

:meth:`Receipt.to_dict` / :meth:`Receipt.from_dict` give the JSON record kept for reprints and
read by ``kiosk receipt render --dossier FILE.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from kiosk.domain.fees import format_vnd
from kiosk.domain.preparation import (
    SLIP_CT04,
    SLIP_FORM_01,
)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"  # Form 01
TITLE_CT04 = "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
RECEPTION_UNIT = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
BRING_NOTE = "Mang theo giấy này và thẻ căn cước khi đến nhận kết quả"
POST_NOTE = "Kết quả được gửi qua bưu chính tới địa chỉ đã đăng ký - giữ giấy này để tra cứu"
PROVISIONAL_NOTE = "Mã tạm - mã chính thức sẽ được cấp khi hệ thống kết nối lại"
#: the transfer note of the payment QR (62.08); the dossier code goes in 62.01
PAYMENT_PURPOSE = "Le phi ho so"


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
    #: CT04 only (its form has them): ID number, permanent and temporary residence
    applicant_id_number: str = ""
    permanent_residence: str = ""
    temporary_residence: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    documents: tuple[ReceivedDocument, ...] = ()
    processing_days: int | None = None
    due_at: datetime | None = None
    delivery: str = "counter"  # counter | post
    collect_at: str = ""
    #: which slip: "CT04" (police, residence procedures) or "01" (Form 01)
    slip_form: str = SLIP_FORM_01
    #: the unit that received the dossier (Decree 118/2025), e.g. "Điểm phục vụ hành chính
    #: công phường Ba Đình"
    receiving_unit: str = ""
    postage_text: str = ""
    #: the legal basis of the fee rule applied; the rate's amount before the city's support,
    #: and whether the city covers it (Resolution 77/2025)
    fee_rule_text: str = ""
    fee_amount_vnd: int | None = None
    fee_covered: bool = False
    fee_vnd: int | None = None
    payment_state: PaymentState = PaymentState.UNKNOWN
    payment_payload: str = ""
    payment_account_text: str = ""
    dossier_uuid: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    # ------------------------------------------------------------------ texts
    @property
    def title(self) -> str:
        return TITLE_CT04 if self.slip_form == SLIP_CT04 else TITLE

    @property
    def form_label(self) -> str:
        """The form's reference, printed small under the title."""
        if self.slip_form == SLIP_CT04:
            return "Mẫu CT04 (Thông tư 56/2021/TT-BCA, sửa đổi bởi Thông tư 66/2023/TT-BCA)"
        return "Mẫu số 01 (Thông tư 01/2018/TT-VPCP)"

    @property
    def bring_note(self) -> str:
        return POST_NOTE if self.delivery == "post" else BRING_NOTE

    def rows(self) -> tuple[tuple[str, str], ...]:
        """The slip's ``label: value`` lines in the order of its form, then the kiosk's own;
        lines without a value are left out, except the documents line (its value is empty: the
        documents are listed under it)."""
        contact = [("Địa chỉ", self.applicant_address)] if self.applicant_address else []
        if self.applicant_phone:
            contact.append(("Số điện thoại", self.applicant_phone))
        if self.applicant_email:
            contact.append(("Email", self.applicant_email))
        request = f"{self.procedure_name} (mã TTHC {self.procedure_code})"
        fee = self.fee_text + (f" ({self.fee_rule_text})" if self.fee_rule_text else "")
        if self.slip_form == SLIP_CT04:
            # Circular 66/2023/TT-BCA, form CT04, line by line
            police = self.competent_agency.removeprefix("Công an ").strip()
            paper = "qua dịch vụ bưu chính" if self.delivery == "post" else "tại nơi nộp hồ sơ"
            head = [
                ("Công an", police),
                ("Đã tiếp nhận hồ sơ của Ông/Bà", self.applicant_name),
                ("Số định danh cá nhân/CMND", self.applicant_id_number),
                ("Nơi thường trú", self.permanent_residence),
                ("Nơi tạm trú", self.temporary_residence),
                *(c for c in contact if c[0] != "Địa chỉ"),  # CT04 names the residences
                ("Nội dung yêu cầu giải quyết", request),
                ("Thành phần hồ sơ nộp gồm", ""),
            ]
            tail = [
                ("Thời gian nhận hồ sơ", self.received_text),
                ("Thời gian trả kết quả giải quyết hồ sơ", self.due_text),
                ("Hình thức nhận kết quả", f"Bản giấy - {paper}"),
                ("Đăng ký nhận kết quả Bản giấy tại", self.collect_at),
                # the kiosk's addition (said above already when collected where it was filed)
                (
                    "Nơi tiếp nhận",
                    "" if self.collect_at == self.receiving_unit else self.receiving_unit,
                ),
            ]
        else:
            # Circular 01/2018/TT-VPCP, Form 01
            head = [
                ("Bộ phận tiếp nhận", self.receiving_unit),
                ("Tiếp nhận hồ sơ của", self.applicant_name),
                *contact,
                ("Nội dung yêu cầu giải quyết", request),
                ("Cơ quan giải quyết", self.competent_agency),
                ("1. Thành phần hồ sơ nộp gồm", ""),
            ]
            tail = [
                ("2. Số lượng hồ sơ", "01 bộ"),
                ("3. Thời gian giải quyết hồ sơ theo quy định", self.processing_text),
                ("4. Thời gian nhận hồ sơ", self.received_text),
                ("5. Thời gian trả kết quả giải quyết hồ sơ", self.due_text),
                ("6. Đăng ký nhận kết quả tại", self.collect_at),
            ]
        extra = [("Phí, lệ phí", fee), ("Tình trạng thanh toán", self.payment_text)]
        if self.postage_text:
            extra.append(("Cước bưu chính", self.postage_text))
        documents = "Thành phần hồ sơ nộp gồm", "1. Thành phần hồ sơ nộp gồm"
        return tuple((lb, v) for lb, v in (*head, *tail, *extra) if v or lb in documents)

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
            if self.fee_amount_vnd:  # the rate is known, what is due is not (see the rule)
                covered = ", được thành phố hỗ trợ 100%" if self.fee_covered else ""
                amount = format_vnd(self.fee_amount_vnd, in_words=True)
                return f"{amount}{covered} - số phải nộp: cán bộ sẽ thông báo"
            return "Cán bộ sẽ thông báo"
        if self.fee_vnd == 0:
            return "Miễn phí"
        return format_vnd(self.fee_vnd, in_words=True)

    @property
    def payment_text(self) -> str:
        return {
            PaymentState.FREE: "Không phải nộp",
            PaymentState.UNPAID: "Chưa thanh toán - quét mã QR thanh toán bên dưới",
            PaymentState.PAID: "Đã thanh toán",
            PaymentState.UNKNOWN: "Không thanh toán tại ki-ốt",
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
