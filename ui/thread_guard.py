"""A debug guard: record every Qt object made off the GUI thread.

PySide6 objects built on a worker thread can deadlock the GIL against Qt's own mutexes (a
QTextDocument painted on a worker froze the kiosk after some dozens of visits, issue #16). The
guard wraps the constructor of every QObject subclass (and of QPixmap and QPainter, which are not
thread-safe either) in the Qt modules loaded so far; a construction on any thread but the main
one is recorded with its stack. The tests install it and fail a test that records one.

It is a debugging aid: it costs a Python call per Qt object and is never installed in production.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_MARK = "_kiosk_thread_guarded"
_QT_MODULES = (
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
)
_ALSO = ("QPixmap", "QPainter", "QPrinter")


@dataclass(frozen=True)
class Violation:
    class_name: str
    thread_name: str
    stack: str

    def __str__(self) -> str:
        return f"{self.class_name} created on thread {self.thread_name!r}:\n{self.stack}"


_violations: list[Violation] = []
_lock = threading.Lock()


def _wrap(cls: type, original: Callable[..., None]) -> Callable[..., None]:
    name = cls.__name__

    def guarded_init(self: Any, *args: Any, **kwargs: Any) -> None:
        if threading.current_thread() is not threading.main_thread():
            stack = "".join(traceback.format_stack(limit=12)[:-1])
            with _lock:
                _violations.append(Violation(name, threading.current_thread().name, stack))
        original(self, *args, **kwargs)

    return guarded_init


def _should_guard(cls: type, qobject: type) -> bool:
    return issubclass(cls, qobject) or cls.__name__ in _ALSO


def install() -> int:
    """Guard the Qt classes of every Qt module imported so far (again: the new ones).

    Returns how many classes were newly guarded.
    """
    core = sys.modules.get("PySide6.QtCore")
    if core is None:
        return 0
    qobject: type = core.QObject
    guarded = 0
    for module_name in _QT_MODULES:
        module = sys.modules.get(module_name)
        if module is None:
            continue
        for attr in dir(module):
            cls = getattr(module, attr)
            if not isinstance(cls, type) or not _should_guard(cls, qobject):
                continue
            if cls.__dict__.get(_MARK) or "__init__" not in cls.__dict__:
                continue
            setattr(cls, "__init__", _wrap(cls, cls.__dict__["__init__"]))  # noqa: B010
            setattr(cls, _MARK, True)
            guarded += 1
    return guarded


def take_violations() -> list[Violation]:
    """The violations recorded since the last call (and forget them)."""
    with _lock:
        taken = list(_violations)
        _violations.clear()
    return taken
