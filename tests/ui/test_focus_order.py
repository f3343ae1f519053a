"""Keyboard and switch users: Tab walks the header, then the screen top to bottom, then Back
and Continue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.visit.session import Step
from tests.ui.driving import click, press_continue
from ui.window.main_window import MainWindow


def tab_chain(w: MainWindow) -> list[QWidget]:
    """The widgets Tab visits, in order, starting at the window."""
    chain: list[QWidget] = []
    current = w.nextInFocusChain()
    while current is not None and current is not w and len(chain) < 500:
        if (
            current.isVisible()
            and current.isEnabled()
            and current.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            chain.append(current)
        current = current.nextInFocusChain()
    return chain


def test_tab_order_on_the_identify_screen(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    press_continue(qtbot, w)
    press_continue(qtbot, w)
    ident = w.screens[Step.IDENTIFY]
    ident.number.setText("001089012345")  # type: ignore[attr-defined]
    ident._show_dates(True)  # type: ignore[attr-defined]  # as a card without PACE asks
    ident.dob.setText("14/05/1989")  # type: ignore[attr-defined]
    chain = tab_chain(w)
    wanted = [
        w.lang_button,
        w.staff_button,
        ident.number,  # type: ignore[attr-defined]
        ident.dob,  # type: ignore[attr-defined]
        ident.expiry,  # type: ignore[attr-defined]
        ident.read_button,  # type: ignore[attr-defined]
        w.back_button,
    ]
    positions = [chain.index(x) for x in wanted]
    assert positions == sorted(positions)
    assert all(
        not k.focusPolicy() & Qt.FocusPolicy.TabFocus
        for k in w.keyboard.findChildren(QWidget)
        if k.isWidgetType() and k.metaObject().className() == "QPushButton"
    )
