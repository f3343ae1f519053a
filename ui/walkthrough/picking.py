"""Touching one row of a list (a picker's), scrolling the list by dragging to reach it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget, QWidget

from ui.walkthrough.resident import Resident, WalkthroughError


def touch_row(r: Resident, rows: QWidget, text: str) -> None:
    if not isinstance(rows, QListWidget):
        raise WalkthroughError(f"{rows.objectName()} is not a list")
    items = [it for it in rows.findItems(text, Qt.MatchFlag.MatchExactly) if not it.isHidden()]
    if not items:
        raise WalkthroughError(f"no row {text!r} in {rows.objectName()}")
    item = items[0]
    view = rows.viewport()
    for _ in range(30):
        rect = rows.visualItemRect(item)
        if view.rect().contains(rect):
            centre = view.mapToGlobal(rect.center())
            r._tap(centre)
            r.counts.touches += 1
            r.settle()
            return
        top = view.mapToGlobal(QPoint(0, 0))
        x = top.x() + view.width() // 2
        distance = rect.center().y() - view.height() // 2
        limit = view.height() * 4 // 5
        distance = max(-limit, min(limit, distance))
        start = top.y() + view.height() // 2 + distance // 2
        r.drag(x, start, start - distance)
    raise WalkthroughError(f"cannot scroll to {text!r} in {rows.objectName()}")
