"""The receipt model: Form 01 content decided from dossier, outcome, procedure and config."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from kiosk.config import defaults
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.fees import format_vnd
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.procedure import FeeRule, Procedure
from kiosk.domain.receipt import (
    BRING_NOTE,
    POST_NOTE,
    PROVISIONAL_NOTE,
    PaymentAccount,
    PaymentState,
    Receipt,
    format_vi_datetime,
)
from kiosk.domain.receipt_building import build_receipt
from kiosk.domain.vietqr import crc_valid, parse_payload
from kiosk.simulators.sample_receipt import sample_procedure, sample_receipt

ACCOUNT = PaymentAccount(bank_bin="970436", account="0011001234567")
APPLICANT = CitizenIdentity(
    id_number="001099000002",
    full_name="Trần Văn Bình",
    date_of_birth=date(1985, 1, 2),
    place_of_residence="Số 5 phố Kim Mã, Phường Giảng Võ, Thành phố Hà Nội",
)


def _dossier(**changes: object) -> Dossier:
    base = Dossier(
        procedure_code="1.004194",
        applicant=APPLICANT,
        answers={"address": APPLICANT.place_of_residence, "delivery": "counter"},
        kiosk_id="KIOSK-T-01",
        ward_code="00004",
        filed_at=datetime(2026, 3, 2, 8, 5),
        fee_vnd=15000,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _outcome(official: bool = True, code: str = "000.00.01.H26-260302-0001") -> SubmitOutcome:
    return SubmitOutcome(
        dossier_uuid="u-1",
        code=code,
        official=official,
        tracking_token="tok",
        tracking_url="https://example.test/tra-cuu/tok",
    )


def test_formats() -> None:
    assert format_vi_datetime(datetime(2026, 10, 5, 7, 3)) == "07 giờ 03 phút, ngày 05/10/2026"
    assert format_vnd(1_234_000, in_words=True) == "1.234.000 đồng"
    assert format_vnd(2000, in_words=True) == "2.000 đồng"


def test_sample_receipt_is_the_police_slip_ct04() -> None:
    r = sample_receipt()
    assert r.slip_form == "CT04"
    assert r.title == "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert "66/2023/TT-BCA" in r.form_label
    assert r.agency_name == "CÔNG AN THÀNH PHỐ HÀ NỘI"
    assert r.unit_name == "CÔNG AN PHƯỜNG BA ĐÌNH"
    assert r.competent_agency == "Công an phường Ba Đình"
    assert r.receiving_unit == "Điểm phục vụ hành chính công phường Ba Đình"
    assert r.delivery == "post"
    assert (
        r.collect_at
        == "Qua bưu chính tới: Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội"
    )
    assert r.bring_note == POST_NOTE
    labels = [label for label, _ in r.rows()]
    assert labels[:4] == [
        "Công an",
        "Đã tiếp nhận hồ sơ của Ông/Bà",
        "Số định danh cá nhân/CMND",
        "Nơi thường trú",
    ]
    assert "Địa chỉ" not in labels  # CT04 names the residences instead
    assert labels.index("Thời gian nhận hồ sơ") < labels.index(
        "Thời gian trả kết quả giải quyết hồ sơ"
    )
    assert "Đăng ký nhận kết quả Bản giấy tại" in labels
    assert "Cước bưu chính" in labels  # filed on 30/09/2026, online: postage covered
    assert r.place_date_text == "Hà Nội, ngày 30 tháng 09 năm 2026"
    assert r.code_official
    assert r.code_label == "Mã hồ sơ"
    assert r.dossier_code == "000.00.01.H26-260930-0012"
    assert r.applicant_name == "Nguyễn Thị Minh Hằng"
    assert r.applicant_address  # temporary residence asks for the address
    assert r.procedure_name == "Đăng ký tạm trú"
    assert [d.text() for d in r.documents] == [
        "Tờ khai thay đổi thông tin cư trú (CT01) (01 bản chính)",
        "Giấy tờ chứng minh chỗ ở hợp pháp (01 bản sao)",
    ]
    assert r.processing_text == "03 ngày làm việc"
    assert r.received_text == "09 giờ 41 phút, ngày 30/09/2026"
    assert r.due_text == "16 giờ 00 phút, ngày 05/10/2026"
    assert r.fee_text == "15.000 đồng"
    assert r.payment_state is PaymentState.UNPAID
    assert r.tracking_url.endswith("/tra-cuu/q7mF0bW3sX9kP2aL5dR8tA")
    assert r.kiosk_id == "KIOSK-DEMO-01"
    assert r.ward_name == "Phường Ba Đình"
    parsed = parse_payload(r.payment_payload)
    assert parsed.amount == 15000
    assert parsed.bill_number == r.dossier_code  # 62.01, whole
    assert all(len(v) <= 25 for v in parsed.additional.values())


def test_other_procedures_get_form_01() -> None:
    proc = dataclasses.replace(sample_procedure(), category="certification", agency_vi="UBND")
    r = build_receipt(_dossier(), _outcome(), proc, defaults())
    assert r.slip_form == "01"
    assert r.title == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert "01/2018/TT-VPCP" in r.form_label
    assert r.agency_name == "UBND PHƯỜNG BA ĐÌNH"
    assert r.unit_name == "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    assert r.competent_agency == "Ủy ban nhân dân phường Ba Đình"
    labels = [label for label, _ in r.rows()]
    assert labels[:2] == ["Bộ phận tiếp nhận", "Tiếp nhận hồ sơ của"]
    assert [lb[:2] for lb in labels if lb[0].isdigit()] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert "Cơ quan giải quyết" in labels
    assert r.bring_note == BRING_NOTE  # collected at the counter (the answer says so)


def test_a_code_too_long_for_the_bill_number_gets_no_payment_qr() -> None:
    long_code = "TAM-KIOSK-T-01-260302-ABCDEF"  # 28 characters
    r = build_receipt(
        _dossier(),
        _outcome(official=False, code=long_code),
        sample_procedure(),
        defaults(),
        payment_account=ACCOUNT,
    )
    assert r.payment_state is PaymentState.UNPAID
    assert r.payment_payload == ""


def test_provisional_code_is_marked() -> None:
    r = build_receipt(
        _dossier(),
        _outcome(official=False, code="TAM-KIOSK-T-01-0007"),
        sample_procedure(),
        defaults(),
        payment_account=ACCOUNT,
    )
    assert not r.code_official
    assert r.code_label == "Mã hồ sơ (tạm)"
    assert PROVISIONAL_NOTE in r.notes


def test_address_only_where_the_form_requires_it() -> None:
    no_address_form = FormSchema(fields=(FieldSpec("n", FieldKind.PERSON_NAME, "Tên", "Name"),))
    proc = dataclasses.replace(sample_procedure(), form=no_address_form, delivery="counter")
    r = build_receipt(_dossier(), _outcome(), proc, defaults())
    assert r.applicant_address == ""
    assert r.applicant_phone == ""
    with_address = build_receipt(_dossier(), _outcome(), sample_procedure(), defaults())
    assert with_address.applicant_address == APPLICANT.place_of_residence


def test_post_delivery_names_the_postal_address() -> None:
    d = _dossier(
        answers={"address": "x", "delivery": {"method": "post", "address": "Hộp thư 12, Hà Nội"}}
    )
    r = build_receipt(d, _outcome(), sample_procedure(), defaults())
    assert r.delivery == "post"
    assert r.delivery_text == "Qua dịch vụ bưu chính"
    assert "Hộp thư 12, Hà Nội" in r.collect_at
    assert r.applicant_address == "Hộp thư 12, Hà Nội"


def test_counter_delivery_names_the_ward_counter() -> None:
    r = build_receipt(
        _dossier(),
        _outcome(),
        sample_procedure(),
        defaults().replace(kiosk__ward_name="Phường Hoàn Kiếm"),
    )
    assert r.delivery == "counter"
    assert r.collect_at == "Điểm phục vụ hành chính công phường Hoàn Kiếm"


@pytest.mark.parametrize(
    ("fee_vnd", "rule", "paid", "state", "has_qr"),
    [
        (15000, FeeRule("fixed", 15000), False, PaymentState.UNPAID, True),
        (15000, FeeRule("fixed", 15000), True, PaymentState.PAID, False),
        (None, FeeRule("free"), False, PaymentState.FREE, False),
        (None, FeeRule("unknown"), False, PaymentState.UNKNOWN, False),
        (None, FeeRule("fixed", 20000), False, PaymentState.UNPAID, True),
        (0, FeeRule("fixed", 20000), False, PaymentState.FREE, False),
    ],
)
def test_fee_and_payment_state(
    fee_vnd: int | None, rule: FeeRule, paid: bool, state: PaymentState, has_qr: bool
) -> None:
    proc: Procedure = dataclasses.replace(sample_procedure(), fee=rule)
    r = build_receipt(
        _dossier(fee_vnd=fee_vnd), _outcome(), proc, defaults(), paid=paid, payment_account=ACCOUNT
    )
    assert r.payment_state is state
    assert bool(r.payment_payload) is has_qr
    if has_qr:
        assert crc_valid(r.payment_payload)
        assert parse_payload(r.payment_payload).amount == r.fee_vnd
        assert parse_payload(r.payment_payload).account == ACCOUNT.account


def test_no_payment_account_no_payment_qr() -> None:
    cfg = defaults().replace(payment__bank_bin="")
    r = build_receipt(_dossier(), _outcome(), sample_procedure(), cfg)
    assert r.payment_state is PaymentState.UNPAID
    assert r.payment_payload == ""


def test_payment_account_from_config() -> None:
    cfg = defaults().replace(payment__bank_bin="970436", payment__account="0011009999999")
    r = build_receipt(_dossier(), _outcome(), sample_procedure(), cfg)
    parsed = parse_payload(r.payment_payload)
    assert (parsed.bank_bin, parsed.account, parsed.amount) == ("970436", "0011009999999", 15000)


def test_due_date_from_dossier_when_no_due_time_given() -> None:
    r = build_receipt(
        _dossier(due_date=date(2026, 3, 5)), _outcome(), sample_procedure(), defaults()
    )
    assert r.due_text == "16 giờ 00 phút, ngày 05/03/2026"
    no_time = dataclasses.replace(sample_procedure(), processing_days=None)
    unknown = build_receipt(_dossier(), _outcome(), no_time, defaults())
    assert unknown.due_at is None
    assert unknown.due_text == "Cán bộ sẽ thông báo"


def test_due_time_counts_working_days() -> None:
    # Filed Friday 2026-03-06 08:05; 3 working days (no holiday that week) -> Wednesday, at
    # the afternoon hour results are due (kiosk.domain.preparation.RESULT_TIME)
    r = build_receipt(
        _dossier(filed_at=datetime(2026, 3, 6, 8, 5)), _outcome(), sample_procedure(), defaults()
    )
    assert r.due_text == "16 giờ 00 phút, ngày 11/03/2026"


def test_processing_time_texts() -> None:
    same_day = dataclasses.replace(sample_procedure(), processing_days=0)
    unknown = dataclasses.replace(sample_procedure(), processing_days=None)
    assert build_receipt(_dossier(), _outcome(), same_day, defaults()).processing_text == (
        "Trong ngày làm việc"
    )
    assert (
        "chưa xác định"
        in build_receipt(_dossier(), _outcome(), unknown, defaults()).processing_text
    )


def test_json_round_trip() -> None:
    r = sample_receipt()
    again = Receipt.from_dict(r.to_dict())
    assert again == r
    assert BRING_NOTE  # the note is a module constant every renderer prints


def test_from_dict_refuses_other_documents() -> None:
    with pytest.raises(ValueError, match="unknown receipt fields"):
        Receipt.from_dict({**sample_receipt().to_dict(), "password": "x"})
    with pytest.raises(ValueError, match="not a receipt record"):
        Receipt.from_dict({"agency_name": "x"})
