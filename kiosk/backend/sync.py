"""The sync thread: drains the outbox to the city, sends heartbeats, purges old receipts.

It survives the city being away: failures back off exponentially (with jitter) per item,
and one "city unavailable" stops the current pass so a dead network is not hammered.
``stop()`` is bounded.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from kiosk.backend.client import CityClient
from kiosk.backend.errors import (
    BackendError,
    BackendRejectedError,
    BackendUnauthorisedError,
    BackendUnavailableError,
    DossierNotFoundError,
    OutboxError,
)
from kiosk.backend.outbox import QUEUED, DueItem, Outbox

log = logging.getLogger(__name__)

DOSSIER = "dossier"
RATING = "rating"


class SyncWorker:
    """Drains ``outbox`` through ``clients`` (one per concurrent sender)."""

    def __init__(
        self,
        outbox: Outbox,
        clients: list[CityClient],
        *,
        kiosk_id: str,
        app_version: str = "",
        idle_poll_s: float = 5.0,
        heartbeat_interval_s: float = 60.0,
        retention_days: int = 30,
        backoff_base_s: float = 1.0,
        backoff_max_s: float = 300.0,
        batch: int = 64,
        jitter: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``monotonic``: the clock of the heartbeat and purge timers (never the wall clock,
        which time sync may move)."""
        if not clients:
            raise ValueError("at least one client")
        self.outbox = outbox
        self._clients = clients
        self._kiosk_id = kiosk_id
        self._app_version = app_version
        self._idle_poll_s = idle_poll_s
        self._heartbeat_interval_s = heartbeat_interval_s
        self._retention_days = retention_days
        self._backoff_base_s = backoff_base_s
        self._backoff_max_s = backoff_max_s
        self._batch = batch
        self._jitter = jitter
        self._monotonic = monotonic
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool = (
            ThreadPoolExecutor(len(clients), thread_name_prefix="outbox-send")
            if len(clients) > 1
            else None
        )
        self._next_heartbeat = 0.0
        self._next_purge = 0.0
        #: city clock minus kiosk clock at the last heartbeat, seconds (diagnostics)
        self.clock_skew_s: float | None = None

    # ------------------------------------------------------------- lifecycle
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the thread to finish its current request and wait at most ``timeout_s``."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        """Drain now (a new item was queued, or the network came back)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                sent, more = self.drain_once()
                self._housekeeping()
            except OutboxError as exc:
                log.error("outbox unusable: %s", exc.detail)
                sent, more = 0, False
            except Exception:  # a bug must not end the thread that carries dossiers
                log.exception("sync pass failed")
                sent, more = 0, False
            if more and sent:
                continue
            self._wake.wait(self._idle_poll_s)

    # ----------------------------------------------------------------- passes
    def drain_once(self) -> tuple[int, bool]:
        """One pass: returns ``(items accepted, whether a full batch was due)``."""
        items = self.outbox.due(self._batch)
        if not items:
            return 0, False
        sent = 0
        if self._pool is None:
            for item in items:
                if self._stop.is_set():
                    break
                ok, reachable = self._send(self._clients[0], item)
                sent += ok
                if not reachable:
                    break
        else:
            n = len(self._clients)
            chunks = [items[i::n] for i in range(n)]
            futures = [
                self._pool.submit(self._send_chunk, client, chunk)
                for client, chunk in zip(self._clients, chunks, strict=True)
            ]
            sent = sum(f.result() for f in futures)
        return sent, len(items) == self._batch

    def _send_chunk(self, client: CityClient, items: list[DueItem]) -> int:
        sent = 0
        for item in items:
            if self._stop.is_set():
                break
            ok, reachable = self._send(client, item)
            sent += ok
            if not reachable:
                break
        return sent

    def _send(self, client: CityClient, item: DueItem) -> tuple[bool, bool]:
        """Send one item; returns ``(accepted, city reachable)``."""
        try:
            if item.kind == DOSSIER:
                code, _token = client.submit_dossier(item.body, item.item_key)
            elif item.kind == RATING:
                client.rate(item.body)
                code = ""
            else:
                self.outbox.mark_rejected(item.id, f"unknown item kind {item.kind!r}")
                return False, True
        except BackendUnauthorisedError as exc:
            self.outbox.mark_retry(item.id, str(exc), self._backoff_max_s)
            return False, False
        except (BackendRejectedError, DossierNotFoundError) as exc:
            if item.kind == RATING:
                self._refused_rating(item, exc)
                return False, True
            if isinstance(exc, DossierNotFoundError):  # not an answer to a dossier: later
                self.outbox.mark_retry(item.id, str(exc), self._delay(item.attempts))
                return False, True
            log.warning("city refused outbox item %s: %s", item.id, exc.detail)
            self.outbox.mark_rejected(item.id, str(exc))
            return False, True
        except BackendUnavailableError as exc:
            self.outbox.mark_retry(item.id, str(exc), self._delay(item.attempts))
            return False, False
        except BackendError as exc:  # invalid answer: try again later, keep it
            self.outbox.mark_retry(item.id, str(exc), self._delay(item.attempts))
            return False, True
        self.outbox.mark_sent(item.id, code)
        return True, True

    def _refused_rating(self, item: DueItem, exc: BackendError) -> None:
        """A rating the city refuses (its dossier unknown to the city, already rated, not
        this kiosk's) is dropped: it holds no personal data and nobody can fix it. Only while
        its dossier still waits in this outbox is it tried again, after the dossier."""
        dossier_uuid = item.item_key.removeprefix("rating:")
        dossier = self.outbox.entry(dossier_uuid)
        if dossier is not None and dossier.state == QUEUED:
            self.outbox.mark_retry(item.id, str(exc), self._delay(item.attempts))
            return
        log.info("rating %s dropped: the city refused it (%s)", item.id, exc.detail)
        self.outbox.discard(item.id)

    def _delay(self, attempts: int) -> float:
        cap = min(self._backoff_max_s, self._backoff_base_s * (2.0 ** min(attempts, 20)))
        return cap * (0.5 + 0.5 * self._jitter())

    def _housekeeping(self) -> None:
        now = self._monotonic()
        if now >= self._next_purge:
            self.outbox.purge(self._retention_days)
            self._next_purge = now + 3600
        if self._heartbeat_interval_s > 0 and now >= self._next_heartbeat:
            self._next_heartbeat = now + self._heartbeat_interval_s
            self.heartbeat()

    def heartbeat(self) -> bool:
        """Report the outbox to the city; returns whether the city answered."""
        state = self.outbox.state()
        body: dict[str, Any] = {
            "kiosk_id": self._kiosk_id,
            "app_version": self._app_version,
            "outbox_depth": state.depth,
            "outbox_oldest_at": _iso(state.oldest_queued_at),
            "last_sync_at": _iso(state.last_sync_at),
            "last_error": (state.refusing or state.last_error)[:500],
        }
        try:
            server_time = self._clients[0].heartbeat(body)
        except BackendError as exc:
            log.info("heartbeat failed: %s", exc)
            return False
        if server_time.tzinfo is not None:
            self.clock_skew_s = (server_time - datetime.now(UTC)).total_seconds()
        return True


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None
