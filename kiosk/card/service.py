"""The one thread that owns the card reader.

PC/SC handles are not thread-safe, so every call into a :class:`~kiosk.card.api.CardReader`
runs on a single worker thread. Callers get a :class:`concurrent.futures.Future`; progress is
reported through a plain callback (called on the card thread - the UI bridges it).

A read that overruns its timeout fails at once for the caller, and the reader is told to stop
(``cancel``): it gives up before its next APDU, resets the card and frees the thread, so the
next read does not queue behind a dead one.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
from collections.abc import Callable
from typing import TypeVar

from kiosk.card.api import (
    AccessKeys,
    CancellableReader,
    CardReader,
    CardReadResult,
    ProgressCallback,
)
from kiosk.card.errors import CardTimeoutError

T = TypeVar("T")

_CARD_THREAD_NAME = "card-reader"


class CardService:
    """Runs reads on one dedicated thread; a read that overruns ``timeout_s`` fails typed."""

    def __init__(self, reader: CardReader, *, timeout_s: float = 30.0) -> None:
        self._reader = reader
        self._timeout_s = timeout_s
        self._pool = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix=_CARD_THREAD_NAME)

    @property
    def reader(self) -> CardReader:
        return self._reader

    def run(self, fn: Callable[[], T]) -> cf.Future[T]:
        """Run any reader-touching call on the card thread."""
        return self._pool.submit(fn)

    def read(
        self,
        keys: AccessKeys,
        progress: ProgressCallback,
        *,
        read_face: bool = False,
    ) -> cf.Future[CardReadResult]:
        """Start a read; the future fails with a :class:`CardError` subclass on any problem."""
        outer: cf.Future[CardReadResult] = cf.Future()
        inner = self._pool.submit(self._reader.read, keys, progress, read_face=read_face)

        def expire() -> None:
            if not outer.done():
                outer.set_exception(CardTimeoutError(f"read exceeded {self._timeout_s:.0f} s"))
                if not inner.done() and isinstance(self._reader, CancellableReader):
                    self._reader.cancel()

        timer = threading.Timer(self._timeout_s, expire)
        timer.name = "card-deadline"  # one per read, gone once the read is over
        timer.daemon = True

        def relay(f: cf.Future[CardReadResult]) -> None:
            timer.cancel()
            if outer.done():
                return
            exc = f.exception()
            if exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(f.result())

        inner.add_done_callback(relay)
        timer.start()
        return outer

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
