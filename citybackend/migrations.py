"""Versioned schema migrations: each step runs once, in order, and is recorded.

``upgrade(engine)`` brings any database (empty or older) to :data:`LATEST`. Steps only add;
a released step is never edited. Run it before starting worker processes (``citybackend
serve`` does), so that workers never race to migrate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select

from citybackend import schema

Step = Callable[[Connection], None]


def _v1_core(conn: Connection) -> None:
    for table in (
        schema.schema_version,
        schema.kiosks,
        schema.code_counters,
        schema.dossiers,
        schema.dossier_events,
    ):
        table.create(conn, checkfirst=True)


def _v2_ratings(conn: Connection) -> None:
    schema.ratings.create(conn, checkfirst=True)


def _v3_enrolment_codes(conn: Connection) -> None:
    schema.enrolment_codes.create(conn, checkfirst=True)


STEPS: tuple[tuple[int, str, Step], ...] = (
    (1, "kiosks, code counters, dossiers and their status history", _v1_core),
    (2, "satisfaction ratings", _v2_ratings),
    (3, "one-time enrolment codes", _v3_enrolment_codes),
)
LATEST = STEPS[-1][0]


def current_version(engine: Engine) -> int:
    """The highest applied step, 0 for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(schema.schema_version.name):
            return 0
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
        return max(versions, default=0)


def upgrade(engine: Engine) -> list[int]:
    """Apply every missing step, each in its own transaction; returns the versions applied."""
    applied: list[int] = []
    for version, description, step in STEPS:
        if version <= current_version(engine):
            continue
        with engine.begin() as conn:
            if version == 1:
                schema.schema_version.create(conn, checkfirst=True)
            step(conn)
            conn.execute(
                schema.schema_version.insert().values(
                    version=version, applied_at=datetime.now(UTC), description=description
                )
            )
        applied.append(version)
    return applied
