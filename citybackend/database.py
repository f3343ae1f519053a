"""Engines for SQLite (embedded default, WAL) and PostgreSQL (by URL), same code above them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

#: seconds a writer waits for SQLite's lock before giving up (a bounded wait)
SQLITE_BUSY_TIMEOUT_S = 30.0
#: execution option of connections that only read: a plain (deferred) BEGIN on SQLite
READ_ONLY = "citybackend_read_only"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (psycopg2 is not installed)."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_db_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine whose transactions are safe for concurrent writers.

    SQLite: WAL journal, ``synchronous=FULL``, foreign keys on, and every transaction opened
    with ``BEGIN IMMEDIATE`` so two writers never deadlock upgrading a read lock - except on
    connections with the :data:`READ_ONLY` execution option, which never write.
    """
    url = normalise_url(url)
    # SQL parameters are dossier contents (names, ID numbers, tokens): never in an
    # exception's message, so never in a traceback or log
    if is_sqlite(url):
        engine = create_engine(
            url,
            hide_parameters=True,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_timeout=SQLITE_BUSY_TIMEOUT_S,
        )
        _sqlite_pragmas(engine)
        return engine
    # Connections beyond pool_size are closed when given back; under steady load that means
    # a PostgreSQL backend process forked and ended per request. So the pool holds about as
    # many connections as the thread pool has threads and overflows only a little.
    return create_engine(
        url,
        hide_parameters=True,
        pool_size=pool_size,
        max_overflow=pool_size // 4,
        pool_timeout=30,
        pool_pre_ping=True,
    )


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy, not the driver, decide where transactions begin
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # readers (execution option read_only) must not take the write lock, or every
        # look-up would queue behind the writers
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
