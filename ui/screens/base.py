"""What every screen has: a heading, a body, retranslation, and a way to forget personal data."""

from __future__ import annotations

from typing import ClassVar

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.session import Step
from ui.context import UiContext
from ui.widgets.kinetic import kinetic


class Screen(QWidget):
    """Base of all screens.

    The main window owns the Back / Continue buttons; a screen says whether they show, what
    Continue says, and whether it is enabled (``navChanged`` asks the window to look again).
    """

    step: ClassVar[Step]
    show_back: ClassVar[bool] = True
    show_continue: ClassVar[bool] = True
    continue_key: ClassVar[str] = "nav.continue"
    #: the body scrolls (by dragging) when it is taller than the space left to it - by the
    #: on-screen keyboard, large text or a small screen. Screens that scroll a part of their
    #: own (a list of tiles, the form's fields) set this False.
    scrollable: ClassVar[bool] = True

    navChanged = Signal()  # noqa: N815 - Qt naming

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"screen-{self.step.value}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 20, 64, 8)
        outer.setSpacing(12)
        self.heading = QLabel()
        self.heading.setObjectName("H1")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        self.body_area: QScrollArea | None = None
        if self.scrollable:
            holder = QWidget()
            holder.setObjectName("ScreenBody")
            holder.setLayout(self.body)
            self.body.setContentsMargins(0, 0, 0, 0)
            self.body_area = scroll_area(holder)
            outer.addWidget(self.body_area, 1)
        else:
            outer.addLayout(self.body, 1)

    # --- to override ----------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every visible string from ``self.ctx.lang``."""

    def on_enter(self) -> None:
        """The session moved to this screen: show its data."""

    def clear(self) -> None:
        """Forget every value a resident typed or the card gave (called at wipe)."""
        for w in self.findChildren(QLineEdit):
            forget_text(w)
        for t in self.findChildren(QPlainTextEdit):
            t.clear()

    def can_continue(self) -> bool:
        return True

    def on_continue(self) -> None:
        """The Continue button was pressed (only called when can_continue())."""

    def on_back(self) -> None:
        self.ctx.session.back()

    def on_enter_key(self) -> bool:
        """Enter on the keyboard in the last field: do the screen's main action and say True,
        or say False and the window presses Continue."""
        return False


def forget_text(edit: QLineEdit) -> None:
    """Empty ``edit`` and its undo history.

    ``QLineEdit.clear()`` is undoable: it keeps the text it removed in the undo history, so a
    field that lives from visit to visit would keep every resident's text (and grow by it)."""
    edit.setText("")


def empty_layout(layout: QLayout) -> None:
    """Remove and destroy every widget of ``layout`` now (not at the next event loop turn, so
    nothing of a previous resident is painted or found in the meantime), and every layout item.
    """
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            # hidden first: a widget just added to a shown layout has a queued "show if not
            # hidden" that would otherwise map it as a window of its own once it has no parent
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        # the item taken is the caller's to delete, and PySide does not: each one left behind
        # (about 100 bytes, a stretch or a widget's place) stayed until the kiosk stopped
        shiboken6.delete(item)


def scroll_area(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    kinetic(area)
    return area


def refit(holder: QWidget) -> None:
    """After ``holder`` (a scroll area's widget) got new content: lay it out now and have its
    scroll area size it to that content (the area is not told by itself every time, and its
    rows would be squeezed to the old height until the next resize)."""
    layout = holder.layout()
    if layout is not None:
        layout.activate()
    parent = holder.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    if isinstance(area, QScrollArea):
        QApplication.postEvent(area, QEvent(QEvent.Type.LayoutRequest))


def panel() -> QFrame:
    frame = QFrame()
    frame.setObjectName("Panel")
    return frame


def label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    w = QLabel(text)
    if name:
        w.setObjectName(name)
    w.setWordWrap(wrap)
    return w


def action_row(
    secondary: QPushButton, primary: QPushButton, *, secondary_name: str, primary_role: str
) -> QHBoxLayout:
    """A form's two actions: the way back on the left, the one that saves on the right (the
    theme's Primary look, found by its ``role``)."""
    secondary.setObjectName(secondary_name)
    primary.setObjectName("Primary")
    primary.setProperty("role", primary_role)
    row = QHBoxLayout()
    row.addWidget(secondary)
    row.addStretch(1)
    row.addWidget(primary)
    return row
