"""Staff and technician mode: the PIN pad and the two panels, over the resident's screen.

The lead's window emits ``staffRequested`` on the hidden gesture (a long press on the title);
:class:`StaffMode` then covers the window with a PIN pad. The PIN is checked on a worker
(argon2, tens of milliseconds per stored PIN); a staff PIN opens the staff panel, a technician
PIN the technician panel. Staff mode closes itself after two minutes without a touch and on
close the resident's screen is as it was (unless staff ended the visit).

While staff mode is open the resident idle timer is held off (its warning would otherwise
cover the panel and wipe the visit staff are helping with); it restarts on close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QStackedWidget, QVBoxLayout, QWidget

from kiosk.diagnostics import removable_mounts
from kiosk.errors import KioskError
from kiosk.settings_store import SettingsStore
from kiosk.staff import PinStore, Role, StaffMember
from kiosk.staff.pins import MAX_FAILURES
from kiosk.visit.session import Step
from ui.staff.diagnostics_view import MountFinder, ProbeFactory
from ui.staff.pin_pad import PinPad
from ui.staff.staff_panel import StaffPanel
from ui.staff.strings import tr
from ui.staff.technician_panel import TechnicianPanel
from ui.window.idle import ACTIVITY_EVENTS
from ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: staff mode closes after this long without a touch
STAFF_TIMEOUT_MS = 120_000
#: the resident idle timer is pushed this far past the staff timeout while staff mode is open
IDLE_HOLD_MARGIN_MS = 60_000
PAD_MAX_WIDTH = 760


class StaffOverlay(QFrame):
    """Covers the window (all but the on-screen keyboard, which staff type with)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        self.dialog = QFrame()
        self.dialog.setObjectName("Dialog")
        inner = QVBoxLayout(self.dialog)
        inner.setContentsMargins(40, 32, 40, 32)
        self.pages = QStackedWidget()
        self.pages.setStyleSheet("QStackedWidget { background: transparent; }")
        inner.addWidget(self.pages)
        outer.addWidget(self.dialog, 0, Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def show_page(self, page: QWidget, *, compact: bool) -> None:
        self.pages.setCurrentWidget(page)
        layout = self.layout()
        assert layout is not None
        if compact:
            self.dialog.setMaximumWidth(PAD_MAX_WIDTH)
            layout.setAlignment(self.dialog, Qt.AlignmentFlag.AlignCenter)
        else:
            self.dialog.setMaximumWidth(16_777_215)
            layout.setAlignment(self.dialog, Qt.AlignmentFlag(0))
        self.raise_()
        self.show()


class StaffMode(QObject):
    """Opens on ``window.staffRequested``; ``opened`` / ``closed`` report the mode's state.

    ``probes`` builds the diagnostics probes (``lambda: standard_probes(cfg, ...)``);
    ``settings_store`` is None when the kiosk runs without a settings file (the editor then
    says so). ``mounts`` finds USB sticks; ``quit_app`` ends the application (tests pass a
    recorder).
    """

    opened = Signal()
    closed = Signal()

    def __init__(
        self,
        window: MainWindow,
        *,
        pin_store: PinStore,
        settings_store: SettingsStore | None = None,
        probes: ProbeFactory = list,
        mounts: MountFinder = removable_mounts,
        timeout_ms: int = STAFF_TIMEOUT_MS,
        quit_app: Callable[[], None] = QApplication.quit,
        max_failures: int = MAX_FAILURES,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.pin_store = pin_store
        self.member: StaffMember | None = None
        self._quit_app = quit_app
        self._max_failures = max_failures
        self._timeout_ms = timeout_ms
        self._open = False

        self.overlay = StaffOverlay(window)
        self.pad = PinPad()
        self.pad.submitted.connect(self._check_pin)
        self.pad.cancelled.connect(self.close)
        self.staff_panel = StaffPanel(window)
        self.staff_panel.closeRequested.connect(self.close)
        # the technician panel (settings editor, diagnostics) is built on first use: it is
        # large and nobody needs it while the kiosk starts
        self._technician_args = (settings_store, probes, mounts)
        self._technician: TechnicianPanel | None = None
        for page in (self.pad, self.staff_panel):
            self.overlay.pages.addWidget(page)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self._timed_out)

        window.staffRequested.connect(self.open)
        window.installEventFilter(self)
        window.keyboard.installEventFilter(self)
        self.ctx.session.subscribe(self._on_step)

    @property
    def technician_panel(self) -> TechnicianPanel:
        if self._technician is None:
            settings_store, probes, mounts = self._technician_args
            panel = TechnicianPanel(self.ctx, settings_store, probes, mounts)
            panel.closeRequested.connect(self.close)
            panel.quitRequested.connect(self.quit_app)
            self.overlay.pages.addWidget(panel)
            self._technician = panel
        return self._technician

    # --- state ----------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self._open

    def current(self) -> QWidget | None:
        """The page on show: the PIN pad, the staff panel or the technician panel."""
        return self.overlay.pages.currentWidget()

    def open(self) -> None:
        """Show the PIN pad over the resident's screen."""
        if self._open:
            return
        log.info("staff mode: PIN pad opened")
        self._open = True
        self.member = None
        self.pad.reset()
        self.pad.retranslate(self.ctx.lang)
        self._hold_idle()
        self._fit()
        self.overlay.show_page(self.pad, compact=True)
        self.pad.setFocus()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()
        self.opened.emit()

    def close(self) -> None:
        """Back to the resident's screen; whatever staff typed is forgotten."""
        if not self._open:
            return
        log.info("staff mode closed (%s)", self.member.staff_id if self.member else "no PIN")
        self._open = False
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.pad.reset()
        self.staff_panel.leave()
        if self._technician is not None:
            self._technician.leave()
        self.member = None
        self.overlay.hide()
        self.window.setFocus()
        self._release_idle()
        self.closed.emit()

    def quit_app(self) -> None:
        """The technician's way out of the kiosk: the window may close, the app ends."""
        log.info("app quit by technician %s", self.member.staff_id if self.member else "-")
        self.close()
        self.window.allow_close()
        self._quit_app()

    def _timed_out(self) -> None:
        log.info("staff mode timed out")
        self.close()

    # --- PIN ------------------------------------------------------------------------------
    def _check_pin(self, pin: str) -> None:
        self.pad.set_busy(True)
        store = self.pin_store

        def check() -> tuple[StaffMember | None, int]:
            member = store.verify(None, pin)
            failures = 0 if member is not None else store.lock_state().failures
            return member, failures

        self.ctx.runner.run(check, self._checked, self._check_failed)

    def _checked(self, answer: tuple[StaffMember | None, int]) -> None:
        if not self._open:
            return
        member, failures = answer
        if member is None:
            left = max(1, self._max_failures - failures)
            self.pad.show_error(tr("pin.wrong", self.ctx.lang, n=left))
            return
        self.member = member
        self.pad.reset()
        if member.role is Role.TECHNICIAN:
            self.technician_panel.enter(member)
            self.overlay.show_page(self.technician_panel, compact=False)
            self.technician_panel.settings_tab.setFocus()
        else:
            self.staff_panel.enter(member)
            self.overlay.show_page(self.staff_panel, compact=False)
            self.staff_panel.focus_first()

    def _check_failed(self, error: BaseException) -> None:
        if not self._open:
            return
        if isinstance(error, KioskError):
            log.warning("PIN pad: %s", error)
            self.pad.show_error(error.message(self.ctx.lang))
        else:
            log.error("PIN check crashed", exc_info=error)
            self.pad.show_error(tr("pin.failed", self.ctx.lang))

    # --- the resident's visit -------------------------------------------------------------
    def _on_step(self, step: Step) -> None:
        if not self._open:
            return
        if step is Step.HOME:
            # the window dropped the answers of running tasks (a new visit): unblock
            if self.pad.is_busy():
                self.pad.show_error(tr("pin.failed", self.ctx.lang))
            self.staff_panel.abandon()
            if self._technician is not None:
                self._technician.abandon()
        if self.current() is self.staff_panel:
            self.staff_panel.show_visit()

    def _hold_idle(self) -> None:
        idle = self.window.idle
        if idle.warning:
            self.window.overlay.hide()
            idle.resume()
        cfg = self.ctx.services.config
        idle.set_timing(self._timeout_ms + IDLE_HOLD_MARGIN_MS, cfg.ui.idle_countdown_s)

    def _release_idle(self) -> None:
        cfg = self.ctx.services.config
        self.window.idle.set_timing(cfg.ui.idle_warning_s * 1000, cfg.ui.idle_countdown_s)

    # --- events ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if self._open and kind in ACTIVITY_EVENTS:
            self.timer.start()
        if (watched is self.window and kind == QEvent.Type.Resize) or (
            watched is self.window.keyboard
            and kind in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Move, QEvent.Type.Resize)
        ):
            self._fit()
        return False

    def _fit(self) -> None:
        """Cover the window down to the top of the on-screen keyboard when it shows."""
        w = self.window
        bottom = w.height()
        if w.keyboard.isVisible():
            bottom = w.keyboard.geometry().top()
        self.overlay.setGeometry(QRect(0, 0, w.width(), bottom))
