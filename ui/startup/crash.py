"""Unexpected exceptions: the log gets the traceback, the resident gets the recovery screen."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("kiosk.crash")


class CrashHandler(QObject):
    """Installs ``sys.excepthook`` / ``threading.excepthook``; emits ``crashed`` on the GUI
    thread (queued) so the window can show the recovery screen."""

    crashed = Signal()

    def __init__(self, on_crash: Callable[[], None]) -> None:
        super().__init__()
        self.crashed.connect(on_crash)
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self.count = 0

    def install(self) -> None:
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def _hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        self.count += 1
        log.error("unexpected error; showing the recovery screen", exc_info=(exc_type, exc, tb))
        self.crashed.emit()

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self._hook(args.exc_type, args.exc_value, args.exc_traceback)
