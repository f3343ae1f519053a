"""What keeps the window the resident's only world: fixed to the screen, on top, and deaf to
the shortcuts that would close or leave it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QWidget


def is_blocked_shortcut(event: QKeyEvent) -> bool:
    """Escape, Alt+anything (Alt+F4, Alt+Tab), Ctrl+Q and Ctrl+W do nothing for residents."""
    mods = event.modifiers()
    if event.key() == Qt.Key.Key_Escape or mods & Qt.KeyboardModifier.AltModifier:
        return True
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    return ctrl and event.key() in (Qt.Key.Key_Q, Qt.Key.Key_W)


def fix_to_screen(window: QWidget) -> None:
    """Full screen even without a window manager: the window is fixed to the screen's geometry,
    so no content (the keyboard, large text) can make it grow past the display."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        window.setFixedSize(screen.geometry().size())
        window.move(screen.geometry().topLeft())
    # on top of anything else a session might open (the kiosk session runs no other app)
    window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.showFullScreen()
    window.activateWindow()  # no window manager gives it the keyboard (the QR scanner types)
