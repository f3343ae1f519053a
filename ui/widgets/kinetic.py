"""Scrolling by dragging a finger, wherever it lands.

Qt's own flick gesture (``QScroller.grabGesture``) scrolls only when the finger lands on the
scroll area's background: on a form, a finger lands on a field or a button, which takes the
press, and nothing scrolls. So one application event filter watches presses inside the
registered scroll areas: a press that moves further than ``DRAG_START_PX`` becomes a drag of
the area (the button under it is released without a click) and the flick coasts on through
:class:`QScroller`; a press that stays put is an ordinary tap.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QScroller,
    QScrollerProperties,
    QWidget,
)

DRAG_START_PX = 14


class DragScroller(QObject):
    """The application's filter (one per application, made by :func:`kinetic`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._viewports: weakref.WeakSet[QWidget] = weakref.WeakSet()
        self._viewport: QWidget | None = None
        self._start = QPoint()
        self._dragging = False
        self._pressed: QWidget | None = None
        self._last: tuple[int, int, tuple[int, int]] | None = None

    def add(self, area: QAbstractScrollArea) -> None:
        viewport = area.viewport()
        self._viewports.add(viewport)
        scroller = QScroller.scroller(viewport)
        props = scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        scroller.setScrollerProperties(props)

    def _viewport_at(self, widget: QWidget) -> QWidget | None:
        w: QWidget | None = widget
        while w is not None:
            if w in self._viewports and w.isVisible():
                return w
            w = w.parentWidget()
        return None

    def _feed(self, kind: QScroller.Input, event: QMouseEvent) -> None:
        assert self._viewport is not None
        local = self._viewport.mapFromGlobal(event.globalPosition().toPoint())
        QScroller.scroller(self._viewport).handleInput(kind, QPointF(local), event.timestamp())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if not isinstance(event, QMouseEvent) or not isinstance(watched, QWidget):
            return False
        # a press or move nobody takes travels up to the parents: see each event once
        stamp = (int(kind), event.timestamp(), event.globalPosition().toPoint().toTuple())
        if stamp == self._last:
            return False
        self._last = stamp
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._viewport = self._viewport_at(watched)
            self._dragging = False
            self._pressed = watched
            if self._viewport is not None:
                self._start = event.globalPosition().toPoint()
                self._feed(QScroller.Input.InputPress, event)
            return False
        if self._viewport is None or not (
            watched is self._pressed or self._viewport.isAncestorOf(watched)
        ):
            return False
        if kind == QEvent.Type.MouseMove:
            moved = (event.globalPosition().toPoint() - self._start).manhattanLength()
            if not self._dragging and moved >= DRAG_START_PX:
                self._dragging = True
                if isinstance(self._pressed, QAbstractButton):
                    self._pressed.setDown(False)  # a drag, not a press of this button
            if self._dragging:
                self._feed(QScroller.Input.InputMove, event)
                return True
            return False
        if kind == QEvent.Type.MouseButtonRelease:
            dragging = self._dragging
            if dragging:
                self._feed(QScroller.Input.InputRelease, event)
            else:
                QScroller.scroller(self._viewport).stop()
            self._viewport = None
            self._pressed = None
            self._dragging = False
            return dragging  # a drag's release clicks nothing
        return False


_SCROLLERS: dict[int, DragScroller] = {}


def kinetic(area: QAbstractScrollArea) -> None:
    """Let ``area`` scroll by dragging (and flicking) a finger or the mouse over it."""
    app = QApplication.instance()
    if app is None:
        return
    scroller = _SCROLLERS.get(id(app))
    if scroller is None:
        scroller = _SCROLLERS[id(app)] = DragScroller(app)
        app.installEventFilter(scroller)
    scroller.add(area)
