"""The Unikey and bamboo habit table typed on the on-screen keyboard.

Driven through the widget's public API only (``press_key`` with the letter key ids, which stay
whatever the layout, and ``type_char`` for capitals, precomposed letters, spaces and dashes),
into a real QLineEdit, so the result is what the field shows.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.unit.domain.telex_habit_cases import HABIT_TABLE, HabitCase
from ui.widgets.keyboard import OnScreenKeyboard


@pytest.fixture
def keyboard(qtbot: QtBot) -> Iterator[tuple[OnScreenKeyboard, QLineEdit]]:
    window = QWidget()
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    kb = OnScreenKeyboard()
    layout.addWidget(edit)
    layout.addWidget(kb)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    edit.setFocus()
    kb.set_target(edit)
    yield kb, edit
    kb.set_target(None)


def type_keys(kb: OnScreenKeyboard, keys: str) -> None:
    for ch in keys:
        if "a" <= ch <= "z":
            kb.press_key(ch)  # the letter key, as a touch on it does
        else:
            kb.type_char(ch)


@pytest.mark.parametrize("case", HABIT_TABLE, ids=[c.keys for c in HABIT_TABLE])
def test_habit_table_on_the_keyboard(
    keyboard: tuple[OnScreenKeyboard, QLineEdit], case: HabitCase
) -> None:
    kb, edit = keyboard
    type_keys(kb, case.keys)
    assert edit.text() == case.expected
    assert edit.cursorPosition() == len(case.expected)


def test_habits_mid_field_keep_the_text_around(
    keyboard: tuple[OnScreenKeyboard, QLineEdit],
) -> None:
    kb, edit = keyboard
    edit.setText("Họ tên:  (chủ hộ)")
    edit.setCursorPosition(len("Họ tên: "))
    type_keys(kb, "Nguyenxe Vawn Cuwongf")
    assert edit.text() == "Họ tên: Nguyễn Văn Cường (chủ hộ)"
    assert edit.cursorPosition() == len("Họ tên: Nguyễn Văn Cường")
