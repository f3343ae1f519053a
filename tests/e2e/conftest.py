"""The demo as a resident meets it: reference backend in its own process, virtual card, PDF
printer through the print process, a real window (shared by the end-to-end tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.fixtures.demo_kiosk import demo_window
from ui.window.main_window import MainWindow


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    with demo_window(qtbot, tmp_path) as w:
        yield w, tmp_path
