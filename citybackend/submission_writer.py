"""Group commit: one thread stores the dossiers of many requests per transaction.

Each submission costs a write transaction, and on SQLite the writers take turns. Handing
submissions to one writer thread that takes whatever has queued up (up to ``max_batch``)
and stores it in one transaction (:meth:`Store.submit_many`) pays the transaction, the lock
hand-over and the disk flush once per batch instead of once per dossier, and answers in
arrival order. The request waits for its own outcome only after the batch is committed, so
a 201 still means "on disk". The wait is bounded: past ``timeout_s`` the caller gets
:class:`StoreBusyError` (503), and a retry with the same Idempotency-Key is safe either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from citybackend.models import DossierSubmission, SubmitResult
from citybackend.stores.errors import StoreBusyError, UnstorableError
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store

log = logging.getLogger(__name__)

Outcome = tuple[SubmitResult, bool] | BaseException


@dataclass
class _Job:
    kiosk: KioskIdentity
    body: DossierSubmission
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[tuple[SubmitResult, bool]]


def _shared_failure(exc: Exception) -> bool:
    """A failure of the database itself (locked, down), not of one dossier in the batch."""
    return isinstance(exc, StoreBusyError | OperationalError)


def _settle(future: asyncio.Future[tuple[SubmitResult, bool]], outcome: Outcome) -> None:
    if future.done():  # the request gave up waiting
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


class SubmissionWriter:
    """Stores submissions for the event loop(s) of one process, in batches."""

    def __init__(self, store: Store, *, max_batch: int = 64, timeout_s: float = 30.0) -> None:
        self._store = store
        self._max_batch = max_batch
        self.timeout_s = timeout_s
        self._queue: queue.Queue[_Job] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        #: batches written and dossiers in them (diagnostics, tests)
        self.batches = 0
        self.items = 0

    def start(self) -> None:
        with self._start_lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name="citybackend-writer", daemon=True
            )
            self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Finish the batch in hand and stop (bounded); queued jobs are still written."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout_s)

    async def submit(
        self, kiosk: KioskIdentity, body: DossierSubmission
    ) -> tuple[SubmitResult, bool]:
        """``(result, created)`` once the dossier is committed; the store's errors as raised."""
        self.start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[SubmitResult, bool]] = loop.create_future()
        self._queue.put(_Job(kiosk, body, loop, future))
        try:
            return await asyncio.wait_for(future, self.timeout_s)
        except TimeoutError:
            raise StoreBusyError("the dossier was not stored in time; send it again") from None

    def _run(self) -> None:
        while True:
            try:
                job = self._queue.get(timeout=0.2)
            except queue.Empty:
                if self._stop.is_set():
                    return
                continue
            batch = [job]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._write(batch)

    def _write(self, batch: list[_Job]) -> None:
        outcomes = self._store_batch(batch)
        for job, outcome in zip(batch, outcomes, strict=True):
            with contextlib.suppress(RuntimeError):  # a closed event loop: nobody waits
                job.loop.call_soon_threadsafe(_settle, job.future, outcome)

    def _store_batch(self, batch: list[_Job]) -> list[Outcome]:
        """The outcome of each job. When the batch's transaction fails because of one
        dossier (a value the database refuses), each job is stored again on its own, so
        only the bad one hears of it; a failure of the database itself reaches them all."""
        try:
            outcomes: list[Outcome] = list(
                self._store.submit_many([(j.kiosk, j.body) for j in batch])
            )
        except Exception as exc:
            if _shared_failure(exc):
                return [exc] * len(batch)
            if len(batch) == 1:
                # the type only: a driver's message may quote the value it refused
                log.warning("dossier not stored: %s", type(exc).__name__)
                return [
                    UnstorableError(f"the database refused this dossier ({type(exc).__name__})")
                ]
            log.warning("dossier batch of %d not stored (%s); storing one by one",
                        len(batch), type(exc).__name__)  # fmt: skip
            return [o for job in batch for o in self._store_batch([job])]
        self.batches += 1
        self.items += len(batch)
        return outcomes
