"""What every store shares: the engine, its short read and write transactions, the clock.

Every operation runs in its own short transaction. On SQLite writers queue on
:class:`~citybackend.sqlite_writer.SqliteWriterLock` rather than in SQLite.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from citybackend.agencies import ward_key
from citybackend.database import READ_ONLY, SQLITE_BUSY_TIMEOUT_S
from citybackend.sqlite_writer import SqliteWriterLock, WriterBusyError
from citybackend.stores.errors import StoreBusyError
from citybackend.token_cache import TokenCache


def body_hash(document: dict[str, Any]) -> str:
    """Hash of a validated body in canonical JSON: same content, same hash (idempotency)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class StoreBase:
    """The engine and the settings of the stores; thread-safe (a connection per operation).

    The aggregate stores (:mod:`~citybackend.stores.kiosks`, ``dossiers``, ``ratings``)
    subclass it and :class:`~citybackend.stores.store.Store` joins them, so one constructor
    takes every store's settings.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        processing_days: dict[str, int] | None = None,
        token_cache: TokenCache | None = None,
        agency_codes: dict[str, str] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """``clock``: the city's time (aware), for receipt times, codes and due dates."""
        self.engine = engine
        self._clock = clock
        #: competent ward code -> agency code that prefixes its dossiers (citybackend.agencies)
        self.agency_codes = {ward_key(k): v for k, v in (agency_codes or {}).items()}
        #: valid device tokens seen in the last seconds (no cache: ``TokenCache(ttl_s=0)``)
        self.token_cache = token_cache if token_cache is not None else TokenCache()
        #: procedure code -> statutory working days, from the catalog (for due dates)
        self.processing_days = dict(processing_days or {})
        #: SQLite has one writer at a time: writers queue here rather than in SQLite
        self._writer = (
            SqliteWriterLock(engine.url.database, SQLITE_BUSY_TIMEOUT_S)
            if engine.dialect.name == "sqlite"
            else None
        )

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for look-ups only (on SQLite it never takes the write lock)."""
        with self.engine.connect() as conn:
            yield conn.execution_options(**{READ_ONLY: True})

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction (on SQLite, after :class:`SqliteWriterLock`)."""
        if self._writer is None:
            with self.engine.begin() as conn:
                yield conn
            return
        try:
            with self._writer.held(), self.engine.begin() as conn:
                yield conn
        except WriterBusyError as exc:
            raise StoreBusyError(str(exc)) from None
