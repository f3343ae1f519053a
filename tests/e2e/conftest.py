"""The demo as a resident meets it: reference backend in its own process, virtual card, PDF
printer, a real window (shared by the end-to-end tests)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import defaults
from kiosk.logsetup import Redactor, configure_logging
from ui.app import build_window
from ui.demo import demo_services
from ui.main_window import MainWindow


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    redactor = Redactor()
    handler = configure_logging(tmp_path / "logs", redactor)
    cfg = defaults().replace(kiosk__data_dir=str(tmp_path))
    with ExitStack() as stack:
        services = demo_services(cfg, redactor, stack, wait_for_backend=True)
        stack.callback(services.card.shutdown)
        w = build_window(services, allow_close=True)
        stack.callback(w.shutdown)
        qtbot.addWidget(w)
        w.resize(1920, 1080)
        w.show()
        qtbot.waitExposed(w)
        yield w, tmp_path
    logging.getLogger().removeHandler(handler)
    handler.close()
