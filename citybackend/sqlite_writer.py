"""One SQLite writer at a time, across the threads and the worker processes of the backend.

SQLite admits one write transaction at a time; the others get SQLITE_BUSY and the driver's
busy handler retries with growing sleeps (1, 2, 5, 10 ... up to 100 ms a try). Under load that
polling, not the work, sets the slowest response times. So writers queue *before* SQLite:
threads of one process on a ``threading.Lock`` (the next one wakes as soon as it is
released), processes on an ``fcntl`` lock of a file next to the database, polled every
fraction of a millisecond. Both waits are bounded; SQLite's own busy timeout stays as the
last line for writers that do not use this lock (a second program on the same file).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: how often a process waiting for another process's write polls the file lock, seconds
POLL_S = 0.0003


class WriterBusyError(Exception):
    """The write lock was not obtained within the timeout."""


class SqliteWriterLock:
    """Mutual exclusion of writers to the SQLite file at ``database`` (None: in memory)."""

    def __init__(self, database: str | None, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._threads = threading.Lock()
        self._path = Path(database + ".writelock") if database and database != ":memory:" else None
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int:
        # opened lazily and again after a fork: fcntl locks belong to the process
        if self._fd is None or self._pid != os.getpid():
            assert self._path is not None
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    @contextmanager
    def held(self) -> Iterator[None]:
        deadline = time.monotonic() + self.timeout_s
        if not self._threads.acquire(timeout=self.timeout_s):
            raise WriterBusyError("another writer of this process held the database too long")
        try:
            if self._path is None:
                yield
                return
            fd = self._file()
            while True:
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        raise WriterBusyError("another process held the database") from None
                    time.sleep(POLL_S)
            try:
                yield
            finally:
                fcntl.lockf(fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()
