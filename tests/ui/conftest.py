from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.card.service import CardService
from kiosk.config import defaults
from kiosk.domain.catalog import Catalog
from kiosk.runtime.logsetup import Redactor
from tests.factories import catalog
from tests.fakes import FakeCardReader, FakeGateway, FakePrinter
from ui.context import Services
from ui.startup.app import build_window
from ui.window.main_window import MainWindow

NOW = datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def card_reader() -> FakeCardReader:
    return FakeCardReader()


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def ui_catalog() -> Catalog:
    """The catalog the window shows (a test may parametrize it with another)."""
    return catalog()


@pytest.fixture
def now() -> list[datetime]:
    """The kiosk's clock, which a test may move (``now[0] = ...``)."""
    return [NOW]


@pytest.fixture
def services(  # noqa: PLR0917 - pytest passes fixtures by name
    tmp_path: Path,
    card_reader: FakeCardReader,
    gateway: FakeGateway,
    printer: FakePrinter,
    ui_catalog: Catalog,
    now: list[datetime],
) -> Iterator[Services]:
    card = CardService(card_reader, timeout_s=10)
    yield Services(
        config=defaults().replace(kiosk__data_dir=str(tmp_path)),
        catalog=ui_catalog,
        card=card,
        gateway=gateway,
        printer=printer,
        redactor=Redactor(),
        clock=lambda: now[0],
    )
    card.shutdown()


@pytest.fixture
def window(qtbot: QtBot, services: Services) -> Iterator[MainWindow]:
    w = build_window(services, allow_close=True)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
