"""Carry results from engine threads to the GUI thread.

Engine services block (card, network, disk) or hand back futures; the GUI thread must never
wait on them. :class:`TaskRunner` runs a callable on a worker pool (or watches a future) and
calls ``on_ok`` / ``on_error`` back on the GUI thread through a queued signal.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")
#: worker threads of the runner's pool (made as tasks overlap, never more)
WORKERS = 4
log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """``run(fn, on_ok, on_error)``: fn on a worker, the callbacks on the GUI thread."""

    _finished = Signal(object, object, object, object)

    def __init__(self, pool: cf.ThreadPoolExecutor | None = None) -> None:
        super().__init__()
        self._pool = pool or cf.ThreadPoolExecutor(
            max_workers=WORKERS, thread_name_prefix="ui-task"
        )
        self._finished.connect(self._deliver)
        self._generation = 0
        self._closed = False

    def new_generation(self) -> None:
        """Drop the callbacks of tasks started before now (used at wipe: a late answer for a
        previous resident must not reach the next one's screens)."""
        self._generation += 1

    def run(
        self,
        fn: Callable[[], T],
        on_ok: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._closed:  # the window is closing: nothing is waiting for the answer
            return
        self.watch(self._pool.submit(fn), on_ok, on_error)

    def watch(
        self,
        future: cf.Future[T],
        on_ok: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        generation = self._generation

        def done(f: cf.Future[T]) -> None:
            if generation != self._generation:
                return
            exc = f.exception()
            self._finished.emit(on_ok, on_error, None if exc else f.result(), exc)

        future.add_done_callback(done)

    @Slot(object, object, object, object)
    def _deliver(
        self,
        on_ok: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        result: Any,
        error: BaseException | None,
    ) -> None:
        if error is not None:
            on_error(error)
        else:
            on_ok(result)

    def shutdown(self) -> None:
        self._closed = True
        self._generation += 1
        self._pool.shutdown(wait=False, cancel_futures=True)


class CallbackRelay(QObject):
    """Relays a plain engine callback (called on any thread) to a GUI-thread slot."""

    fired = Signal(object)

    def __call__(self, value: object) -> None:
        self.fired.emit(value)
