"""The on-screen keyboard driven like a resident (clicks, touches) and like staff (keys)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QIntValidator, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.unit.domain.telex_cases import TELEX_TABLE
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.keyboard_layout import KEY_MIN_HEIGHT

_KEY_OF_CHAR = {" ": "space", ",": "comma", ".": "period", "-": "dash", "/": "slash"}


@dataclass
class Rig:
    window: QWidget
    edit: QLineEdit
    other: QLineEdit
    kb: OnScreenKeyboard


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    window = QWidget()
    layout = QVBoxLayout(window)
    edit, other = QLineEdit(), QLineEdit()
    kb = OnScreenKeyboard()
    for w in (edit, other, kb):
        layout.addWidget(w)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    edit.setFocus()
    kb.set_target(edit)
    yield Rig(window, edit, other, kb)
    kb.set_target(None)


def click(kb: OnScreenKeyboard, key_id: str, mode: str = "text") -> None:
    QTest.mouseClick(kb.button(key_id, mode), Qt.MouseButton.LeftButton)


_TOUCH: list[QPointingDevice] = []


def touch(button: QPushButton) -> None:
    """A finger press and release on the button (Qt turns it into a click)."""
    if not _TOUCH:
        _TOUCH.append(QTest.createTouchDevice())
    centre = button.rect().center()
    seq = QTest.touchEvent(button, _TOUCH[0])
    seq.press(0, centre, button)
    seq.commit()
    seq = QTest.touchEvent(button, _TOUCH[0])
    seq.release(0, centre, button)
    seq.commit()


def type_on_screen(kb: OnScreenKeyboard, keys: str, *, by_touch: bool = False) -> None:
    for ch in keys:
        if ch.isupper():
            click(kb, "shift")
        key = _KEY_OF_CHAR.get(ch, ch.lower())
        if by_touch:
            touch(kb.button(key))
        else:
            click(kb, key)


@pytest.mark.parametrize(("keys", "expected"), TELEX_TABLE)
def test_telex_table_by_clicks(rig: Rig, keys: str, expected: str) -> None:
    type_on_screen(rig.kb, keys)
    assert rig.edit.text() == expected
    assert rig.edit.hasFocus()


@pytest.mark.parametrize(("keys", "expected"), TELEX_TABLE)
def test_telex_table_by_hardware_keys(rig: Rig, qtbot: QtBot, keys: str, expected: str) -> None:
    qtbot.keyClicks(rig.edit, keys)
    assert rig.edit.text() == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        case
        for case in TELEX_TABLE
        if case[0] in {"Nguyeenx", "Traanf Thij Hoaf", "dduwowngf", "ass"}
    ],
)
def test_telex_by_touch(rig: Rig, keys: str, expected: str) -> None:
    type_on_screen(rig.kb, keys, by_touch=True)
    assert rig.edit.text() == expected
    assert rig.edit.hasFocus()


def test_keys_never_take_focus(rig: Rig) -> None:
    buttons = rig.kb.findChildren(QPushButton)
    assert len(buttons) > 50
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in buttons)
    assert rig.kb.focusPolicy() == Qt.FocusPolicy.NoFocus
    visible = [b for b in buttons if b.isVisible()]
    assert visible
    assert all(b.height() >= KEY_MIN_HEIGHT for b in visible)
    click(rig.kb, "a")
    assert rig.edit.hasFocus()


def test_tone_and_vietnamese_letter_keys(rig: Rig) -> None:
    type_on_screen(rig.kb, "xin chao")
    click(rig.kb, "tone_f")
    assert rig.edit.text() == "xin chào"
    click(rig.kb, "tone_f")
    assert rig.edit.text() == "xin chao"
    click(rig.kb, "tone_s")
    click(rig.kb, "tone_z")
    assert rig.edit.text() == "xin chao"
    rig.edit.clear()
    click(rig.kb, "shift")
    click(rig.kb, "vi_dd")
    click(rig.kb, "i")
    click(rig.kb, "tone_f")
    assert rig.edit.text() == "Đì"
    rig.edit.clear()
    for key in ("t", "h", "vi_uw", "vi_ow", "n", "g", "tone_f"):
        click(rig.kb, key)
    assert rig.edit.text() == "thường"


def test_shift_is_one_letter_and_caps_stays(rig: Rig) -> None:
    click(rig.kb, "shift")
    assert rig.kb.button("a").text() == "A"
    type_on_screen(rig.kb, "ha")
    assert rig.edit.text() == "Ha"
    assert rig.kb.button("a").text() == "a"
    rig.edit.clear()
    click(rig.kb, "caps")
    type_on_screen(rig.kb, "hoaf")
    assert rig.edit.text() == "HÒA"
    click(rig.kb, "caps")
    rig.kb.clear()
    assert rig.kb.button("a").text() == "a"


def test_telex_can_be_turned_off(rig: Rig) -> None:
    assert rig.kb.telex_enabled()
    click(rig.kb, "telex")
    assert not rig.kb.telex_enabled()
    type_on_screen(rig.kb, "hoaf")
    assert rig.edit.text() == "hoaf"
    click(rig.kb, "tone_j")  # tone keys still work
    assert rig.edit.text() == "hoạf"  # the word is "hoaf": its vowel takes the tone
    rig.kb.set_telex(True)
    assert rig.kb.button("telex").isChecked()


def test_cursor_in_the_middle(rig: Rig) -> None:
    rig.edit.setText("Nguyên An")
    rig.edit.setCursorPosition(6)
    click(rig.kb, "x")
    assert rig.edit.text() == "Nguyễn An"
    assert rig.edit.cursorPosition() == 6


def test_selection_is_replaced(rig: Rig) -> None:
    rig.edit.setText("Hà Tây")
    rig.edit.setSelection(3, 3)
    type_on_screen(rig.kb, "Nooij")
    assert rig.edit.text() == "Hà Nội"


def test_backspace_enter_and_commit(rig: Rig, qtbot: QtBot) -> None:
    type_on_screen(rig.kb, "Vieetj Namm")
    click(rig.kb, "backspace")
    assert rig.edit.text() == "Việt Nam"
    with (
        qtbot.waitSignal(rig.kb.textCommitted, timeout=2000) as committed,
        qtbot.waitSignal(rig.edit.returnPressed, timeout=2000),
    ):
        click(rig.kb, "enter")
    assert committed.args == ["Việt Nam"]


def test_numeric_date_and_phone_pads(rig: Rig) -> None:
    rig.kb.set_mode("date")
    for key in "14/05/1989":
        click(rig.kb, key, "date")
    assert rig.edit.text() == "14/05/1989"
    rig.edit.clear()
    rig.kb.set_mode("phone")
    for key in "+84912":
        click(rig.kb, key, "phone")
    click(rig.kb, "backspace", "phone")
    assert rig.edit.text() == "+8491"
    rig.edit.clear()
    rig.kb.set_mode("numeric")
    assert "/" not in [b.text() for b in rig.kb.findChildren(QPushButton) if b.isVisible()]
    for key in "0010":
        click(rig.kb, key, "numeric")
    assert rig.edit.text() == "0010"
    with pytest.raises(ValueError, match="mode"):
        rig.kb.set_mode("emoji")


def test_numeric_mode_types_letters_literally(rig: Rig, qtbot: QtBot) -> None:
    rig.kb.set_mode("numeric")
    qtbot.keyClicks(rig.edit, "aa")
    assert rig.edit.text() == "aa"


def test_validator_and_max_length_are_respected(rig: Rig) -> None:
    rig.edit.setValidator(QIntValidator(0, 999, rig.edit))
    type_on_screen(rig.kb, "12a3")
    assert rig.edit.text() == "123"
    rig.edit.setValidator(None)  # type: ignore[arg-type]  # Qt accepts None (no validator)
    rig.edit.clear()
    rig.edit.setMaxLength(4)
    type_on_screen(rig.kb, "Nguyeenx")
    assert len(rig.edit.text()) <= 4


def test_read_only_and_no_target(rig: Rig) -> None:
    rig.edit.setText("Nguyễn Văn An")
    rig.edit.setReadOnly(True)
    type_on_screen(rig.kb, "abc")
    assert rig.edit.text() == "Nguyễn Văn An"
    rig.kb.set_target(None)
    type_on_screen(rig.kb, "abc")  # nowhere to type: nothing happens
    click(rig.kb, "enter")


def test_switching_targets(rig: Rig) -> None:
    type_on_screen(rig.kb, "as")
    rig.kb.set_target(rig.other)
    type_on_screen(rig.kb, "s")
    assert (rig.edit.text(), rig.other.text()) == ("á", "s")


def test_target_deleted(rig: Rig) -> None:
    doomed = QLineEdit(rig.window)
    rig.kb.set_target(doomed)
    doomed.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert rig.kb.target() is None
    type_on_screen(rig.kb, "a")
