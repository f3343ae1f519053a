"""The on-screen keyboard follows the focus: it opens for the field being typed in, in that
field's mode, scrolls the field (with its title) into view above it, and its Enter moves on.

:class:`KeyboardFocus` belongs to the window; it needs the window's keyboard, the current
screen, the footer's Back and Continue buttons and the window's Continue action.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea, QWidget

from ui.screens.base import Screen
from ui.widgets.keyboard import OnScreenKeyboard

#: Enter looks this far along the focus chain for the next field
_CHAIN_LIMIT = 500
#: room kept above and below a revealed field
_MARGIN_PX = 16


class KeyboardFocus(QObject):
    """Shows, aims and hides ``keyboard`` as the focus moves inside ``window``."""

    def __init__(
        self,
        window: QWidget,
        keyboard: OnScreenKeyboard,
        *,
        current: Callable[[], Screen],
        back: QPushButton,
        continue_: QPushButton,
        on_continue: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._keyboard = keyboard
        self._current = current
        self._back = back
        self._continue = continue_
        self._on_continue = on_continue
        keyboard.enterPressed.connect(self._keyboard_enter)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def close(self) -> None:
        """Hide the keyboard and forget its field (a new screen, a wiped visit)."""
        self._keyboard.set_target(None)
        self._keyboard.hide()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        window, keyboard = self._window, self._keyboard
        if isinstance(new, QLineEdit) and window.isAncestorOf(new) and not new.isReadOnly():
            mode = str(new.property("keyboard") or "text")
            keyboard.set_mode("text" if mode == "email" else mode)
            keyboard.set_telex(mode == "text")
            keyboard.set_target(new)
            keyboard.show()
            self.reveal(new)
        elif new is not None and keyboard.isAncestorOf(new):
            return
        elif isinstance(new, QWidget) and window.isAncestorOf(new):
            self.close()

    def reveal(self, widget: QWidget) -> None:
        """Scroll ``widget`` (with its field's title) into view above the keyboard: now, with
        the layout brought up to date, and once more after pending layout requests."""
        layout = self._window.layout()
        if layout is not None:
            layout.activate()
        scroll_to(widget)
        for delay in (0, 50):
            QTimer.singleShot(delay, lambda: scroll_to(widget))

    def _next_field(self, target: QLineEdit) -> QLineEdit | None:
        """The next field a resident can type in on the current screen, in Tab order."""
        screen = self._current()
        w: QWidget | None = target.nextInFocusChain()
        for _ in range(_CHAIN_LIMIT):
            if w is None or w is target or w in (self._back, self._continue):
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
        target = self._keyboard.target()
        if target is None or not self._current().isAncestorOf(target):
            return  # a staff panel's field: staff mode handles its own Enter
        nxt = self._next_field(target)
        if nxt is not None:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.close()
        self._continue.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self._current().on_enter_key() and self._continue.isVisible():
            self._on_continue()


def scroll_to(widget: QWidget) -> None:
    """Scroll the nearest scroll area around ``widget`` so that it shows with its field's
    title (the ``field-*`` ancestor), or at least the widget itself."""
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
    margin = _MARGIN_PX
    if top - margin >= bar.value() and edit_bottom + margin <= bar.value() + view_h:
        return  # already in view with its title
    if edit_bottom - top + 2 * margin <= view_h:
        bar.setValue(max(0, top - margin))  # the field's title and its box
    else:
        bar.setValue(max(0, edit_bottom + margin - view_h))  # at least the box
