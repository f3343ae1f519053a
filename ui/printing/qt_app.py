"""A QGuiApplication for painting when none exists (CLI, benchmarks, worker scripts)."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

_app: QCoreApplication | None = None


def ensure_gui_app() -> QCoreApplication:
    """The running application, or a new offscreen QGuiApplication when there is none."""
    global _app  # noqa: PLW0603 - one application per process, kept alive here
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([])
    return _app
