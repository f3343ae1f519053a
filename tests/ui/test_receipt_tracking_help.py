"""Receipt and tracking as a resident reads them, the "staff called" notice, the idle warning."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.domain.address import HANOI, communes
from kiosk.domain.dossier import DossierTracking
from kiosk.visit.session import Step
from tests.factories import receipt_for_delivery
from tests.fakes import FakeGateway
from tests.ui.driving import click, type_into, visit_until_review
from tests.ui.test_staff_mode import STAFF_PIN, make_env
from ui.screens.track import TrackScreen
from ui.window.main_window import MainWindow

HOAN_KIEM = next(u for u in communes(HANOI) if u.name == "Phường Hoàn Kiếm")
POSTAL = {"province_code": HANOI, "commune_code": HOAN_KIEM.code, "street": "12 Hàng Bạc"}
KIOSK_ID = "KIOSK-HK-07"


@dataclass
class NotedGateway(FakeGateway):
    """The city's answer as the reference backend gives it: the intake note names the kiosk."""

    def track(self, code_or_token: str) -> DossierTracking:
        t = super().track(code_or_token)
        history = [replace(t.history[0], note=f"kiosk {KIOSK_ID}"), *t.history[1:]]
        return replace(t, history=history)


@pytest.fixture
def gateway() -> FakeGateway:
    return NotedGateway()


def _receipt(w: MainWindow, delivery: object) -> None:
    w.receipt.show_receipt(receipt_for_delivery(delivery, w.ctx.services.config, KIOSK_ID))


def test_by_post_the_receipt_screen_says_where_the_result_goes(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    _receipt(w, {"method": "post", "address": POSTAL})
    where = "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"
    text = w.receipt.next.text()
    assert where in text
    assert "bưu điện" in text
    assert "mang giấy hẹn" not in text
    click(qtbot, w.lang_button)
    text = w.receipt.next.text()
    assert where in text  # the postal address as it is written on the envelope
    assert "by post" in text
    assert "bring" not in text.lower()
    assert "{" not in " ".join(lab.text() for lab in w.receipt.findChildren(QLabel))


def test_at_the_counter_the_receipt_screen_says_to_bring_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    _receipt(window, {"method": "counter"})
    assert "mang giấy hẹn" in window.receipt.next.text()
    window.receipt.clear()
    assert window.receipt.next.text() == ""


def test_the_review_shows_an_address_as_text(qtbot: QtBot, window: MainWindow) -> None:
    visit_until_review(qtbot, window, "1.004194")
    answer = window.review.findChild(QLabel, "answer-temporary_address")
    assert answer is not None
    assert answer.text() == "Số 5 ngõ 10 Láng Hạ, Phường Láng, Thành phố Hà Nội"
    answers = [lab.text() for lab in window.review.findChildren(QLabel)]
    assert len(answers) > 10
    assert not [t for t in answers if "{" in t or "_code" in t]


def test_tracking_names_the_procedure_and_not_the_kiosk(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    click(qtbot, w.screens[Step.HOME].track_button)  # type: ignore[attr-defined]
    track = w.screens[Step.TRACK]
    assert isinstance(track, TrackScreen)
    type_into(qtbot, track.query, "000.00.01.H26-261120-0007")
    click(qtbot, track.go)
    qtbot.waitUntil(track.answered, timeout=5000)
    texts = [lab.text() for lab in track.result.findChildren(QLabel)]
    assert "Thủ tục: Đăng ký tạm trú" in texts
    assert not [t for t in texts if KIOSK_ID in t or "kiosk" in t.lower()]
    click(qtbot, w.lang_button)
    texts = [lab.text() for lab in track.result.findChildren(QLabel)]
    assert "Procedure: Temporary residence registration" in texts


def test_staff_called_is_translated_shown_to_staff_and_wiped(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    w = window
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    click(qtbot, w.staff_button)
    assert w.notice.text() == "Đã báo cán bộ. Vui lòng chờ trong giây lát."
    # a copy: mypy would keep the attribute itself narrowed past the wipe below
    called_at = w.ctx.staff_called_at
    assert called_at == w.ctx.services.clock()
    click(qtbot, w.lang_button)
    assert w.notice.text() == "Staff have been called. Please wait a moment."
    click(qtbot, w.lang_button)
    env = make_env(qtbot, w, tmp_path)
    try:
        w.staffRequested.emit()
        env.mode.pad.submitted.emit(STAFF_PIN)
        qtbot.waitUntil(lambda: env.mode.current() is env.mode.staff_panel, timeout=10000)
        panel = env.mode.staff_panel
        assert panel.called.isVisible()
        assert panel.called.text() == "Người dân đã bấm gọi cán bộ lúc 09:30"
        click(qtbot, panel.end_button)
        click(qtbot, panel.end_confirm)  # staff end the visit: the wipe
    finally:
        env.mode.close()
    assert w.ctx.session.is_blank
    assert w.notice.text() == ""
    assert w.ctx.staff_called_at is None
    env.mode.staff_panel.show_visit()
    assert not env.mode.staff_panel.called.isVisibleTo(env.mode.staff_panel)
    click(qtbot, w.lang_button)
    assert w.notice.text() == ""  # a language switch does not bring it back


def _warn(qtbot: QtBot, w: MainWindow) -> None:
    if w.ctx.session.step is Step.HOME:
        click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    w.idle.set_timing(warning_ms=50, countdown_s=30, tick_ms=1000)
    qtbot.waitUntil(w.overlay.isVisible, timeout=5000)


def test_a_touch_anywhere_on_the_idle_warning_keeps_the_visit(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    _warn(qtbot, w)
    # where the Continue button is under the warning: the touch keeps the visit, and only that
    spot = w.overlay.mapFromGlobal(w.continue_button.mapToGlobal(QPoint(10, 10)))
    qtbot.mouseClick(w.overlay, Qt.MouseButton.LeftButton, pos=spot)
    assert not w.overlay.isVisible()
    assert not w.idle.warning
    assert w.ctx.session.step is Step.PROCEDURE
    # a finger on the warning's text, as a touch screen sends it
    _warn(qtbot, w)
    device = QTest.createTouchDevice()
    where = w.overlay.title.mapTo(w, QPoint(5, 5))
    QTest.touchEvent(w, device).press(0, where, w).commit()
    QTest.touchEvent(w, device).release(0, where, w).commit()
    assert not w.overlay.isVisible()
    assert w.ctx.session.step is Step.PROCEDURE
    # and the countdown stopped: nothing is wiped afterwards
    assert not w.idle.counting
    assert not w.ctx.session.is_blank
