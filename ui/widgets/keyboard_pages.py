"""The on-screen keyboard's pages of keys, built from :mod:`ui.widgets.keyboard_layout`: the
letters (five rows), digits and punctuation, and the number pads. Every key takes no focus and
calls ``press(key_id)``; :class:`~ui.widgets.keyboard.OnScreenKeyboard` decides what it types."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.keyboard_layout import (
    CHECKABLE,
    KEY_MIN_HEIGHT,
    KEY_MIN_WIDTH,
    LETTER_ROWS,
    NUMERIC_PADS,
    TONES,
    VI_LETTERS,
)


class KeyPages:
    """Builds the pages; keeps the text pages' keys and each pad's keys by id (for labels)."""

    def __init__(self, press: Callable[[str], None]) -> None:
        self._press = press
        self.buttons: dict[str, QPushButton] = {}
        self.pad_buttons: dict[str, dict[str, QPushButton]] = {}

    def button(self, key_id: str, label: str, *, checkable: bool = False) -> QPushButton:
        b = QPushButton(label)
        b.setObjectName(f"key_{key_id}")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setAutoDefault(False)
        b.setMinimumSize(KEY_MIN_WIDTH, KEY_MIN_HEIGHT)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        b.setCheckable(checkable)
        b.clicked.connect(lambda _checked=False, k=key_id: self._press(k))
        return b

    def _row(self, items: list[tuple[str, str]], stretch: dict[str, int] | None = None) -> QWidget:
        row = QWidget()
        row.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        for key_id, label in items:
            b = self.button(key_id, label, checkable=key_id in CHECKABLE)
            self.buttons[key_id] = b
            lay.addWidget(b, (stretch or {}).get(key_id, 1))
        return row

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        return page, lay

    def _bottom_row(self, switch: str) -> QWidget:
        """The last row of both text pages: page switch, caps, auto marks, space, Enter."""
        items = [(switch, switch), ("caps", "caps"), ("telex", "telex"), ("space", "space")]
        items.append(("enter", "enter"))
        row = self._row(items, {"space": 5, "enter": 2, "caps": 2, "telex": 2, switch: 1})
        return row

    def letters(self) -> QWidget:
        page, lay = self._page()
        lay.addWidget(
            self._row([(c, c) for c in LETTER_ROWS[0]] + [("backspace", "⌫")], {"backspace": 2})
        )
        lay.addWidget(self._row([(c, c) for c in LETTER_ROWS[1]] + [("dash", "-")]))
        third = [("shift", "⇧"), *((c, c) for c in LETTER_ROWS[2])]
        third += [("comma", ","), ("period", ".")]
        lay.addWidget(self._row(third, {"shift": 2}))
        marks = [(k, v) for k, v in VI_LETTERS.items()]
        marks += [(k, label) for k, (_t, label) in TONES.items()]
        lay.addWidget(self._row(marks, {"tone_z": 2}))
        lay.addWidget(self._bottom_row("symbols"))
        return page

    def symbols(self) -> QWidget:
        """Digits and punctuation (house numbers, e-mail addresses): their own page, so the
        letters fit in five rows."""
        page, lay = self._page()
        digits = [(d, d) for d in "1234567890"] + [("backspace2", "⌫")]
        lay.addWidget(self._row(digits, {"backspace2": 2}))
        lay.addWidget(self._row([(c, c) for c in "@_+()#&:;"] + [("slash", "/")]))
        lay.addWidget(self._row([("apostrophe", "'"), ("quote", '"'), ("dash2", "-"),
                                 ("comma2", ","), ("period2", "."), ("question", "?"),
                                 ("exclaim", "!")]))  # fmt: skip
        # one row of symbols less than letters: the bottom row keeps its place
        spacer = QWidget()
        spacer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        spacer.setMinimumHeight(KEY_MIN_HEIGHT)
        lay.addWidget(spacer)
        items = [("letters", "letters"), ("caps_s", "caps"), ("telex_s", "telex")]
        items += [("space_s", "space"), ("enter_s", "enter")]
        lay.addWidget(self._row(items, {"space_s": 5, "enter_s": 2, "caps_s": 2, "telex_s": 2}))
        return page

    def pad(self, mode: str) -> QWidget:
        page = QWidget()
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(NUMERIC_PADS[mode]):
            if not key:
                continue
            b = self.button(key, key)
            buttons[key] = b
            grid.addWidget(b, i // 3, i % 3)
        back = self.button("backspace", "⌫")
        enter = self.button("enter", "↵ Enter")
        grid.addWidget(back, 0, 3)
        grid.addWidget(enter, 1, 3, 3, 1)
        buttons["backspace"] = back
        buttons["enter"] = enter
        self.pad_buttons[mode] = buttons
        outer = QWidget()
        outer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        h = QHBoxLayout(outer)
        h.setContentsMargins(0, 0, 0, 0)
        h.addStretch(1)
        h.addWidget(page, 2)
        h.addStretch(1)
        return outer
