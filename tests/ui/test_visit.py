"""A whole visit clicked through offscreen, and the wipe that follows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.backend.api import Satisfaction
from kiosk.backend.errors import OutboxFullError
from kiosk.printing.errors import PrinterPaperOutError
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from tests.factories import paying_catalog
from tests.fakes import FakeGateway, FakePrinter
from tests.ui.driving import (
    click,
    press_continue,
    step_now,
    type_into,
    visit_until_receipt,
    visit_until_review,
)
from ui.widgets.qr import QrView
from ui.window.main_window import MainWindow

TYPED_VALUES = ["Số 5 ngõ 10 Láng Hạ", "0912345678", "Trần Thị Bình"]


def visible_texts(root: QObject) -> list[str]:
    """Every text any object under ``root`` holds: labels, inputs, buttons, QR payloads,
    accessible names, tooltips and dynamic properties."""
    out: list[str] = []
    for obj in [root, *root.findChildren(QObject)]:
        if isinstance(obj, QLabel):
            out.append(obj.text())
        if isinstance(obj, QLineEdit):
            out += [obj.text(), obj.placeholderText()]
        if isinstance(obj, QPlainTextEdit):
            out.append(obj.toPlainText())
        if isinstance(obj, QAbstractButton):
            out.append(obj.text())
        if isinstance(obj, QComboBox):
            out += [obj.itemText(i) for i in range(obj.count())]
        if isinstance(obj, QrView):
            out.append(obj.text())
        if isinstance(obj, QWidget):
            out += [obj.accessibleName(), obj.accessibleDescription(), obj.toolTip()]
        for name in obj.dynamicPropertyNames():
            key = bytes(name.data()).decode()
            if not key.startswith(("_q_", "_PySide")):  # Qt and PySide internals, not ours
                out.append(str(obj.property(key)))
    return out


def python_state_texts(obj: object, depth: int = 0, seen: set[int] | None = None) -> list[str]:
    """Strings reachable from the screens' Python attributes (models, cached results)."""
    seen = seen if seen is not None else set()
    if id(obj) in seen or depth > 4:
        return []
    seen.add(id(obj))
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in python_state_texts(v, depth + 1, seen)]
    if isinstance(obj, list | tuple | set):
        return [t for v in obj for t in python_state_texts(v, depth + 1, seen)]
    if hasattr(obj, "__dict__") and not isinstance(obj, type):
        return [t for v in vars(obj).values() for t in python_state_texts(v, depth + 1, seen)]
    return []


#: card values shared by millions (nationality "Việt Nam", religion "Không", ethnicity "Kinh")
#: also appear as ordinary words on screen; they identify nobody
GENERIC = {
    SAMPLE_CITIZEN.nationality,
    SAMPLE_CITIZEN.religion,
    SAMPLE_CITIZEN.ethnicity,
    SAMPLE_CITIZEN.sex,
}


def personal_values() -> list[str]:
    card = [v for v in SAMPLE_CITIZEN.personal_values() if v not in GENERIC]
    assert SAMPLE_CITIZEN.full_name in card
    return card + TYPED_VALUES


def assert_nothing_personal(w: MainWindow) -> None:
    texts = visible_texts(w)
    state = []
    for screen in w.screens.values():
        state += python_state_texts({k: v for k, v in vars(screen).items() if k != "ctx"})
    state += python_state_texts(vars(w.ctx.session))
    haystack = "\n".join(texts + state)
    leaks = [v for v in personal_values() if v in haystack]
    assert leaks == []
    # nor in a field's undo history, where Ctrl+Z (or a later resident) would bring it back
    undoable = [e.objectName() or repr(e) for e in w.findChildren(QLineEdit) if e.isUndoAvailable()]
    assert undoable == []


@pytest.mark.parametrize("ui_catalog", [paying_catalog()])
def test_whole_visit_then_rating_wipes_everything(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway, printer: FakePrinter
) -> None:
    w = window
    visit_until_receipt(qtbot, w, "1.004194")
    assert len(gateway.submitted) == 1
    dossier = gateway.submitted[0]
    assert dossier.applicant.id_number == SAMPLE_CITIZEN.id_number
    assert dossier.answers["phone"] == "0912345678"
    assert dossier.fee_vnd == 7000  # online fee, collected (this catalog: refunded later)
    assert dossier.fee_rule.endswith("| online | 2026-01-01")
    assert w.receipt.code.text() == "000.00.01.H26-261123-0001"
    assert w.receipt.track_qr.text().endswith(dossier.tracking_token)
    assert w.receipt.pay_qr.text().startswith("000201")
    qtbot.waitUntil(lambda: printer.printed == ["000.00.01.H26-261123-0001"], timeout=5000)
    assert "6/6" in w.progress.text() or "6 of 6" in w.progress.text()
    press_continue(qtbot, w)
    assert step_now(w) is Step.RATING
    click(qtbot, w.rating.buttons[Satisfaction.NOT_SATISFIED])
    click(qtbot, w.rating.reason_checks["slow"])
    press_continue(qtbot, w)
    assert step_now(w) is Step.END
    qtbot.waitUntil(lambda: len(gateway.ratings) == 1, timeout=5000)
    assert gateway.ratings[0].satisfaction is Satisfaction.NOT_SATISFIED
    assert gateway.ratings[0].reasons == ("slow",)
    assert gateway.ratings[0].dossier_uuid == dossier.dossier_uuid
    assert_nothing_personal(w)
    press_continue(qtbot, w)
    assert w.ctx.session.is_blank


def test_idle_countdown_wipes_and_returns_home(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    visit_until_receipt(qtbot, w, "1.004194")
    w.idle.set_timing(warning_ms=50, countdown_s=2, tick_ms=50)
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=5000)
    assert w.overlay.count.text() in {"2", "1"}
    qtbot.waitUntil(lambda: w.ctx.session.is_blank, timeout=5000)
    assert not w.overlay.isVisible()
    assert w.stack.currentWidget() is w.screens[Step.HOME]
    assert_nothing_personal(w)


def test_idle_continue_keeps_the_visit(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    home = w.screens[Step.HOME]
    click(qtbot, home.tiles[0])  # type: ignore[attr-defined]
    w.idle.set_timing(warning_ms=50, countdown_s=30, tick_ms=1000)
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=5000)
    click(qtbot, w.overlay.button)
    assert not w.overlay.isVisible()
    assert w.ctx.session.step is Step.PROCEDURE


def test_no_idle_warning_on_an_untouched_home_screen(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    w.idle.set_timing(warning_ms=20, countdown_s=1, tick_ms=20)
    checks = w.idle.idle_checks
    qtbot.waitUntil(lambda: w.idle.idle_checks >= checks + 3, timeout=5000)  # ran out 3 times
    assert not w.overlay.isVisible()
    assert not w.idle.warning


def test_wrong_keys_show_an_actionable_message_and_keep_input(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    home = w.screens[Step.HOME]
    click(qtbot, home.tiles[0])  # type: ignore[attr-defined]
    press_continue(qtbot, w)
    press_continue(qtbot, w)
    ident = w.screens[Step.IDENTIFY]
    assert not ident.dob.isVisible()  # type: ignore[attr-defined]  # the number is enough
    type_into(qtbot, ident.number, "001089099999")  # type: ignore[attr-defined]
    click(qtbot, ident.read_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ident.retry_button.isVisible(), timeout=5000)  # type: ignore[attr-defined]
    # PACE with the CAN refused: only the number can be wrong, and the screen says which part
    assert "nhất là 6 chữ số cuối" in ident.status.text()  # type: ignore[attr-defined]
    assert ident.number.text() == "001089099999"  # type: ignore[attr-defined]
    assert ident.staff_button.isVisible()  # type: ignore[attr-defined]
    assert not w.continue_button.isEnabled()
    assert w.ctx.staff_called_at is None  # a typing mistake is not the staff's business


@pytest.mark.expect_log("ERROR", "ui.window.visit_steps", r"submit failed")
def test_submit_failure_returns_to_review_with_answers(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway
) -> None:
    gateway.fail_with = OutboxFullError("disk nearly full")  # the outbox refused it
    w = window
    visit_until_review(qtbot, w, "1.004194")
    press_continue(qtbot, w)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.REVIEW, timeout=5000)
    assert w.review.error.isVisible()
    assert w.review.error.text() == OutboxFullError.message_vi  # what to do, in words
    assert w.ctx.session.answers["phone"] == "0912345678"
    gateway.fail_with = None
    press_continue(qtbot, w)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.RECEIPT, timeout=5000)


@pytest.mark.parametrize("ui_catalog", [paying_catalog()])
def test_receipt_shows_paid_when_the_city_sees_the_payment(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway
) -> None:
    w = window
    w.receipt.set_poll_interval(20)
    visit_until_receipt(qtbot, w, "1.004194")
    assert w.receipt.pay_box.isVisible()
    assert w.receipt.paid.text() == "Chưa nộp lệ phí"
    asked = gateway.payment_checks
    qtbot.waitUntil(lambda: gateway.payment_checks >= asked + 2, timeout=5000)
    assert w.receipt.paid.text() == "Chưa nộp lệ phí"  # polled, still unpaid
    gateway.paid = True
    qtbot.waitUntil(lambda: w.receipt.paid.text() == "Đã nộp lệ phí", timeout=5000)
    assert not w.receipt.pay_box.isVisible()


@pytest.mark.expect_log("WARNING", "ui.window.visit_steps", r"printing failed")
def test_printer_failure_keeps_code_and_qr_on_screen(
    qtbot: QtBot, window: MainWindow, printer: FakePrinter
) -> None:
    printer.fail_with = PrinterPaperOutError("paper end sensor")
    w = window
    visit_until_receipt(qtbot, w, "1.004194")
    qtbot.waitUntil(lambda: "hết giấy" in w.receipt.print_state.text(), timeout=5000)
    assert "chụp lại mã hồ sơ" in w.receipt.print_state.text()
    assert w.receipt.code.text().startswith("000.00.01.H26-")
    assert w.receipt.track_qr.text()
    assert w.ctx.session.outcome is not None  # nothing lost: staff can reprint later
