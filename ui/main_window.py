"""The kiosk window: header, one screen at a time, Back/Continue always in the same place.

It also drives the steps that need engine work (submit, print, rate) through the task runner
so the GUI thread never waits, shows the idle countdown, and shows the recovery screen after
an unexpected error.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend.api import Satisfaction
from kiosk.domain.dossier import SubmitOutcome
from kiosk.errors import KioskError
from kiosk.session import ClockError, Step
from kiosk.visit.flow import print_failure
from ui.context import UiContext
from ui.idle import IdleOverlay, IdleWatcher
from ui.screens.base import Screen, label
from ui.screens.recovery import RecoveryScreen
from ui.speech import SilentSpeaker, Speaker
from ui.theme import stylesheet
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.scanner import ScannerInput

if TYPE_CHECKING:
    from ui.screens.home import HomeScreen
    from ui.screens.identify import IdentifyScreen
    from ui.screens.rating import RatingScreen
    from ui.screens.receipt import ReceiptScreen
    from ui.screens.review import ReviewScreen
    from ui.screens.track import TrackScreen

log = logging.getLogger(__name__)

#: every screen of the visit: the module that holds it, imported when first shown
SCREEN_CLASSES: dict[Step, tuple[str, str]] = {
    Step.HOME: ("ui.screens.home", "HomeScreen"),
    Step.PROCEDURE: ("ui.screens.procedure", "ProcedureScreen"),
    Step.CONSENT: ("ui.screens.consent", "ConsentScreen"),
    Step.IDENTIFY: ("ui.screens.identify", "IdentifyScreen"),
    Step.FORM: ("ui.screens.form", "FormScreen"),
    Step.REVIEW: ("ui.screens.review", "ReviewScreen"),
    Step.SUBMITTING: ("ui.screens.submitting", "SubmittingScreen"),
    Step.RECEIPT: ("ui.screens.receipt", "ReceiptScreen"),
    Step.RATING: ("ui.screens.rating", "RatingScreen"),
    Step.END: ("ui.screens.end", "EndScreen"),
    Step.TRACK: ("ui.screens.track", "TrackScreen"),
}


class ScreenSet(Mapping[Step, Screen]):
    """The screens by step, each built on first access (see ``MainWindow._make_screen``)."""

    def __init__(self, build: Callable[[Step], Screen]) -> None:
        self._build = build
        self._screens: dict[Step, Screen] = {}

    def __getitem__(self, step: Step) -> Screen:
        screen = self._screens.get(step)
        if screen is None:
            screen = self._screens[step] = self._build(step)
        return screen

    def __iter__(self) -> Iterator[Step]:
        return iter(SCREEN_CLASSES)

    def __len__(self) -> int:
        return len(SCREEN_CLASSES)

    def built(self) -> list[Screen]:
        """The screens that exist so far (retranslating or wiping never builds one)."""
        return list(self._screens.values())


END_RETURN_MS = 8000
#: the screen area never shrinks below this: the header, keyboard and footer fit around it
MIN_SCREEN_AREA_PX = 120


def is_blocked_shortcut(event: QKeyEvent) -> bool:
    """Escape, Alt+anything (Alt+F4, Alt+Tab), Ctrl+Q and Ctrl+W do nothing for residents."""
    mods = event.modifiers()
    if event.key() == Qt.Key.Key_Escape or mods & Qt.KeyboardModifier.AltModifier:
        return True
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    return ctrl and event.key() in (Qt.Key.Key_Q, Qt.Key.Key_W)


class LongPress(QObject):
    """Emits ``held`` when the watched widget is pressed for ``hold_ms`` (the hidden gesture
    that opens staff mode: a long press on the title)."""

    held = Signal()

    def __init__(self, target: QWidget, hold_ms: int = 3000) -> None:
        super().__init__(target)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.held)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._timer.start()
        elif event.type() in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
            QEvent.Type.Leave,
        ):
            self._timer.stop()
        return False


class ScreenStack(QStackedWidget):
    """The screen area. It claims no height for its width: a word-wrapped heading would
    otherwise make the window's layout give it the whole content's height, squeezing the
    keyboard below it off its keys."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False


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
        self.keyboard.enterPressed.connect(self._keyboard_enter)
        # never squeezed below its keys' height when the screen is short
        self.keyboard.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        root.addWidget(self.keyboard)
        root.addWidget(self._build_footer())

        self.overlay = IdleOverlay(self)
        self.overlay.continued.connect(self._idle_continue)
        cfg = ctx.services.config
        self.idle = IdleWatcher(
            int(cfg["ui.idle_warning_s"]) * 1000,
            int(cfg["ui.idle_countdown_s"]),
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
            app.focusChanged.connect(self._focus_changed)  # type: ignore[attr-defined]

        self._end_timer = QTimer(self)
        self._end_timer.setSingleShot(True)
        self._end_timer.setInterval(END_RETURN_MS)
        self._end_timer.timeout.connect(self._end_timeout)

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
            screen.rated.connect(self._rated)  # type: ignore[attr-defined]
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

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("Header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(header)
        row.setContentsMargins(32, 8, 32, 8)
        self.title = label(name="H2", wrap=False)
        self.title.setObjectName("H2")
        self.long_press = LongPress(self.title)
        self.long_press.held.connect(self.staffRequested)
        self.ward = label(wrap=False)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.ward)
        row.addLayout(titles, 1)
        self.lang_button = QPushButton()
        self.lang_button.setObjectName("lang")
        self.lang_button.clicked.connect(self.toggle_language)
        self.large_button = QPushButton()
        self.large_button.setObjectName("large_text")
        self.large_button.setCheckable(True)
        self.large_button.setChecked(self.ctx.large_text)
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button = QPushButton()
        self.contrast_button.setObjectName("high_contrast")
        self.contrast_button.setCheckable(True)
        self.contrast_button.setChecked(self.ctx.high_contrast)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("call_staff")
        self.staff_button.clicked.connect(self.call_staff)
        for b in (self.lang_button, self.large_button, self.contrast_button, self.staff_button):
            row.addWidget(b)
        return header

    def _build_footer(self) -> QWidget:
        footer = QWidget()
        footer.setObjectName("Footer")
        footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(footer)
        row.setContentsMargins(64, 10, 64, 10)
        self.back_button = QPushButton()
        self.back_button.setObjectName("back")
        self.back_button.setMinimumWidth(260)
        self.back_button.clicked.connect(self._back)
        self.progress = label(name="Muted", wrap=False)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice = label(name="Muted")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("Primary")
        self.continue_button.setProperty("role", "continue")
        self.continue_button.setMinimumWidth(320)
        self.continue_button.clicked.connect(self._continue)
        row.addWidget(self.back_button)
        middle = QVBoxLayout()
        middle.addWidget(self.progress)
        middle.addWidget(self.notice)
        row.addLayout(middle, 1)
        row.addWidget(self.continue_button)
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
        self.ward.setText(str(self.ctx.services.config["kiosk.ward_name"]))
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
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setFixedSize(screen.geometry().size())
            self.move(screen.geometry().topLeft())
        # on top of anything else a session might open (the kiosk session runs no other app)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.showFullScreen()
        self.activateWindow()  # no window manager gives it the keyboard (the QR scanner types)
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
        self.keyboard.set_target(None)
        self.keyboard.hide()

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
            self.keyboard.set_target(None)  # the field went with its page
            self.keyboard.hide()

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
        try:  # fee from the answers (copies, pages), rule, due date, units: the engine's
            dossier = self.ctx.visit.start_submit()
        except ClockError as exc:  # nothing filed: the answers stay on the review page
            log.error("submit refused: %s", exc)
            self.review.show_submit_error(exc.message(self.ctx.lang))
            return
        gateway = self.ctx.services.gateway
        self.ctx.runner.run(lambda: gateway.submit(dossier), self._submitted, self._submit_failed)

    def _submitted(self, outcome: SubmitOutcome) -> None:
        filed = self.ctx.visit.filed(outcome)
        self.receipt.show_receipt(filed.receipt, filed.prepared)
        self.receipt.set_print_state("receipt.printing")
        printer = self.ctx.services.printer
        self.ctx.runner.run(
            lambda: printer(filed.receipt),
            lambda _: self.receipt.set_print_state("receipt.printed"),
            self._print_failed,
        )

    def _print_failed(self, error: BaseException) -> None:
        if isinstance(error, KioskError):
            log.warning("printing failed: %s", error)
        else:
            log.error("printing crashed", exc_info=error)
        self.receipt.show_print_failure(print_failure(error))

    def _submit_failed(self, error: BaseException) -> None:
        log.error("submit failed", exc_info=error)
        self.ctx.session.submit_failed()
        message = (
            error.message(self.ctx.lang)
            if isinstance(error, KioskError)
            else self.ctx.tr("submit.failed")
        )
        self.review.show_submit_error(message)

    def _rated(self, satisfaction: Satisfaction, reasons: tuple[str, ...]) -> None:
        rating = self.ctx.visit.rate(satisfaction, reasons)
        if rating is not None:
            gateway = self.ctx.services.gateway
            self.ctx.runner.run(
                lambda: gateway.rate(rating),
                lambda _: None,
                lambda exc: log.warning("rating not queued: %s", exc),
            )

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

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QLineEdit) and self.isAncestorOf(new) and not new.isReadOnly():
            mode = str(new.property("keyboard") or "text")
            self.keyboard.set_mode("text" if mode == "email" else mode)
            self.keyboard.set_telex(mode == "text")
            self.keyboard.set_target(new)
            self.keyboard.show()
            self.reveal(new)
        elif new is not None and self.keyboard.isAncestorOf(new):
            return
        elif isinstance(new, QWidget) and self.isAncestorOf(new):
            self.keyboard.set_target(None)
            self.keyboard.hide()

    def reveal(self, widget: QWidget) -> None:
        """Scroll ``widget`` (with its field's title) into view above the keyboard: now, with
        the layout brought up to date, and once more after pending layout requests."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self._scroll_to(widget)
        for delay in (0, 50):
            QTimer.singleShot(delay, lambda: self._scroll_to(widget))

    @staticmethod
    def _scroll_to(widget: QWidget) -> None:
        try:
            if not widget.isVisible():
                return
        except RuntimeError:  # deleted with its page meanwhile
            return
        area: QWidget | None = widget.parentWidget()
        field: QWidget | None = None
        while area is not None and not isinstance(area, QScrollArea):
            if area.objectName().startswith("field-"):
                field = area
            area = area.parentWidget()
        inner = area.widget() if isinstance(area, QScrollArea) else None
        if not isinstance(area, QScrollArea) or inner is None:
            return
        bar = area.verticalScrollBar()
        view_h = area.viewport().height()
        edit_top = widget.mapTo(inner, QPoint(0, 0)).y()
        edit_bottom = edit_top + widget.height()
        top = field.mapTo(inner, QPoint(0, 0)).y() if field is not None else edit_top
        margin = 16
        if top - margin >= bar.value() and edit_bottom + margin <= bar.value() + view_h:
            return  # already in view with its title
        if edit_bottom - top + 2 * margin <= view_h:
            bar.setValue(max(0, top - margin))  # the field's title and its box
        else:
            bar.setValue(max(0, edit_bottom + margin - view_h))  # at least the box

    def _next_field(self, target: QLineEdit) -> QLineEdit | None:
        """The next field a resident can type in on the current screen, in Tab order."""
        screen = self.current()
        w: QWidget | None = target.nextInFocusChain()
        for _ in range(500):
            if w is None or w is target or w in (self.back_button, self.continue_button):
                return None
            if (
                isinstance(w, QLineEdit)
                and screen.isAncestorOf(w)
                and w.isVisible()
                and w.isEnabled()
                and not w.isReadOnly()
            ):
                return w
            w = w.nextInFocusChain()
        return None

    def _keyboard_enter(self) -> None:
        """Enter moves to the next field; in the last one it does the screen's main action
        (Continue, or reading the card on the identify screen)."""
        target = self.keyboard.target()
        if target is None or not self.current().isAncestorOf(target):
            return  # a staff panel's field: staff mode handles its own Enter
        nxt = self._next_field(target)
        if nxt is not None:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.keyboard.set_target(None)
        self.keyboard.hide()
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.current().on_enter_key() and self.continue_button.isVisible():
            self._continue()

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
