"""What a filing costs and where it goes, on the procedure page and the receipt screen (#13):
the amount due at the kiosk today with its rule, payment, postage, the units, the due time -
all decided by the engine (kiosk.domain.fees, kiosk.domain.preparation, kiosk.domain.receipt).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.domain.preparation import prepare_filed
from kiosk.domain.receipt import PaymentState
from kiosk.visit.session import Step
from tests.factories import paying_catalog
from tests.ui.driving import click, type_into, visit_until_receipt, visit_until_review
from ui.screens.procedure import ProcedureScreen
from ui.window.main_window import MainWindow

RESOLUTION_77 = "Nghị quyết 77/2025/NQ-HĐND"


def open_procedure(qtbot: QtBot, w: MainWindow, code: str) -> ProcedureScreen:
    home = w.screens[Step.HOME]
    type_into(qtbot, home.search, code)  # type: ignore[attr-defined]
    tile = next(
        t
        for t in home.tiles  # type: ignore[attr-defined]
        if t.isVisible() and t.property("procedure") == code
    )
    click(qtbot, tile)
    page = w.screens[Step.PROCEDURE]
    assert isinstance(page, ProcedureScreen)
    return page


@pytest.mark.parametrize(
    ("code", "due", "rule"),
    [
        # a council fee: 0 đ online since 1/1/2026
        ("1.001022", "Phải nộp hôm nay tại ki-ốt: 0 đ", RESOLUTION_77),
        # a Ministry fee covered 100%: how is not known, so neither is what is paid
        ("1.004194", "Phải nộp hôm nay tại ki-ốt: Chưa rõ (được hỗ trợ 100%", "7.000 đ - thành"),
        # no figure in the sources: unknown, never 0
        ("1.001653", "Phải nộp hôm nay tại ki-ốt: Chưa rõ", "Luật Người khuyết tật 2010"),
    ],
)
def test_the_procedure_page_shows_what_is_paid_today_and_the_rule(
    qtbot: QtBot, window: MainWindow, code: str, due: str, rule: str
) -> None:
    page = open_procedure(qtbot, window, code)
    assert page.fee.text().startswith(due)
    assert page.fee_rule.text().startswith("Căn cứ: ")
    assert rule in page.fee_rule.text()
    assert page.fee.isVisible()
    assert page.fee_rule.isVisible()


def test_the_procedure_page_fee_in_english(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    page = open_procedure(qtbot, w, "1.001022")
    click(qtbot, w.lang_button)
    assert page.fee.text() == "To pay today at this kiosk: 0 đ"
    assert page.fee_rule.text().startswith("Rule: ")
    assert "0 VND for online filing" in page.fee_rule.text()


def test_receipt_of_a_covered_fee_by_post(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    visit_until_receipt(qtbot, w, "1.004194", delivery=None)  # the proposal: by post
    r = w.receipt
    assert r.receipt is not None
    assert r.receipt.delivery == "post"
    assert r.fee.text() == f"Lệ phí: {r.receipt.fee_text}"
    assert "được thành phố hỗ trợ 100%" in r.fee.text()
    assert r.fee_rule.text().startswith("Căn cứ: Luật Cư trú 2020")
    assert RESOLUTION_77 in r.fee_rule.text()
    assert r.receipt.payment_state is PaymentState.UNKNOWN
    assert r.paid.text() == "Không thanh toán tại ki-ốt - cán bộ sẽ thông báo nếu phải nộp"
    assert not r.pay_box.isVisible()  # no payment QR when what is due is not known
    assert r.postage.isVisible()
    assert r.postage.text() == f"Cước bưu chính: được hỗ trợ 100% ({RESOLUTION_77})"
    assert "bưu điện" in r.next.text()
    assert "mang" not in r.next.text().lower()  # nothing to bring: the result comes by post
    assert r.receiving.text() == f"Nơi tiếp nhận: {r.receipt.receiving_unit}"
    assert r.receiving.text().startswith("Nơi tiếp nhận: Điểm phục vụ hành chính công phường")
    assert r.competent.text() == f"Cơ quan giải quyết: {r.receipt.competent_agency}"
    assert r.competent.text().startswith("Cơ quan giải quyết: Công an")
    click(qtbot, w.lang_button)
    assert r.fee.text().startswith("Fee: Not known (covered 100%")
    assert r.postage.text() == f"Postage: covered 100% by the city ({RESOLUTION_77})"
    assert r.paid.text().startswith("Nothing is paid at the kiosk")
    assert r.receiving.text().startswith("Received by: Điểm phục vụ")


def test_receipt_of_a_zero_fee_has_no_payment_qr(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    visit_until_receipt(qtbot, w, "1.004873", delivery=None)  # marital status: a council fee
    r = w.receipt
    assert r.receipt is not None
    assert r.receipt.fee_vnd == 0
    assert r.fee.text() == "Lệ phí: Miễn phí"
    assert RESOLUTION_77 in r.fee_rule.text()
    assert r.paid.text() == "Không phải nộp lệ phí"
    assert not r.pay_box.isVisible()
    assert r.receipt.payment_payload == ""
    assert r.competent.text().startswith("Cơ quan giải quyết: Ủy ban nhân dân")


@pytest.mark.parametrize("ui_catalog", [paying_catalog()])
def test_receipt_collected_at_the_counter_says_what_to_bring(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    visit_until_receipt(qtbot, w, "1.004194", delivery="counter")
    r = w.receipt
    assert r.receipt is not None
    assert r.receipt.delivery == "counter"
    assert r.fee.text() == "Lệ phí: 7.000 đồng"
    assert r.pay_box.isVisible()  # a fee due now, with the payment QR
    assert r.paid.text() == "Chưa nộp lệ phí"
    assert not r.postage.isVisible()  # no postage: collected where filed
    assert r.next.text() == w.ctx.tr("receipt.next")  # bring the receipt and the card
    assert "mang giấy hẹn" in r.next.text()


def test_the_receipt_due_time_is_the_engines(
    qtbot: QtBot, window: MainWindow, now: list[datetime]
) -> None:
    w = window
    now[0] = datetime(2026, 11, 23, 15, 30)  # a same-day procedure filed late in the day
    visit_until_receipt(qtbot, w, "2.000884", delivery=None)
    s = w.ctx.session
    assert s.dossier is not None
    assert s.procedure is not None
    r = w.receipt.receipt
    assert r is not None
    # not sooner than an hour after filing: decided by the engine, no longer by the window
    assert r.due_at == datetime(2026, 11, 23, 16, 30)
    assert r.due_at == prepare_filed(s.dossier, s.procedure, w.ctx.services.config).due_at
    assert "16 giờ 30 phút, ngày 23/11/2026" in w.receipt.due.text()


def test_the_review_page_shows_the_fee_of_the_answers_and_its_rule(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    visit_until_review(qtbot, w, "1.004194", delivery=None)
    texts = [lab.text() for lab in w.review.findChildren(QLabel)]
    fee = next(t for t in texts if t.startswith("Chưa rõ (được hỗ trợ 100%"))
    assert RESOLUTION_77 in fee  # the rule, under the amount
