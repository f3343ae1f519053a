"""The window's promises: same buttons in the same place, both languages, lockdown, recovery."""

from __future__ import annotations

import re
import sys

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.backend.errors import BackendUnavailableError, DossierNotFoundError
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from tests.fakes import FakeGateway
from tests.ui.driving import click, press_continue, type_text, visit_until_review
from ui.screens.identify import IdentifyScreen
from ui.screens.track import TrackScreen, query_from_scan
from ui.window.lockdown import is_blocked_shortcut
from ui.window.main_window import MainWindow


def test_back_and_continue_stay_in_the_same_place(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    home = w.screens[Step.HOME]
    click(qtbot, home.tiles[0])  # type: ignore[attr-defined]
    positions = set()
    for _ in range(2):  # procedure, consent
        positions.add(
            (
                w.back_button.geometry().topLeft().toTuple(),
                w.continue_button.geometry().topRight().toTuple(),
            )
        )
        press_continue(qtbot, w)
    positions.add(
        (
            w.back_button.geometry().topLeft().toTuple(),
            w.continue_button.geometry().topRight().toTuple(),
        )
    )
    assert len(positions) == 1
    assert w.back_button.height() >= 64
    assert w.continue_button.height() >= 64
    assert w.progress.text() == "Bước 3/6"


def test_english_is_one_touch_away_and_complete(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    click(qtbot, w.lang_button)
    first = w.ctx.lang  # a copy: mypy would keep `w.ctx.lang` narrowed past the next tap
    assert first == "en"
    home = w.screens[Step.HOME]
    assert home.heading.text() == "What do you need to do?"
    click(qtbot, home.tiles[0])  # type: ignore[attr-defined]
    assert w.progress.text() == "Step 1 of 6"
    press_continue(qtbot, w)
    visible = [
        lab.text()
        for lab in w.findChildren(QLabel)
        if lab.isVisibleTo(w) and lab.text() and lab is not w.ward  # the ward's name is a name
    ]
    vietnamese_only = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    assert not [t for t in visible if any(c in t.lower() for c in vietnamese_only)]
    click(qtbot, w.lang_button)
    assert w.ctx.lang == "vi"
    assert w.progress.text() == "Bước 2/6"


def base_font_px(qss: str) -> int:
    match = re.search(r"\* \{[^}]*font-size: (\d+)px", qss)
    assert match is not None
    return int(match.group(1))


def test_large_text_and_high_contrast_change_the_style(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    click(qtbot, window.large_button)
    large = app.styleSheet()
    assert base_font_px(large) >= base_font_px(before) * 1.3
    click(qtbot, window.contrast_button)
    assert "#000000" in app.styleSheet()
    click(qtbot, window.large_button)
    click(qtbot, window.contrast_button)
    assert app.styleSheet() == before


def test_resident_shortcuts_do_nothing(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    for key, mods in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ):
        assert is_blocked_shortcut(QKeyEvent(QEvent.Type.KeyPress, key, mods))
        qtbot.keyClick(w, key, mods)
        assert w.isVisible()
        assert w.ctx.session.step is Step.PROCEDURE
    assert not is_blocked_shortcut(
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Q, Qt.KeyboardModifier.NoModifier)
    )
    w._allow_close = False  # as in production
    w.close()
    assert w.isVisible()
    w.allow_close()
    assert w.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu


@pytest.mark.expect_log("ERROR", "kiosk.crash", r"unexpected error; showing the recovery screen")
def test_unexpected_error_shows_recovery_then_home(qtbot: QtBot, window: MainWindow) -> None:
    from ui.startup.crash import CrashHandler

    w = window
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    handler = CrashHandler(w.show_recovery)
    handler.install()
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.recovery, timeout=2000)
    texts = " ".join(lab.text() for lab in w.recovery.findChildren(QLabel))
    assert "Traceback" not in texts
    assert "boom" not in texts
    click(qtbot, w.recovery.home)
    assert w.ctx.session.is_blank
    assert w.stack.currentWidget() is w.screens[Step.HOME]


#: the QR printed on the sample card's front
SAMPLE_QR = (
    f"{SAMPLE_CITIZEN.id_number}|{SAMPLE_CITIZEN.old_id_number}|{SAMPLE_CITIZEN.full_name}|"
    f"{SAMPLE_CITIZEN.date_of_birth.strftime('%d%m%Y')}|Nam|"
    f"{SAMPLE_CITIZEN.place_of_residence}|10042021"
)


def _scan(qtbot: QtBot, w: MainWindow, text: str) -> None:
    """A keyboard-mode scanner: the whole code in one burst, then Enter, as the platform
    delivers keys: to the native window, which passes them to the focused widget (a space
    is the space key, as the X server sends it)."""
    target = w.windowHandle()
    assert target is not None
    for ch in text:
        key = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.keyClick(target, Qt.Key.Key_Return)


def test_scanner_burst_is_told_apart_from_typing(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    scans: list[str] = []
    w.scanner.scanned.connect(scans.append)
    home = w.screens[Step.HOME]
    home.search.setFocus()  # type: ignore[attr-defined]
    handle = w.windowHandle()
    assert handle is not None
    for ch in "khai sinh":  # a person: tens of milliseconds between keys
        type_text(handle, ch)
        qtbot.wait(60)
    qtbot.keyClick(handle, Qt.Key.Key_Return)
    assert scans == []
    assert home.search.text() == "khai sinh"  # type: ignore[attr-defined]
    home.search.clear()  # type: ignore[attr-defined]
    _scan(qtbot, w, "ABCDEFGH12345")
    assert scans == ["ABCDEFGH12345"]


def test_card_qr_scan_fills_the_access_keys(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    press_continue(qtbot, w)
    press_continue(qtbot, w)
    ident = w.screens[Step.IDENTIFY]
    assert isinstance(ident, IdentifyScreen)
    _scan(qtbot, w, SAMPLE_QR)
    assert ident.number.text() == SAMPLE_CITIZEN.id_number
    assert ident.dob.text() == SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y")
    qtbot.waitUntil(lambda: w.continue_button.isEnabled(), timeout=10000)


def test_a_scan_presses_no_focused_button(qtbot: QtBot, window: MainWindow) -> None:
    """With no field focused, the spaces of a scanned card's name go to no button (the
    language button, say, which a disabled Continue hands the focus on to)."""
    w = window
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    press_continue(qtbot, w)
    press_continue(qtbot, w)
    w.activateWindow()
    w.lang_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.lang_button, timeout=2000)
    _scan(qtbot, w, SAMPLE_QR)
    assert w.ctx.lang == "vi"
    assert w.ctx.session.step is Step.IDENTIFY
    ident = w.screens[Step.IDENTIFY]
    assert isinstance(ident, IdentifyScreen)
    assert ident.number.text() == SAMPLE_CITIZEN.id_number


def test_tracking_scan_from_home_opens_the_timeline(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    _scan(qtbot, w, "http://127.0.0.1:9/tra-cuu/abcdefghijklmnopqrstuv")
    assert w.ctx.session.step is Step.TRACK
    track = w.screens[Step.TRACK]
    assert isinstance(track, TrackScreen)
    qtbot.waitUntil(track.answered, timeout=5000)
    assert track.result.isVisible()
    assert "Đang xử lý" in " ".join(lab.text() for lab in track.findChildren(QLabel))
    assert query_from_scan("https://x/tra-cuu/abcdefghijklmnopqrstuv?lang=en") == (
        "abcdefghijklmnopqrstuv"
    )


def test_change_on_review_returns_to_that_page(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    visit_until_review(qtbot, w, "1.004194")
    change = next(
        b for b in w.review.findChildren(type(w.back_button)) if b.property("change") == "phone"
    )
    click(qtbot, change)
    assert w.ctx.session.step is Step.FORM
    form = w.screens[Step.FORM]
    assert any(f.spec.key == "phone" for f in form.widgets)  # type: ignore[attr-defined]


def test_tracking_says_clearly_when_unknown_or_offline(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway
) -> None:
    w = window
    click(qtbot, w.screens[Step.HOME].track_button)  # type: ignore[attr-defined]
    track = w.screens[Step.TRACK]
    assert isinstance(track, TrackScreen)
    for error, words in (
        (DossierNotFoundError("404"), DossierNotFoundError.message_vi),
        (BackendUnavailableError("connection refused"), "tạm thời không phản hồi"),
    ):
        gateway.track_error = error
        track.query.setText("000.00.01.H26-261120-0099")
        click(qtbot, track.go)
        qtbot.waitUntil(track.answered, timeout=5000)
        assert words in track.state.text()
        assert not track.result.isVisible()
        assert "404" not in track.state.text()  # the technical detail stays in the log
