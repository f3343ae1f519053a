"""Screens that rebuild their contents every visit give back every layout item (issue #16).

PySide hands the item ``QLayout.takeAt`` returns to the caller and never deletes it: each widget's
place and each stretch left behind stayed in memory until the kiosk stopped (about 100 bytes
each, some 25 a visit). Measured with what malloc has in use, not RSS.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.malloc_heap import in_use_bytes
from ui.screens.base import empty_layout

CYCLES = 400
ITEMS = 21  # 20 labels and a stretch, as a list of documents has


def _rebuild(layout: QVBoxLayout) -> None:
    for n in range(ITEMS - 1):
        layout.addWidget(QLabel(f"giấy tờ {n}"))
    layout.addStretch(1)
    empty_layout(layout)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()


def test_emptying_a_layout_gives_back_its_items(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    for _ in range(50):  # Qt's and Python's caches fill first
        _rebuild(layout)
    gc.collect()
    before = in_use_bytes()
    for _ in range(CYCLES):
        _rebuild(layout)
    gc.collect()
    grown = in_use_bytes() - before
    assert layout.count() == 0
    # items left behind would be CYCLES * ITEMS * ~94 B = 790 kB; a tenth of one item a cycle
    # is the allowance for malloc's own bookkeeping
    assert grown < CYCLES * 10, f"{grown} bytes more after {CYCLES} rebuilds"
