"""The window's header (title, ward, language, text size, contrast, "Call staff") and footer
(Back, progress and notices, Continue): always the same place on every screen.

They hold the widgets only; the window connects them and sets their texts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def _label(name: str = "", *, wrap: bool) -> QLabel:
    w = QLabel()
    w.setObjectName(name)
    w.setWordWrap(wrap)
    return w


def _button(name: str, *, checkable: bool = False) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setCheckable(checkable)
    return button


class Header(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 8, 32, 8)
        self.title = _label("H2", wrap=False)
        self.ward = _label(wrap=False)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.ward)
        row.addLayout(titles, 1)
        self.lang_button = _button("lang")
        self.large_button = _button("large_text", checkable=True)
        self.contrast_button = _button("high_contrast", checkable=True)
        self.staff_button = _button("call_staff")
        for b in (self.lang_button, self.large_button, self.contrast_button, self.staff_button):
            row.addWidget(b)


class Footer(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(64, 10, 64, 10)
        self.back_button = _button("back")
        self.back_button.setMinimumWidth(260)
        self.progress = _label("Muted", wrap=False)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice = _label("Muted", wrap=True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_button = _button("Primary")
        self.continue_button.setProperty("role", "continue")
        self.continue_button.setMinimumWidth(320)
        row.addWidget(self.back_button)
        middle = QVBoxLayout()
        middle.addWidget(self.progress)
        middle.addWidget(self.notice)
        row.addLayout(middle, 1)
        row.addWidget(self.continue_button)
