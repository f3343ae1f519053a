"""A resident at the kiosk: touches widgets where they are on the screen and types on the
on-screen keyboard, key by key; counts screens, touches and keys."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QPoint, QRect
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLineEdit,
    QWidget,
)

from ui.walkthrough import xinput
from ui.window.main_window import MainWindow

#: combining marks -> the keyboard's key for the letter with that mark
_MARK_KEYS = {
    ("a", "\u0302"): "vi_aa",
    ("e", "\u0302"): "vi_ee",
    ("o", "\u0302"): "vi_oo",
    ("a", "\u0306"): "vi_aw",
    ("o", "\u031b"): "vi_ow",
    ("u", "\u031b"): "vi_uw",
}
_TONE_KEYS = {
    "\u0301": "tone_s",
    "\u0300": "tone_f",
    "\u0309": "tone_r",
    "\u0303": "tone_x",
    "\u0323": "tone_j",
}
_PUNCT_KEYS = {",": "comma", ".": "period", "-": "dash", " ": "space"}
_SYMBOL_KEYS = {"/": "slash", "@": "@", "_": "_", "+": "+", "(": "(", ")": ")"}


class WalkthroughError(AssertionError):
    """The kiosk did not do what the script expected (a failure of the product)."""

    #: what the walkthrough had found until it failed
    report: dict[str, object] | None = None


def word_keys(word: str) -> list[str]:
    """The on-screen keys that type one Vietnamese word: letters (the keyboard's own keys
    for ă â đ ê ô ơ ư), shift before a capital, the word's tone key last."""
    keys: list[str] = []
    tone = ""
    for ch in word:
        if ch in "đĐ":
            keys += ["shift", "vi_dd"] if ch == "Đ" else ["vi_dd"]
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        key = base.lower()
        for m in marks:
            if m in _TONE_KEYS:
                tone = _TONE_KEYS[m]
            else:
                key = _MARK_KEYS[(base.lower(), m)]
        if base.isupper():
            keys.append("shift")
        keys.append(key)
    if tone:
        keys.append(tone)
    return keys


def text_keys(text: str) -> list[str]:
    """The on-screen keys for ``text`` on the letters keyboard (digits via its 123 page)."""
    keys: list[str] = []
    symbols = False
    word = ""

    def flush() -> None:
        nonlocal word
        if word:
            keys.extend(word_keys(word))
            word = ""

    for ch in text:
        if ch.isdigit() or ch in _SYMBOL_KEYS:
            flush()
            if not symbols:
                keys.append("symbols")
                symbols = True
            keys.append(_SYMBOL_KEYS.get(ch, ch))
            continue
        if symbols:
            keys.append("letters")
            symbols = False
        if ch in _PUNCT_KEYS:
            flush()
            keys.append(_PUNCT_KEYS[ch])
        else:
            word += ch
    flush()
    if symbols:
        keys.append("letters")
    return keys


@dataclass
class Counts:
    screens: list[str] = field(default_factory=list)
    touches: int = 0
    #: keys typed, by what they typed (a field's name)
    keys: dict[str, int] = field(default_factory=dict)
    scans: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "screens": len(self.screens),
            "screen_names": list(self.screens),
            "touches": self.touches,
            "keys": dict(self.keys),
            "scans": self.scans,
        }


class _Releases(QObject):
    """Counts the mouse releases Qt receives, so that a touch sent through the X server is
    known to have arrived before the kiosk is looked at again."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(watched, QWindow):
            self.count += 1
        return False


class Resident:
    def __init__(self, window: MainWindow, *, timeout_s: float = 30.0) -> None:
        self.w = window
        self.timeout_s = timeout_s
        self.counts = Counts()
        self._releases = _Releases()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self._releases)
        self._note_screen()

    def _tap(self, point: QPoint) -> None:
        """Tap through the X server and wait until Qt has the release (under load the X
        events can come later than a fixed pause)."""
        before = self._releases.count
        xinput.tap(point.x(), point.y())
        self.wait(lambda: self._releases.count > before, "the touch to arrive", 10)

    # --- time -----------------------------------------------------------------------------
    def settle(self, ms: int = 80) -> None:
        """Let the kiosk react (events, layouts, paints) for about ``ms``."""
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)
        self._note_screen()

    def wait(self, until: Callable[[], bool], what: str, timeout_s: float | None = None) -> None:
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        while not until():
            if time.monotonic() > deadline:
                raise WalkthroughError(f"timed out waiting for {what}")
            self.settle(40)
        self.settle(60)

    def screen_name(self) -> str:
        s = self.w.ctx.session
        name = s.step.value
        if name == "form":
            name += f"-{s.form_page + 1}"
        return name

    def _note_screen(self) -> None:
        name = self.screen_name()
        if not self.counts.screens or self.counts.screens[-1] != name:
            self.counts.screens.append(name)

    # --- touching ------------------------------------------------------------------------
    def where(self, widget: QWidget) -> QPoint:
        """The on-screen point a finger would touch, after scrolling it into view by a drag."""
        for _ in range(30):
            local = widget.visibleRegion().boundingRect()
            full = QRect(QPoint(0, 0), widget.size())
            if not local.isEmpty() and (local == full or local.height() >= 40):
                point = widget.mapToGlobal(local.center())
                hit = QApplication.widgetAt(point)
                if hit is None or not (hit is widget or widget.isAncestorOf(hit)):
                    raise WalkthroughError(
                        f"{widget.objectName() or type(widget).__name__} is covered by "
                        f"{hit.objectName() if hit else 'nothing'}"
                    )
                return point
            self._scroll_towards(widget)
        raise WalkthroughError(f"cannot bring {widget.objectName()} into view")

    def _scroll_towards(self, widget: QWidget) -> None:
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is None:
            raise WalkthroughError(f"{widget.objectName()} is not visible and cannot scroll")
        view = area.viewport()
        top = view.mapToGlobal(QPoint(0, 0))
        x = self._blank_column(view)
        # bring the widget's middle to the viewport's middle: a slow drag by that distance
        middle = widget.mapTo(view, QPoint(0, widget.height() // 2)).y()
        limit = view.height() * 4 // 5
        distance = max(-limit, min(limit, middle - view.height() // 2))
        if abs(distance) < 8:
            distance = 8 if distance >= 0 else -8
        start = top.y() + view.height() // 2 + distance // 2
        self.drag(x, start, start - distance)

    def drag(self, x: int, start: int, end: int, steps: int = 10) -> None:
        """A slow finger drag from (x, start) to (x, end): the kiosk sees each step as it
        comes (one xdotool call for the whole drag would arrive as one compressed move)."""
        before = self._releases.count
        xinput.press(x, start)
        self.settle(30)
        for i in range(1, steps + 1):
            xinput.move(x, start + (end - start) * i // steps)
            self.settle(25)
        self.settle(250)  # the finger rests: no flick
        xinput.release()
        self.wait(lambda: self._releases.count > before, "the drag to arrive", 10)
        self.counts.touches += 1  # a drag is a touch
        self.settle(300)

    @staticmethod
    def _blank_column(view: QWidget) -> int:
        """An x (screen) where a finger can drag the view without landing on a field or a
        button (a press on a field would focus it): a label's or the margin's."""
        top = view.mapToGlobal(QPoint(0, 0))
        for x in (6, view.width() - 6, view.width() // 2, 40):
            hits = [
                QApplication.widgetAt(QPoint(top.x() + x, top.y() + y))
                for y in range(8, view.height() - 8, 12)
            ]
            if not any(isinstance(h, QLineEdit | QAbstractButton) for h in hits):
                return top.x() + x
        return top.x() + 6

    def touch(self, widget: QWidget) -> None:
        if not widget.isVisible() or not widget.isEnabled():
            raise WalkthroughError(f"cannot touch {widget.objectName()}: hidden or disabled")
        self._tap(self.where(widget))
        self.counts.touches += 1
        self.settle()

    def look(self, widget: QWidget) -> None:
        """Bring ``widget`` into view (dragging the list if it is not) to see what it shows."""
        if not widget.isVisible():
            raise WalkthroughError(f"cannot see {widget.objectName()}: hidden")
        self.where(widget)
        self.settle()

    def touch_named(self, name: str) -> None:
        found = [w for w in self.w.findChildren(QWidget, name) if w.isVisible()]
        if not found:
            raise WalkthroughError(f"no visible widget called {name}")
        self.touch(found[0])

    # --- typing --------------------------------------------------------------------------
    def key(self, key_id: str, what: str) -> None:
        kb = self.w.keyboard
        mode = kb.mode()
        button = kb.button(key_id, mode)
        self._tap(self.where(button))
        self.counts.keys[what] = self.counts.keys.get(what, 0) + 1
        self.settle(15)

    def type_into(self, edit: QLineEdit, text: str, what: str) -> None:
        """Touch the field, type ``text`` on the on-screen keys, check what it holds."""
        self.touch(edit)
        if self.w.keyboard.target() is not edit:
            raise WalkthroughError(f"the keyboard does not type into {edit.objectName()}")
        while edit.text():
            self.key("backspace", what)
        mode = self.w.keyboard.mode()
        keys = text_keys(text) if mode == "text" else list(text.replace("/", "") or text)
        for k in keys:
            self.key(k, what)
        self.settle()
        if edit.text() != text:
            raise WalkthroughError(f"typed {text!r} into {edit.objectName()}, got {edit.text()!r}")

    def scan(self, text: str) -> None:
        """Hold a QR code under the scanner."""
        xinput.scan(text)
        self.counts.scans += 1
        self.settle(300)
