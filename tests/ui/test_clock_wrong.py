"""A kiosk whose clock shows the year 2000 (dead clock battery, time sync not yet run): the
resident's submit is refused with a message and nothing is filed; once the clock is set, the
same answers are filed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.card.service import CardService
from kiosk.config import defaults
from kiosk.domain.catalog import Catalog
from kiosk.logsetup import Redactor
from kiosk.session import ClockError, Step
from tests.fakes import FakeCardReader, FakeGateway, FakePrinter
from tests.ui.driving import press_continue, visit_until_review
from ui.context import Services
from ui.main_window import MainWindow


class WallClock:
    def __init__(self) -> None:
        self.now = datetime(2000, 1, 1, 0, 5)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def services(  # noqa: PLR0917 - pytest passes fixtures by name
    tmp_path: Path,
    card_reader: FakeCardReader,
    gateway: FakeGateway,
    printer: FakePrinter,
    ui_catalog: Catalog,
    wall: WallClock,
) -> Iterator[Services]:
    card = CardService(card_reader, timeout_s=10)
    yield Services(
        config=defaults().replace(kiosk__data_dir=str(tmp_path)),
        catalog=ui_catalog,
        card=card,
        gateway=gateway,
        printer=printer,
        redactor=Redactor(),
        clock=wall,
    )
    card.shutdown()


def test_a_wrong_clock_refuses_the_submit_and_keeps_the_answers(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway, wall: WallClock
) -> None:
    w = window
    visit_until_review(qtbot, w, "1.004194")
    press_continue(qtbot, w)
    assert w.ctx.session.step is Step.REVIEW
    assert w.review.error.isVisible()
    assert w.review.error.text() == ClockError.message_vi
    assert gateway.submitted == []
    assert w.ctx.session.answers["phone"] == "0912345678"

    wall.now = datetime(2026, 11, 23, 9, 30)  # time sync has run
    press_continue(qtbot, w)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.RECEIPT, timeout=5000)
    assert [d.filed_at for d in gateway.submitted] == [wall.now]
