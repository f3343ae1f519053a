"""A kiosk whose clock shows the year 2000 (dead clock battery, time sync not yet run): the
resident's submit is refused with a message and nothing is filed; once the clock is set, the
same answers are filed."""

from __future__ import annotations

from datetime import datetime

import pytest
from pytestqt.qtbot import QtBot

from kiosk.visit.session import ClockError, Step
from tests.fakes import FakeGateway
from tests.ui.driving import press_continue, visit_until_review
from ui.window.main_window import MainWindow


@pytest.fixture
def now() -> list[datetime]:
    """The kiosk's clock (tests/ui/conftest.py), at a time no dossier can be filed."""
    return [datetime(2000, 1, 1, 0, 5)]


@pytest.mark.expect_log("ERROR", "ui.window.visit_steps", r"submit refused")
def test_a_wrong_clock_refuses_the_submit_and_keeps_the_answers(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway, now: list[datetime]
) -> None:
    w = window
    visit_until_review(qtbot, w, "1.004194")
    press_continue(qtbot, w)
    assert w.ctx.session.step is Step.REVIEW
    assert w.review.error.isVisible()
    assert w.review.error.text() == ClockError.message_vi
    assert gateway.submitted == []
    assert w.ctx.session.answers["phone"] == "0912345678"

    now[0] = datetime(2026, 11, 23, 9, 30)  # time sync has run
    press_continue(qtbot, w)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.RECEIPT, timeout=5000)
    assert [d.filed_at for d in gateway.submitted] == [now[0]]
