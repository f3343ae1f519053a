"""The fictitious receipt of ``kiosk receipt render --sample``, the bench and the tests (nobody
real): a temporary residence registration filed at a Ba Đình kiosk."""

from __future__ import annotations

from datetime import date, datetime

from kiosk.config import Config, defaults
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.procedure import Document, FeeRule, Procedure, ServiceLevel
from kiosk.domain.receipt import PaymentAccount, Receipt
from kiosk.domain.receipt_building import build_receipt

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
        category="residence",
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
            "delivery": {
                "method": "post",
                "address": {
                    "province_code": 1,
                    "commune_code": 4,
                    "street": "Số 12 ngõ 34 phố Đội Cấn",
                },
            },
        },
        kiosk_id=cfg.kiosk.id,
        ward_code=cfg.kiosk.ward_code,
        filed_at=filed,
        dossier_uuid="7d1f6a52-3c1e-4b8e-9a57-2f0c1f4f5e11",
        tracking_token="q7mF0bW3sX9kP2aL5dR8tA",
        fee_vnd=15000,
    )
    code = f"{cfg.kiosk.agency_code}-260930-0012"
    outcome = SubmitOutcome(
        dossier_uuid=dossier.dossier_uuid,
        code=code,
        official=True,
        tracking_token=dossier.tracking_token,
        tracking_url=cfg.backend.tracking_base_url + dossier.tracking_token,
    )
    return build_receipt(
        dossier,
        outcome,
        sample_procedure(),
        cfg,
        due_at=datetime(2026, 10, 5, 16, 0),
        payment_account=SAMPLE_PAYMENT_ACCOUNT,
    )
