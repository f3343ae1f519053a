"""The on-screen touch keyboard: Vietnamese letters, Telex, tone keys and numeric pads.

One keyboard sits at the bottom of the main window, inside its layout (there is no window
manager to float it above; the window never grows for it): the window calls
:meth:`set_target` with the focused :class:`QLineEdit` and :meth:`set_mode` with the field's
layout. It is kept short enough for a 1280x800 screen: five rows of letters (digits and
punctuation one touch away on their own page), four rows on the number pads, every key at least
``KEY_MIN_HEIGHT`` px high. No key ever takes
the focus (``Qt.NoFocus``), so the field keeps its cursor and selection. Letters go through
:class:`kiosk.domain.telex.TelexEngine` when Telex is on (the default in text mode); a
hardware keyboard typing into the target goes through the same engine (an event filter), so
staff typing on a real keyboard get the same result. Text is inserted with
:meth:`QLineEdit.insert`, so the target's validator, max length and undo history apply.
The keys, their labels and the pads are data in :mod:`ui.widgets.keyboard_layout`, built into
pages by :mod:`ui.widgets.keyboard_pages`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.telex import TelexEngine, split_word
from kiosk.lang import Lang
from ui.widgets.keyboard_layout import (
    KEY_LABELS,
    LETTER_ROWS,
    MODES,
    PUNCTUATION,
    TONES,
    TWINS,
    VI_LETTERS,
)
from ui.widgets.keyboard_pages import KeyPages

#: a date typed as digits only gets its slashes: "14051989" -> "14/05/1989"
_DATE_SLASH_BEFORE = re.compile(r"^\d\d$|^\d\d/\d\d$")


class OnScreenKeyboard(QWidget):
    """A touch keyboard that types into one :class:`QLineEdit` at a time."""

    #: the target's text when Enter is pressed
    textCommitted = Signal(str)  # noqa: N815 - the name the main window connects to
    #: Enter was pressed (after the target got its Return): the window moves to the next field
    enterPressed = Signal()  # noqa: N815 - Qt signal naming
    modeChanged = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None, *, telex: TelexEngine | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.engine = telex or TelexEngine()
        self._target: QLineEdit | None = None
        self._mode = "text"
        self._shift = False
        self._caps = False
        self._telex = True
        self._lang: Lang = "vi"
        keys = KeyPages(self.press_key)
        self._buttons = keys.buttons
        self._pad_buttons = keys.pad_buttons
        self._stack = QStackedWidget(self)
        self._stack.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._letters = keys.letters()
        self._symbols = keys.symbols()
        self._text_pages = QStackedWidget()
        self._text_pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._text_pages.addWidget(self._letters)
        self._text_pages.addWidget(self._symbols)
        self._pages: dict[str, QWidget] = {"text": self._text_pages}
        for mode in ("numeric", "date", "phone"):
            self._pages[mode] = keys.pad(mode)
        for page in self._pages.values():
            self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._stack)
        self._show_toggles()
        self._refresh_labels()

    # --- public API -----------------------------------------------------------------------
    def target(self) -> QLineEdit | None:
        return self._target

    def set_target(self, widget: QLineEdit | None) -> None:
        """Type into ``widget`` from now on (None: type nowhere)."""
        if widget is self._target:
            return
        if self._target is not None:
            self._target.removeEventFilter(self)
            self._target.destroyed.disconnect(self._target_destroyed)
        self._target = widget
        self.engine.reset()
        if widget is not None:
            widget.installEventFilter(self)
            widget.destroyed.connect(self._target_destroyed)

    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """``text`` (letters, Telex), ``numeric``, ``date`` (digits and /), ``phone`` (+)."""
        if mode not in MODES:
            raise ValueError(f"unknown keyboard mode {mode!r}")
        self._mode = mode
        self._stack.setCurrentWidget(self._pages[mode])
        self._text_pages.setCurrentWidget(self._letters)
        self.engine.reset()
        self.modeChanged.emit(mode)

    def telex_enabled(self) -> bool:
        return self._telex

    def set_telex(self, on: bool) -> None:
        self._telex = on
        self.engine.reset()
        self._show_toggles()

    def clear(self) -> None:
        """Forget the word being typed and the shift state (the session was wiped)."""
        self.engine.reset()
        self._shift = False
        self._caps = False
        self._show_toggles()
        self._text_pages.setCurrentWidget(self._letters)
        self._refresh_labels()

    def retranslate(self, lang: Lang) -> None:
        """Label the word keys in ``lang``."""
        self._lang = lang
        self._refresh_labels()

    def showing_symbols(self) -> bool:
        """Whether the text keyboard shows its digits and punctuation page."""
        return self._text_pages.currentWidget() is self._symbols

    def button(self, key_id: str, mode: str = "text") -> QPushButton:
        """The button of ``key_id`` ("a", "shift", "tone_s", "vi_dd", "7", "enter"...)."""
        if mode == "text":
            return self._buttons[key_id]
        return self._pad_buttons[mode][key_id]

    # --- what the keys do -----------------------------------------------------------------
    def press_key(self, key_id: str) -> None:
        """The action of one key (what a click or touch on its button does)."""
        key_id = TWINS.get(key_id, key_id)
        if key_id in ("shift", "caps", "telex"):
            self._toggle(key_id)
        elif key_id in ("symbols", "letters"):
            self._text_pages.setCurrentWidget(
                self._symbols if key_id == "symbols" else self._letters
            )
            self.engine.reset()
        elif key_id == "backspace":
            self._backspace()
        elif key_id == "enter":
            self._enter()
        elif key_id == "space":
            self._insert_plain(" ")
        elif key_id in TONES:
            self._tone(TONES[key_id][0])
        elif key_id in VI_LETTERS:
            self._letter(VI_LETTERS[key_id])
        elif key_id in PUNCTUATION:
            self._insert_plain(PUNCTUATION[key_id])
        elif len(key_id) == 1 and key_id.isalpha():
            self._letter(key_id)
        elif len(key_id) == 1:
            self._insert_plain(key_id)

    def _editable_target(self) -> QLineEdit | None:
        t = self._target
        if t is None or t.isReadOnly() or not t.isEnabled():
            return None
        return t

    def _letter(self, lower: str) -> None:
        upper = self._shift or self._caps
        self.type_char(lower.upper() if upper else lower)
        if self._shift:
            self._shift = False
            self._refresh_labels()

    def type_char(self, ch: str) -> None:
        """Type one character into the target, through Telex when it applies."""
        t = self._editable_target()
        if t is None:
            return
        if t.hasSelectedText():
            t.del_()
        if not (self._telex and self._mode == "text" and ch.isalpha()):
            self._insert_plain(ch)
            return
        self._replace_before_cursor(lambda before: self.engine.type_key(before, ch))

    def _tone(self, tone: str) -> None:
        t = self._editable_target()
        if t is None:
            return
        self._replace_before_cursor(lambda before: self.engine.set_tone(before, tone))

    def _replace_before_cursor(self, change: Callable[[str], str]) -> None:
        """Replace the word before the cursor by what ``change`` makes of the text before it."""
        t = self._editable_target()
        if t is None:
            return
        pos = t.cursorPosition()
        before = t.text()[:pos]
        head, word = split_word(before)
        new_before = change(before)
        if not new_before.startswith(head):  # pragma: no cover - the engine keeps the head
            head = ""
        replacement = unicodedata.normalize("NFC", new_before[len(head) :])
        if word:
            t.setSelection(len(head), len(word))
        t.insert(replacement)
        if t.text()[: len(head) + len(replacement)] != head + replacement:
            self.engine.reset()  # refused by the validator or max length

    def _insert_plain(self, text: str) -> None:
        t = self._editable_target()
        if t is None:
            return
        self.engine.reset()
        if self._mode == "date":
            before = t.text()[: t.cursorPosition()]
            if text == "/" and before.endswith("/"):
                return  # the slash was put in already
            if text.isdigit() and _DATE_SLASH_BEFORE.match(before):
                text = "/" + text
        t.insert(text)

    def _backspace(self) -> None:
        t = self._editable_target()
        if t is not None:
            t.backspace()

    def _enter(self) -> None:
        t = self._target
        if t is None:
            return
        self.engine.reset()
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(t, press)
        self.textCommitted.emit(t.text())
        self.enterPressed.emit()

    def _toggle(self, key_id: str) -> None:
        if key_id == "shift":
            self._shift = not self._shift
        elif key_id == "caps":
            self._caps = not self._caps
            self._shift = False
        else:
            self._telex = not self._telex
            self.engine.reset()
        self._show_toggles()
        self._refresh_labels()

    def _show_toggles(self) -> None:
        for key_id, on in (("caps", self._caps), ("telex", self._telex), ("shift", self._shift)):
            self._buttons[key_id].setChecked(on)
            twin = self._buttons.get(f"{key_id}_s")
            if twin is not None:
                twin.setChecked(on)

    def _target_destroyed(self) -> None:
        self._target = None
        self.engine.reset()

    # --- hardware keys typed into the target ----------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self._target
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._telex
            and self._mode == "text"
        ):
            text = event.text()
            mods = event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if len(text) == 1 and text.isalpha() and mods == Qt.KeyboardModifier.NoModifier:
                self.type_char(text)
                return True
            if len(text) == 1 and text.isprintable():
                self.engine.reset()
        return super().eventFilter(watched, event)

    def _refresh_labels(self) -> None:
        upper = self._shift or self._caps
        for row in LETTER_ROWS:
            for c in row:
                self._buttons[c].setText(c.upper() if upper else c)
        for key_id, letter in VI_LETTERS.items():
            self._buttons[key_id].setText(letter.upper() if upper else letter)
        index = 0 if self._lang == "vi" else 1
        for key_id, labels in KEY_LABELS.items():
            for pad in (self._buttons, *self._pad_buttons.values()):
                for kid in (key_id, *(t for t, k in TWINS.items() if k == key_id)):
                    if kid in pad:
                        pad[kid].setText(labels[index])
