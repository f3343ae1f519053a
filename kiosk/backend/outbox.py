"""The durable outbox: dossiers and ratings waiting for the city, in sqlite3.

A row is committed (WAL, ``synchronous=FULL``: the commit is on disk when ``put`` returns)
before any network call. Payloads are sealed with AES-GCM under the device key, the row's
key as associated data. Once the city accepts an item its payload is erased and only receipt
metadata (official code, provisional reference, tracking token, times) is kept, for
``retention_days``, then purged.

Long-running hazards (docs/operations.md):

* The disk filling up: ``put`` refuses a new item with :class:`OutboxFullError` when less than
  ``reserve_bytes`` are free (or SQLite reports the disk full), before anything is written;
  items already committed stay as they are and keep draining. :meth:`Outbox.state` reports the
  refusal while the disk is short of room (or, after SQLite found it full, until a ``put``
  succeeds again).
* The wall clock jumping (time sync): times are wall-clock seconds (they survive a restart,
  monotonic time does not). A retry time more than ``max_delay_s`` in the future can only come
  from the clock having been set back: such an item is due now, so a jump back never parks the
  queue for the size of the jump. A jump forward only makes items due sooner.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.backend.api import OutboxState
from kiosk.backend.device_key import PayloadCipher
from kiosk.backend.errors import OutboxError, OutboxFullError

log = logging.getLogger(__name__)

QUEUED = "queued"
SENT = "sent"
REJECTED = "rejected"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    item_key TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    payload BLOB,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    provisional_ref TEXT NOT NULL DEFAULT '',
    tracking_token TEXT NOT NULL DEFAULT '',
    official_code TEXT NOT NULL DEFAULT '',
    sent_at REAL
);
CREATE INDEX IF NOT EXISTS items_due ON items (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS items_ref ON items (provisional_ref);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
#: below this much free space on the outbox's disk, new items are refused
#: the outbox's file in the data directory (the kiosk's gateway and ``kiosk doctor`` open it)
OUTBOX_FILE = "outbox.sqlite3"
RESERVE_BYTES = 16 * 1024 * 1024
#: the longest delay the kiosk ever asks for (sync backoff cap, submit hold), with margin
MAX_DELAY_S = 900.0


def free_bytes(path: Path) -> int:
    """Free space for this user on the filesystem holding ``path``."""
    return int(shutil.disk_usage(path).free)


def _disk_full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "full" in str(exc)


@dataclass(frozen=True)
class OutboxEntry:
    """Receipt metadata of one item (no payload)."""

    id: int
    kind: str
    item_key: str
    state: str
    created_at: float
    provisional_ref: str
    tracking_token: str
    official_code: str
    attempts: int
    last_error: str


@dataclass(frozen=True)
class DueItem:
    id: int
    kind: str
    item_key: str
    body: bytes
    attempts: int


class Outbox:
    """Thread-safe: one connection guarded by a lock (writes are short)."""

    def __init__(
        self,
        path: Path,
        cipher: PayloadCipher,
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout_s: float = 10.0,
        reserve_bytes: int = RESERVE_BYTES,
        free_space: Callable[[Path], int] = free_bytes,
        max_delay_s: float = MAX_DELAY_S,
    ) -> None:
        """``free_space`` (bytes free on the filesystem holding a path) and ``clock`` are
        collaborators; tests pass their own."""
        self.path = Path(path)
        self._cipher = cipher
        self._clock = clock
        self._reserve = reserve_bytes
        self._free_space = free_space
        self._max_delay_s = max_delay_s
        #: why the last put was refused (disk full); cleared by the next put that succeeds
        self._refusing = ""
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        try:
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise OutboxError(f"cannot open the outbox: {type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                detail = f"outbox write failed: {type(exc).__name__}: {exc}"
                if _disk_full(exc):
                    raise OutboxFullError(detail) from None
                raise OutboxError(detail) from None

    # -------------------------------------------------------------- writing
    def put(
        self,
        kind: str,
        item_key: str,
        body: bytes,
        *,
        provisional_ref: str = "",
        tracking_token: str = "",
        hold_s: float = 0.0,
    ) -> tuple[OutboxEntry, bool]:
        """Commit an item; returns ``(entry, created)``. An existing key is left untouched.

        Raises :class:`OutboxFullError` (nothing written) when the disk is too full for it."""
        now = self._clock()
        existing = self.entry(item_key)
        if existing is not None:  # a retry of an accepted item needs no room
            return existing, False
        self._check_room()
        sealed = self._cipher.seal(body, item_key.encode("utf-8"))
        try:
            due_at = now + min(hold_s, self._max_delay_s)
            row = (kind, item_key, now, sealed, QUEUED, due_at, provisional_ref, tracking_token)
            created = self._insert(row)
        except OutboxFullError as exc:
            self._refuse(exc.detail)
            raise
        self._refusing = ""
        entry = self.entry(item_key)
        assert entry is not None
        return entry, created

    def _check_room(self) -> None:
        try:
            free = self._free_space(self.path.parent)
        except OSError as exc:
            raise OutboxError(f"free space unknown: {type(exc).__name__}") from None
        if free < self._reserve:
            detail = f"disk nearly full: {free} bytes free, {self._reserve} kept in reserve"
            self._refuse(detail)
            raise OutboxFullError(detail)
        self._refusing = ""

    def _refuse(self, detail: str) -> None:
        self._refusing = detail
        log.error("outbox refuses new items: %s", detail)

    def _insert(self, row: tuple[str, str, float, bytes, str, float, str, str]) -> bool:
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO items (kind, item_key, created_at, payload, state, next_attempt_at,"
                " provisional_ref, tracking_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (item_key) DO NOTHING",
                row,
            )
            return cur.rowcount == 1

    def mark_sent(self, item_id: int, official_code: str = "") -> None:
        """The city accepted the item: erase the payload, keep the receipt metadata."""
        with self._tx() as db:
            db.execute(
                "UPDATE items SET state = ?, payload = NULL, official_code = ?, sent_at = ?,"
                " last_error = '' WHERE id = ?",
                (SENT, official_code, self._clock(), item_id),
            )
            db.execute(
                "INSERT INTO meta (name, value) VALUES ('last_sync_at', ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (str(self._clock()),),
            )

    def mark_retry(self, item_id: int, error: str, delay_s: float) -> None:
        delay_s = min(delay_s, self._max_delay_s)
        with self._tx() as db:
            db.execute(
                "UPDATE items SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                " WHERE id = ? AND state = ?",
                (error[:300], self._clock() + delay_s, item_id, QUEUED),
            )
            self._set_error(db, error)

    def mark_rejected(self, item_id: int, error: str) -> None:
        """The city refused the item: keep it (payload included) for a technician."""
        with self._tx() as db:
            db.execute(
                "UPDATE items SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
                (REJECTED, error[:300], item_id),
            )
            self._set_error(db, error)

    def discard(self, item_id: int) -> None:
        """Delete an item the city will never take and nobody needs (a refused rating)."""
        with self._tx() as db:
            db.execute("DELETE FROM items WHERE id = ?", (item_id,))

    def requeue_rejected(self) -> int:
        """Technician action: try the rejected items again."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE items SET state = ?, next_attempt_at = ? WHERE state = ?",
                (QUEUED, self._clock(), REJECTED),
            )
            return cur.rowcount

    def release(self, item_id: int) -> None:
        """Make a held item due now (the direct attempt at submit time failed)."""
        with self._tx() as db:
            db.execute(
                "UPDATE items SET next_attempt_at = ? WHERE id = ? AND state = ?",
                (self._clock(), item_id, QUEUED),
            )

    @staticmethod
    def _set_error(db: sqlite3.Connection, error: str) -> None:
        db.execute(
            "INSERT INTO meta (name, value) VALUES ('last_error', ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (error[:300],),
        )

    def purge(self, retention_days: int) -> int:
        """Delete receipt metadata of items accepted more than ``retention_days`` ago."""
        cutoff = self._clock() - retention_days * 86400
        with self._tx() as db:
            cur = db.execute("DELETE FROM items WHERE state = ? AND sent_at < ?", (SENT, cutoff))
            return cur.rowcount

    # -------------------------------------------------------------- reading
    def due(self, limit: int = 50) -> list[DueItem]:
        """Queued items whose time has come, oldest first, payloads decrypted.

        An item whose retry time lies more than ``max_delay_s`` ahead is due too: only the
        clock being set back puts it there."""
        now = self._clock()
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, item_key, payload, attempts FROM items"
                " WHERE state = ? AND (next_attempt_at <= ? OR next_attempt_at > ?)"
                " ORDER BY id LIMIT ?",
                (QUEUED, now, now + self._max_delay_s, limit),
            ).fetchall()
        return [
            DueItem(r[0], r[1], r[2], self._cipher.open(r[3], r[2].encode("utf-8")), r[4])
            for r in rows
        ]

    def body(self, item_key: str) -> bytes | None:
        """The decrypted payload of an item not yet accepted, else None."""
        with self._lock:
            row = self._db.execute(
                "SELECT payload FROM items WHERE item_key = ?", (item_key,)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        return self._cipher.open(row[0], item_key.encode("utf-8"))

    def entry(self, item_key: str) -> OutboxEntry | None:
        return self._one("item_key = ?", item_key)

    def entry_by_ref(self, provisional_ref: str) -> OutboxEntry | None:
        return self._one("provisional_ref = ?", provisional_ref)

    def entry_by_token(self, tracking_token: str) -> OutboxEntry | None:
        return self._one("tracking_token = ? AND kind = 'dossier'", tracking_token)

    def _one(self, where: str, value: str) -> OutboxEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, kind, item_key, state, created_at, provisional_ref, tracking_token,"
                f" official_code, attempts, last_error FROM items WHERE {where} LIMIT 1",
                (value,),
            ).fetchone()
        return OutboxEntry(*row) if row else None

    def state(self) -> OutboxState:
        """Depth (queued + rejected), oldest waiting item, last sync and last error."""
        with self._lock:
            state = state_of(self._db)
        refusing = self._refusing or short_of_room(self.path, self._reserve, self._free_space)
        return dataclasses.replace(state, refusing=refusing)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall()
        return {state: int(n) for state, n in rows}


def short_of_room(
    path: Path, reserve_bytes: int = RESERVE_BYTES, free_space: Callable[[Path], int] = free_bytes
) -> str:
    """Why a put into the outbox at ``path`` would be refused now ("" when it would not)."""
    try:
        free = free_space(path.parent)
    except OSError:
        return ""
    if free < reserve_bytes:
        return f"disk nearly full: {free} bytes free, {reserve_bytes} kept in reserve"
    return ""


def state_of(db: sqlite3.Connection) -> OutboxState:
    """Depth, oldest waiting item, last sync and last error, from an open connection."""
    depth, oldest = db.execute(
        "SELECT COUNT(*), MIN(created_at) FROM items WHERE state != ?", (SENT,)
    ).fetchone()
    meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    last_sync = meta.get("last_sync_at")
    return OutboxState(
        depth=int(depth),
        oldest_queued_at=_dt(oldest),
        last_sync_at=_dt(float(last_sync)) if last_sync else None,
        last_error=meta.get("last_error", "") if depth else "",
    )


def _dt(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None
