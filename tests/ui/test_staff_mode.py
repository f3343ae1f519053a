"""Staff mode: the hidden gesture, the PIN pad and its lockout, and what staff can do.

The PIN store is real (argon2id hashes in a JSON file under tmp_path) with a fake clock and a
cheap argon2 profile; the printer and gateway are the recording fakes of tests/fakes.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.backend.api import OutboxState
from kiosk.backend.wire import identity_to_json
from kiosk.diagnostics import Probe
from kiosk.domain.citizen import IdentitySource
from kiosk.printing.errors import PrinterPaperOutError
from kiosk.settings_store import SettingsStore
from kiosk.staff import PinLockedError, PinStore, Role, StaffMember
from kiosk.staff.pins import pin_path
from kiosk.visit.session import Step
from tests.factories import BIRTH, catalog
from tests.fakes import FakeClock, FakeGateway, FakePrinter, cheap_hasher
from tests.ui.driving import click, fill_field, press_continue, type_into, visit_until_receipt
from ui.screens.form import FormScreen
from ui.staff.mode import StaffMode
from ui.staff.pin_pad import DOT
from ui.window.long_press import LongPress
from ui.window.main_window import MainWindow

STAFF_PIN = "2468"
TECH_PIN = "97531"
WRONG_PIN = "1111"


@dataclass
class StaffEnv:
    window: MainWindow
    mode: StaffMode
    store: PinStore
    clock: FakeClock
    staff: StaffMember
    technician: StaffMember
    settings_path: Path
    quits: list[str] = field(default_factory=list)

    def new_store(self) -> PinStore:
        """Another PinStore on the same file (a restarted kiosk)."""
        return PinStore(self.store.path, clock=self.clock, hasher=cheap_hasher())


def make_env(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    *,
    probes: Callable[[], list[Probe]] = list,
    mounts: Callable[[], list[Path]] = list,
    timeout_ms: int = 120_000,
    settings: bool = True,
) -> StaffEnv:
    clock = FakeClock()
    store = PinStore(pin_path(tmp_path / "data"), clock=clock, hasher=cheap_hasher())
    staff = store.add(Role.STAFF, "Quầy 2", STAFF_PIN)
    technician = store.add(Role.TECHNICIAN, "Kỹ thuật", TECH_PIN)
    settings_path = tmp_path / "etc" / "kiosk.toml"
    settings_path.parent.mkdir()
    quits: list[str] = []
    mode = StaffMode(
        window,
        pin_store=store,
        settings_store=SettingsStore(settings_path) if settings else None,
        probes=probes,
        mounts=mounts,
        timeout_ms=timeout_ms,
        quit_app=lambda: quits.append("quit"),
    )
    return StaffEnv(window, mode, store, clock, staff, technician, settings_path, quits)


@pytest.fixture
def env(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[StaffEnv]:
    e = make_env(qtbot, window, tmp_path)
    yield e
    e.mode.close()


def open_pad(qtbot: QtBot, env: StaffEnv) -> None:
    env.window.staffRequested.emit()
    assert env.mode.is_open()
    assert env.mode.current() is env.mode.pad
    assert env.mode.overlay.isVisible()


def type_pin(qtbot: QtBot, env: StaffEnv, pin: str) -> None:
    pad = env.mode.pad
    for digit in pin:
        click(qtbot, pad.keys[digit])
    click(qtbot, pad.ok_button)
    qtbot.waitUntil(lambda: not pad.is_busy(), timeout=10_000)


def unlock(qtbot: QtBot, env: StaffEnv, pin: str) -> None:
    open_pad(qtbot, env)
    type_pin(qtbot, env, pin)


def step_of(window: MainWindow) -> Step:
    """The visit's step, read afresh (the session moves under the test's feet)."""
    return window.ctx.session.step


def to_identify(window: MainWindow) -> None:
    s = window.ctx.session
    procedure = catalog().get(BIRTH)
    assert procedure is not None
    s.choose_procedure(procedure)
    s.to_consent()
    s.give_consent()
    assert s.step is Step.IDENTIFY


# --- opening --------------------------------------------------------------------------------
def test_long_press_on_the_title_opens_the_pin_pad(
    qtbot: QtBot, env: StaffEnv, window: MainWindow
) -> None:
    # the window's own gesture holds for 3 s; the same LongPress with a short hold, wired the
    # same way, shows that a held press reaches staff mode and a tap does not
    press = LongPress(window.title, hold_ms=50)
    press.held.connect(window.staffRequested)
    qtbot.mousePress(window.title, Qt.MouseButton.LeftButton)
    assert press.pending()
    qtbot.mouseRelease(window.title, Qt.MouseButton.LeftButton)
    assert not press.pending()  # the tap let go before the hold: nothing left to fire
    assert not env.mode.is_open()
    qtbot.mousePress(window.title, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(env.mode.is_open, timeout=5000)
    qtbot.mouseRelease(window.title, Qt.MouseButton.LeftButton)
    assert env.mode.current() is env.mode.pad
    assert env.mode.overlay.geometry().width() == window.width()


def test_pin_digits_are_hidden_and_cancel_returns_to_the_resident(
    qtbot: QtBot, env: StaffEnv, window: MainWindow
) -> None:
    open_pad(qtbot, env)
    pad = env.mode.pad
    for d in "2468":
        click(qtbot, pad.keys[d])
    assert pad.display.text() == DOT * 4
    assert not any(c.isdigit() for c in pad.display.text())
    click(qtbot, pad.keys["backspace"])
    assert pad.display.text() == DOT * 3
    click(qtbot, pad.cancel_button)
    assert not env.mode.is_open()
    assert not env.mode.overlay.isVisible()
    assert step_of(window) is Step.HOME
    open_pad(qtbot, env)
    assert pad.digits_entered() == 0  # nothing kept from the cancelled attempt


def test_good_staff_pin_opens_the_staff_panel(qtbot: QtBot, env: StaffEnv) -> None:
    unlock(qtbot, env, STAFF_PIN)
    assert env.mode.current() is env.mode.staff_panel
    assert env.mode.member == env.staff
    panel = env.mode.staff_panel
    assert "Quầy 2" in panel.who.text()
    assert panel.visit.text() == "Người dân đang ở bước: Màn hình đầu (chưa bắt đầu)"
    assert not panel.identity_button.isEnabled()  # only at the ID card step


# --- wrong PINs and the lock ------------------------------------------------------------------
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_wrong_pin_says_so_with_attempts_left(qtbot: QtBot, env: StaffEnv) -> None:
    open_pad(qtbot, env)
    type_pin(qtbot, env, WRONG_PIN)
    assert env.mode.current() is env.mode.pad
    assert env.mode.pad.message.text() == "Mã PIN không đúng. Còn 4 lần thử."
    type_pin(qtbot, env, WRONG_PIN)
    assert env.mode.pad.message.text() == "Mã PIN không đúng. Còn 3 lần thử."
    assert env.mode.member is None


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
@pytest.mark.expect_log("WARNING", "ui.staff.mode", r"PIN pad")
def test_five_wrong_pins_lock_the_pad_across_a_restart(qtbot: QtBot, env: StaffEnv) -> None:
    open_pad(qtbot, env)
    for _ in range(4):
        type_pin(qtbot, env, WRONG_PIN)
    type_pin(qtbot, env, WRONG_PIN)
    message = env.mode.pad.message.text()
    assert message == "Nhập sai mã PIN quá nhiều lần. Vui lòng thử lại sau 5 phút."
    # the right PIN is refused while locked
    type_pin(qtbot, env, STAFF_PIN)
    assert env.mode.current() is env.mode.pad
    assert "5 phút" in env.mode.pad.message.text()
    # a restarted kiosk (new store on the same file) is still locked
    with pytest.raises(PinLockedError):
        env.new_store().verify(None, STAFF_PIN)
    env.clock.now += 4 * 60 + 1
    type_pin(qtbot, env, STAFF_PIN)
    assert env.mode.pad.message.text().endswith("sau 1 phút.")
    env.clock.now += 60
    type_pin(qtbot, env, STAFF_PIN)
    assert env.mode.current() is env.mode.staff_panel


# --- what staff can do ------------------------------------------------------------------------
def test_staff_enter_the_identity_when_the_card_cannot_be_read(
    qtbot: QtBot, env: StaffEnv, window: MainWindow, gateway: FakeGateway
) -> None:
    to_identify(window)
    unlock(qtbot, env, STAFF_PIN)
    panel = env.mode.staff_panel
    assert panel.visit.text() == "Người dân đang ở bước: Đọc thẻ căn cước"
    click(qtbot, panel.identity_button)
    window.activateWindow()  # focus changes (and so the keyboard) need the active window
    qtbot.waitActive(window)
    form = panel.identity_form
    assert panel.pages.currentWidget() is form
    # a wrong entry is refused field by field and the visit does not move
    type_into(qtbot, form.number, "0010890123")
    # the window's on-screen keyboard types into the form; the overlay stops above it
    qtbot.waitUntil(window.keyboard.isVisible, timeout=5000)
    assert window.keyboard.target() is form.number
    assert window.keyboard.mode() == "numeric"
    assert env.mode.overlay.geometry().bottom() < window.keyboard.geometry().top()
    type_into(qtbot, form.dob, "31/02/1989")
    click(qtbot, form.save_button)
    assert form.errors["number"].text() == "Số định danh (CCCD) gồm đúng 12 chữ số."
    assert form.errors["dob"].text()
    assert form.errors["name"].text() == "Vui lòng nhập mục này."
    assert form.errors["sex"].text() == "Vui lòng chọn giới tính."
    assert step_of(window) is Step.IDENTIFY
    # the number must agree with the year of birth it encodes
    type_into(qtbot, form.number, "001089012345")
    type_into(qtbot, form.dob, "14/05/1990")
    type_into(qtbot, form.name, "Lê Thị Hồng")
    type_into(qtbot, form.residence, "Số 3 phố Kim Mã, Phường Ba Đình, Hà Nội")
    click(qtbot, form.male)
    click(qtbot, form.save_button)
    assert form.errors["number"].text() == "Số định danh không khớp với năm sinh."
    type_into(qtbot, form.dob, "14/05/1989")
    click(qtbot, form.save_button)

    s = window.ctx.session
    assert step_of(window) is Step.FORM
    assert not env.mode.is_open()  # back to the resident's screen, now at the form
    assert s.identity is not None
    assert s.identity.source is IdentitySource.STAFF
    assert s.identity.entered_by == env.staff.staff_id
    assert s.identity.entered_by != STAFF_PIN
    assert s.identity.full_name == "Lê Thị Hồng"
    assert s.card is not None
    assert s.card.passive_auth.detail == "entered by staff"
    assert not s.card.passive_auth.fully_verified

    # the filed dossier carries who entered the identity
    form_screen = window.screens[Step.FORM]
    assert isinstance(form_screen, FormScreen)
    for _ in range(20):
        for f in list(form_screen.widgets):
            fill_field(qtbot, f)
        press_continue(qtbot, window)
        if step_of(window) is not Step.FORM:
            break
    errors = [(f.spec.key, f.error.text()) for f in form_screen.widgets if f.error.text()]
    assert step_of(window) is Step.REVIEW, errors
    press_continue(qtbot, window)
    qtbot.waitUntil(lambda: step_of(window) is Step.RECEIPT, timeout=20_000)
    applicant = identity_to_json(gateway.submitted[0].applicant)
    assert applicant["source"] == "staff"
    assert applicant["entered_by"] == env.staff.staff_id


@pytest.mark.expect_log("WARNING", "ui.staff.staff_panel", r"reprint failed")
def test_reprint_sends_the_receipt_on_screen_to_the_printer(
    qtbot: QtBot, env: StaffEnv, window: MainWindow, printer: FakePrinter
) -> None:
    unlock(qtbot, env, STAFF_PIN)
    panel = env.mode.staff_panel
    assert not panel.reprint_button.isEnabled()
    assert panel.print_status.text() == "Chưa có phiếu hẹn để in lại."
    click(qtbot, panel.close_button)
    visit_until_receipt(qtbot, window, BIRTH)
    qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=10_000)
    unlock(qtbot, env, STAFF_PIN)
    assert panel.visit.text() == "Người dân đang ở bước: Nhận phiếu hẹn"
    click(qtbot, panel.reprint_button)
    qtbot.waitUntil(lambda: len(printer.printed) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: panel.print_status.text() == "Đã in lại phiếu hẹn.", timeout=5000)
    assert printer.printed[1] == printer.printed[0]
    printer.fail_with = PrinterPaperOutError("paper out")
    click(qtbot, panel.reprint_button)
    qtbot.waitUntil(lambda: panel.print_status.text().startswith("Máy in hết giấy"), timeout=5000)
    assert len(printer.printed) == 2


class BusyGateway(FakeGateway):
    def outbox_state(self) -> OutboxState:
        return OutboxState(
            depth=3,
            oldest_queued_at=datetime(2026, 11, 23, 8, 5),
            last_sync_at=None,
            last_error="ConnectTimeout",
            refusing="disk nearly full: 1000 bytes free",
        )


@pytest.fixture
def gateway() -> FakeGateway:
    return BusyGateway()


def test_staff_see_the_outbox(qtbot: QtBot, env: StaffEnv) -> None:
    unlock(qtbot, env, STAFF_PIN)
    text = env.mode.staff_panel.outbox_text
    qtbot.waitUntil(lambda: "Số mục chờ gửi: 3" in text.text(), timeout=5000)
    assert "Mục cũ nhất từ: 23/11/2026 08:05" in text.text()
    assert "Đồng bộ lần cuối: chưa có" in text.text()
    assert "Lỗi gần nhất: ConnectTimeout" in text.text()
    assert "Bộ nhớ đầy: máy đang từ chối hồ sơ mới" in text.text()  # the disk filled up


def test_end_visit_wipes_after_a_confirmation(
    qtbot: QtBot, env: StaffEnv, window: MainWindow
) -> None:
    to_identify(window)
    s = window.ctx.session
    unlock(qtbot, env, STAFF_PIN)
    panel = env.mode.staff_panel
    click(qtbot, panel.end_button)
    assert step_of(window) is Step.IDENTIFY  # one touch is not enough
    click(qtbot, panel.end_keep)
    assert s.procedure is not None  # kept
    click(qtbot, panel.end_button)
    click(qtbot, panel.end_confirm)
    assert step_of(window) is Step.HOME
    assert window.ctx.session.procedure is None
    assert s.personal_values() == []
    assert not env.mode.is_open()
    assert window.stack.currentWidget() is window.screens[Step.HOME]


def test_staff_mode_closes_itself_when_nobody_touches_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    env = make_env(qtbot, window, tmp_path, timeout_ms=200)
    to_identify(window)
    unlock(qtbot, env, STAFF_PIN)
    assert env.mode.current() is env.mode.staff_panel
    with qtbot.waitSignal(env.mode.closed, timeout=10_000):
        pass
    assert not env.mode.overlay.isVisible()
    assert env.mode.member is None
    assert step_of(window) is Step.IDENTIFY  # the resident's visit is untouched
    assert window.stack.currentWidget() is window.screens[Step.IDENTIFY]


def test_the_resident_idle_warning_is_held_while_staff_help(
    qtbot: QtBot, env: StaffEnv, window: MainWindow
) -> None:
    to_identify(window)
    window.idle.set_timing(100, 5, tick_ms=50)
    unlock(qtbot, env, STAFF_PIN)
    # the resident's idle clock now runs past staff mode's own timeout
    assert window.idle.warning_ms > env.mode.timer.interval()
    assert not window.idle.counting
    assert not window.overlay.isVisible()
    assert step_of(window) is Step.IDENTIFY
    click(qtbot, env.mode.staff_panel.close_button)
    # closed: the configured idle timing is back (the warning does not appear at once)
    assert not window.idle.warning


def test_the_app_attaches_staff_mode_to_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from kiosk.staff import PinStore, Role
    from kiosk.staff.pins import pin_path
    from ui.staff.mode import StaffMode
    from ui.startup.app import attach_staff_mode

    PinStore(pin_path(window.ctx.services.config.data_dir)).add(Role.STAFF, "Lan", "4826")
    attach_staff_mode(window, window.ctx.services, None)
    mode = window.findChild(StaffMode)
    assert mode is not None
    window.staffRequested.emit()
    assert mode.is_open()
    assert mode.overlay.isVisible()
    mode.close()
