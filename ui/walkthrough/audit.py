"""What a real window shows and an offscreen rendering hides: checks of one screen state.

``audit(window)`` returns the problems it finds, in words a developer can act on:

- the window is not exactly the screen (it grew past it, e.g. for the keyboard);
- a visible button, field or key lies (partly) outside the screen, or is clipped by its
  parent without a scroll area that could bring it into view;
- something else lies over it where a finger would touch it (the centre of its visible part);
- a touch target is less than ``MIN_TOUCH_PX`` high;
- a text does not fit its label or button (clipped);
- the field being typed in is not wholly visible above the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

MIN_TOUCH_PX = 64
#: a label may be a pixel or two short of its text's height without hiding anything
TEXT_SLACK_PX = 2


@dataclass
class AuditResult:
    problems: list[str] = field(default_factory=list)
    #: the smallest text size (px) of any visible text
    smallest_text_px: int = 0
    #: how many visible touch targets were checked
    targets: int = 0


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, QAbstractButton | QLabel):
        text = w.text().replace("\n", " ")[:30]
    return f"{type(w).__name__}#{w.objectName() or '?'}[{text}]"


def _scroll_ancestor(w: QWidget) -> QAbstractScrollArea | None:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QAbstractScrollArea):
            return p
        p = p.parentWidget()
    return None


def _visible_global(w: QWidget) -> QRect:
    """The part of ``w`` that is painted (not clipped by a parent), in screen coordinates."""
    local = w.visibleRegion().boundingRect()
    if local.isEmpty():
        return QRect()
    return QRect(w.mapToGlobal(local.topLeft()), local.size())


def _is_touch_target(w: QWidget) -> bool:
    return isinstance(w, QAbstractButton | QLineEdit | QComboBox)


def _covered(w: QWidget, rect: QRect) -> QWidget | None:
    """The widget a touch at the centre of ``rect`` would reach, when it is not ``w``."""
    hit = QApplication.widgetAt(rect.center())
    if hit is None:
        return None  # nothing of ours there: outside the window, reported elsewhere
    if hit is w or w.isAncestorOf(hit):
        return None
    return hit


def _text_clipped(w: QWidget) -> bool:
    if isinstance(w, QLabel):
        if not w.text() or (w.pixmap() is not None and not w.pixmap().isNull()):
            return False
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            return need > w.height() + TEXT_SLACK_PX
        return w.sizeHint().width() > w.width() + TEXT_SLACK_PX
    if isinstance(w, QAbstractButton) and w.text():
        metrics = QFontMetrics(w.font())
        widest = max(metrics.horizontalAdvance(line) for line in w.text().split("\n"))
        lines = w.text().count("\n") + 1
        return widest > w.width() - 4 or metrics.height() * lines > w.height()
    return False


def _target_problems(w: QWidget, screen_rect: QRect, result: AuditResult) -> list[str]:
    """Where a finger cannot reach ``w``, or it is too small to hit."""
    visible = _visible_global(w)
    area = _scroll_ancestor(w)
    if visible.isEmpty():
        # scrolled out of its area's view: a drag brings it back
        return [] if area is not None else [f"hidden by its parent, cannot scroll: {_name(w)}"]
    result.targets += 1
    problems = []
    full = QRect(w.mapToGlobal(QPoint(0, 0)), w.size())
    if area is None and visible != full:
        problems.append(f"clipped, no scroll area: {_name(w)}")
    if not screen_rect.contains(visible):
        problems.append(f"off the screen: {_name(w)} at {visible.getRect()}")
    cover = _covered(w, visible)
    if cover is not None:
        problems.append(f"covered: {_name(w)} under {_name(cover)}")
    if w.height() < MIN_TOUCH_PX and visible == full:
        problems.append(f"smaller than {MIN_TOUCH_PX} px: {_name(w)} {w.height()} px")
    return problems


def audit(
    window: QWidget, *, keyboard: QWidget | None = None, active: QWidget | None = None
) -> AuditResult:
    """Check the window as shown now (call after the event loop settled). With ``active``
    (a modal panel over the window), only what lies on that panel is checked."""
    result = AuditResult()
    screen = window.screen() or QGuiApplication.primaryScreen()
    assert screen is not None
    screen_rect = screen.geometry()
    handle = window.windowHandle()
    native = handle.geometry() if handle is not None else window.geometry()
    if native != screen_rect or window.frameGeometry() != screen_rect:
        result.problems.append(
            f"window is {native.width()}x{native.height()}+{native.x()}+{native.y()}, "
            f"the screen {screen_rect.width()}x{screen_rect.height()}"
        )
    smallest = 10_000
    for w in (active or window).findChildren(QWidget):
        if not w.isVisible() or w.window() is not window:
            continue
        if isinstance(w, QLabel | QAbstractButton | QLineEdit | QComboBox) and (
            not isinstance(w, QLabel) or w.text()
        ):
            smallest = min(smallest, w.fontInfo().pixelSize())
        if _text_clipped(w) and not _visible_global(w).isEmpty():
            result.problems.append(f"text clipped: {_name(w)} ({w.width()}x{w.height()})")
        if _is_touch_target(w):
            result.problems.extend(_target_problems(w, screen_rect, result))
    if keyboard is not None and keyboard.isVisible():
        target = getattr(keyboard, "target", lambda: None)()
        if isinstance(target, QLineEdit):
            full = QRect(target.mapToGlobal(QPoint(0, 0)), target.size())
            top = keyboard.mapToGlobal(QPoint(0, 0)).y()
            if _visible_global(target) != full or full.bottom() >= top:
                result.problems.append(f"the field being typed in is not in view: {_name(target)}")
    result.smallest_text_px = smallest if smallest < 10_000 else 0
    return result
