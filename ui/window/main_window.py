"""The kiosk window: header, one screen at a time, Back/Continue always in the same place.

It composes the parts in :mod:`ui.window` (header and footer, the screens by step, the
keyboard that follows the focus, the steps that need engine work), shows the idle countdown,
and shows the recovery screen after an unexpected error.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen
from ui.screens.recovery import RecoveryScreen
from ui.speech import SilentSpeaker, Speaker
from ui.theme import stylesheet
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.scanner import ScannerInput
from ui.window.bars import Footer, Header
from ui.window.idle import IdleOverlay, IdleWatcher
from ui.window.keyboard_focus import KeyboardFocus
from ui.window.lockdown import fix_to_screen, is_blocked_shortcut
from ui.window.long_press import LongPress
from ui.window.screen_set import SCREEN_CLASSES, ScreenSet, ScreenStack
from ui.window.visit_steps import VisitSteps

if TYPE_CHECKING:
    from ui.screens.home import HomeScreen
    from ui.screens.identify import IdentifyScreen
    from ui.screens.rating import RatingScreen
    from ui.screens.receipt import ReceiptScreen
    from ui.screens.review import ReviewScreen
    from ui.screens.track import TrackScreen

log = logging.getLogger(__name__)

END_RETURN_MS = 8000
#: the screen area never shrinks below this: the header, keyboard and footer fit around it
MIN_SCREEN_AREA_PX = 120


class MainWindow(QWidget):
    #: the hidden staff gesture happened; staff mode (ui/staff) asks for a PIN
    staffRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, ctx: UiContext, *, allow_close: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self._allow_close = allow_close
        self.setObjectName("MainWindow")
        self.setWindowTitle("Ward kiosk")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())

        self.stack = ScreenStack()
        self.screens = ScreenSet(self._make_screen)
        self.recovery = RecoveryScreen(ctx)
        self.recovery.done.connect(self._recovered)
        self.stack.addWidget(self.recovery)
        # what gives when space runs short (keyboard, small screen): the screen, which scrolls
        self.stack.setMinimumHeight(MIN_SCREEN_AREA_PX)
        # (its size hint, the tallest screen's, is no claim: it gets what is left)
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        root.addWidget(self.stack, 1)

        # the keyboard is part of the layout: showing it shrinks the screen above it (which
        # scrolls), never grows the window past the display (there is no window manager)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        # never squeezed below its keys' height when the screen is short
        self.keyboard.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        root.addWidget(self.keyboard)
        root.addWidget(self._build_footer())
        self.keyboard_focus = KeyboardFocus(
            self,
            self.keyboard,
            current=self.current,
            back=self.back_button,
            continue_=self.continue_button,
            on_continue=self._continue,
        )

        self.overlay = IdleOverlay(self)
        self.overlay.continued.connect(self._idle_continue)
        cfg = ctx.services.config
        self.idle = IdleWatcher(
            cfg.ui.idle_warning_s * 1000,
            cfg.ui.idle_countdown_s,
            self._has_personal_data,
            self,
        )
        self.idle.warn.connect(lambda n: self.overlay.show_countdown(n, self.ctx.lang))
        self.idle.expired.connect(self._idle_expired)
        self.idle.resumed.connect(self.overlay.hide)  # a touch anywhere during the warning
        self.scanner = ScannerInput(self)
        self.scanner.scanned.connect(self._scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.installEventFilter(self.scanner)

        self._end_timer = QTimer(self)
        self._end_timer.setSingleShot(True)
        self._end_timer.setInterval(END_RETURN_MS)
        self._end_timer.timeout.connect(self._end_timeout)

        self.steps = VisitSteps(ctx, review=lambda: self.review, receipt=lambda: self.receipt)
        #: spoken guidance; the app sets a real voice after start-up (ui.speech)
        self.speaker: Speaker = SilentSpeaker()
        ctx.session.subscribe(self._on_step)
        self.apply_theme()
        self.retranslate()
        self._show(Step.HOME)

    # --- construction ---------------------------------------------------------------------
    def _make_screen(self, step: Step) -> Screen:
        """Build a screen the first time it is needed (start-up builds only the home screen)."""
        module_name, class_name = SCREEN_CLASSES[step]
        cls = getattr(importlib.import_module(module_name), class_name)
        screen: Screen = cls(self.ctx)
        screen.navChanged.connect(self._update_nav)
        self.stack.addWidget(screen)
        if step is Step.REVIEW:
            screen.submitRequested.connect(self.submit)  # type: ignore[attr-defined]
        elif step is Step.RATING:
            screen.rated.connect(self.steps.rated)  # type: ignore[attr-defined]
        elif step is Step.IDENTIFY:
            screen.staff_button.clicked.connect(self.call_staff)  # type: ignore[attr-defined]
            screen.staffAlert.connect(self.alert_staff)  # type: ignore[attr-defined]
        screen.retranslate()
        return screen

    @property
    def review(self) -> ReviewScreen:
        return cast("ReviewScreen", self.screens[Step.REVIEW])

    @property
    def receipt(self) -> ReceiptScreen:
        return cast("ReceiptScreen", self.screens[Step.RECEIPT])

    @property
    def rating(self) -> RatingScreen:
        return cast("RatingScreen", self.screens[Step.RATING])

    def _build_header(self) -> Header:
        header = Header()
        self.title, self.ward = header.title, header.ward
        self.long_press = LongPress(self.title)
        self.long_press.held.connect(self.staffRequested)
        self.lang_button = header.lang_button
        self.lang_button.clicked.connect(self.toggle_language)
        self.large_button = header.large_button
        self.large_button.setChecked(self.ctx.large_text)
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button = header.contrast_button
        self.contrast_button.setChecked(self.ctx.high_contrast)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        self.staff_button = header.staff_button
        self.staff_button.clicked.connect(self.call_staff)
        return header

    def _build_footer(self) -> Footer:
        footer = Footer()
        self.back_button = footer.back_button
        self.back_button.clicked.connect(self._back)
        self.progress, self.notice = footer.progress, footer.notice
        self.continue_button = footer.continue_button
        self.continue_button.clicked.connect(self._continue)
        return footer

    # --- appearance -----------------------------------------------------------------------
    def apply_theme(self) -> None:
        screen = self.screen() if self.isVisible() else QGuiApplication.primaryScreen()
        height = screen.geometry().height() if screen is not None else 1080
        scale = max(0.7, min(1.0, height / 1080))
        app = QApplication.instance()
        qss = stylesheet(
            large_text=self.ctx.large_text, high_contrast=self.ctx.high_contrast, scale=scale
        )
        if isinstance(app, QApplication):
            app.setStyleSheet(qss)

    def set_large_text(self, on: bool) -> None:
        self.ctx.large_text = on
        self.apply_theme()

    def set_high_contrast(self, on: bool) -> None:
        self.ctx.high_contrast = on
        self.apply_theme()

    def set_speaker(self, speaker: Speaker) -> None:
        self.speaker = speaker

    def toggle_language(self) -> None:
        self.ctx.lang = "en" if self.ctx.lang == "vi" else "vi"
        self.retranslate()
        self.speaker.say(self.current().heading.text(), self.ctx.lang)

    def retranslate(self) -> None:
        t = self.ctx.tr
        self.title.setText(t("app.title"))
        self.ward.setText(self.ctx.services.config.kiosk.ward_name)
        self.lang_button.setText(t("lang.switch"))
        self.large_button.setText(t("a11y.large"))
        self.contrast_button.setText(t("a11y.contrast"))
        self.staff_button.setText(t("help.call_staff"))
        self.back_button.setText(t("nav.back"))
        self.keyboard.retranslate(self.ctx.lang)
        self.notice.setText(t("help.staff_called") if self.ctx.staff_called_at else "")
        for screen in self.screens.built():
            screen.retranslate()
        self.recovery.retranslate()
        self._update_nav()

    def show_full_screen(self) -> None:
        """Full screen even without a window manager: the window is fixed to the screen's
        geometry, so no content (the keyboard, large text) can make it grow past the display;
        what does not fit scrolls inside the screen area."""
        fix_to_screen(self)
        self.apply_theme()

    # --- navigation -----------------------------------------------------------------------
    def current(self) -> Screen:
        w = self.stack.currentWidget()
        assert isinstance(w, Screen)
        return w

    def _show(self, step: Step) -> None:
        screen = self.screens[step]
        self.stack.setCurrentWidget(screen)
        screen.on_enter()
        screen.retranslate()
        self._update_nav()
        self.speaker.say(screen.heading.text(), self.ctx.lang)
        self.keyboard_focus.close()

    def _on_step(self, step: Step) -> None:
        if step is Step.HOME:
            self._wipe_ui()
        if step is Step.END:
            self._wipe_ui(keep_screen=True)
            self._end_timer.start()
        self._show(step)

    def _wipe_ui(self, *, keep_screen: bool = False) -> None:
        """Every screen forgets what it showed; late worker answers are dropped."""
        self.ctx.runner.new_generation()
        self.ctx.services.redactor.clear()
        for screen in self.screens.built():
            screen.clear()
        self.keyboard.set_target(None)
        self.keyboard.clear()
        self.overlay.hide()
        self.ctx.staff_called_at = None
        self.ctx.staff_alert = ""
        self.notice.clear()
        if not keep_screen:
            self._end_timer.stop()

    def _tab_order(self, screen: QWidget) -> None:
        """Tab (and a switch user's "next") goes header -> this screen top to bottom -> Back
        -> Continue, also for widgets a screen adds later (form pages are built on demand)."""
        previous: QWidget = self.staff_button
        for widget in screen.findChildren(QWidget):
            # (a drop-down's list lives in a popup window of its own: not in the chain)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is self:
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.back_button)
        QWidget.setTabOrder(self.back_button, self.continue_button)

    def _update_nav(self) -> None:
        screen = self.current()
        self._tab_order(screen)
        self.back_button.setVisible(screen.show_back)
        self.continue_button.setVisible(screen.show_continue)
        self.continue_button.setText(self.ctx.tr(screen.continue_key))
        self.continue_button.setEnabled(screen.can_continue())
        p = self.ctx.session.progress()
        self.progress.setText(self.ctx.tr("nav.progress", n=p[0], total=p[1]) if p else "")
        target = self.keyboard.target()
        if self.keyboard.isVisible() and (target is None or not target.isVisible()):
            self.keyboard_focus.close()  # the field went with its page

    def _continue(self) -> None:
        screen = self.current()
        if screen.can_continue():
            screen.on_continue()
            self._update_nav()

    def _back(self) -> None:
        self.current().on_back()
        self._update_nav()

    # --- engine work ----------------------------------------------------------------------
    def submit(self) -> None:
        """File the reviewed answers (:mod:`ui.window.visit_steps`)."""
        self.steps.submit()

    def _end_timeout(self) -> None:
        if self.ctx.session.step is Step.END:
            self.ctx.session.finish()

    # --- help, idle, scanner, keyboard ----------------------------------------------------
    def call_staff(self) -> None:
        log.info("resident asked for staff")
        self.ctx.staff_called_at = self.ctx.services.clock()
        self.notice.setText(self.ctx.tr("help.staff_called"))

    def alert_staff(self, code: str) -> None:
        """The kiosk calls the staff itself (a card whose chip is not genuine): as "Call
        staff" does, and the staff panel says why. ``code`` is an error code, never data."""
        log.warning("staff alerted: %s", code)
        self.ctx.staff_alert = code
        self.call_staff()

    def _has_personal_data(self) -> bool:
        home = cast("HomeScreen", self.screens[Step.HOME])
        return not self.ctx.session.is_blank or bool(home.search.text())

    def _idle_continue(self) -> None:
        self.overlay.hide()
        self.idle.resume()

    def _idle_expired(self) -> None:
        log.info("idle timeout: visit wiped")
        self.overlay.hide()
        self.ctx.session.wipe()

    def _scanned(self, text: str) -> None:
        step = self.ctx.session.step
        if step is Step.IDENTIFY:
            identify = cast("IdentifyScreen", self.screens[Step.IDENTIFY])
            if identify.accept_scan(text):
                return
        if step is Step.HOME and "/tra-cuu/" in text:
            self.ctx.session.start_tracking()
            step = Step.TRACK
        if step is Step.TRACK:
            track = cast("TrackScreen", self.screens[Step.TRACK])
            track.accept_scan(text)

    # --- crash recovery -------------------------------------------------------------------
    def show_recovery(self) -> None:
        self.overlay.hide()
        self.stack.setCurrentWidget(self.recovery)
        self.back_button.hide()
        self.continue_button.hide()
        self.progress.clear()
        self.recovery.start()

    def _recovered(self) -> None:
        self.ctx.session.wipe()
        if self.stack.currentWidget() is self.recovery:
            self._show(Step.HOME)

    # --- lockdown -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if is_blocked_shortcut(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._allow_close:
            event.accept()
        else:
            event.ignore()

    def shutdown(self) -> None:
        """Stop timers and worker callbacks (application exit, end of a test)."""
        self._end_timer.stop()
        self.receipt.clear()
        self.idle.stop()
        self.ctx.runner.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.scanner)

    def allow_close(self) -> None:
        self._allow_close = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.rect())
