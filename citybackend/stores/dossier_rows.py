"""The dossier statements built once, and the conversion of stored rows to API models.

SQLAlchemy then only binds the values (building the statements per request with
``.values(...)`` cost more than the database work).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from citybackend import schema
from citybackend.models import DossierSubmission, StatusEventOut, SubmitResult, TrackingOut
from citybackend.statuses import Status
from citybackend.stores.errors import IdempotencyConflictError, StoreError
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.times import as_utc

DOSSIER_BY_UUID = select(schema.dossiers).where(schema.dossiers.c.dossier_uuid == bindparam("uuid"))
DOSSIERS_BY_UUIDS = select(schema.dossiers).where(
    schema.dossiers.c.dossier_uuid.in_(bindparam("uuids", expanding=True))
)
#: a unique key already taken (a racing worker) makes the insert do nothing, not fail
INSERT_DOSSIER = {
    name: dialect.insert(schema.dossiers)
    .on_conflict_do_nothing()
    .returning(schema.dossiers.c.dossier_uuid)
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))
}
INSERT_EVENT = insert(schema.dossier_events)


def _bump_counter(dialect: Any) -> Any:
    table = schema.code_counters
    stmt = dialect.insert(table).values(prefix=bindparam("prefix"), last_value=bindparam("n"))
    return stmt.on_conflict_do_update(
        index_elements=[table.c.prefix],
        set_={"last_value": table.c.last_value + stmt.excluded.last_value},
    ).returning(table.c.last_value)


BUMP_COUNTER = {"sqlite": _bump_counter(sqlite), "postgresql": _bump_counter(postgresql)}


def sort_batch(
    items: Sequence[tuple[KioskIdentity, DossierSubmission]],
    digests: list[str],
    known: dict[str, Row[Any]],
    outcomes: list[tuple[SubmitResult, bool] | Exception | None],
) -> tuple[list[int], list[tuple[int, int]]]:
    """Answer the items already stored (in ``outcomes``); return the indexes of the new ones
    and ``(index, index of its first occurrence)`` of UUIDs repeated within the batch."""
    fresh: list[int] = []
    repeats: list[tuple[int, int]] = []
    first_of: dict[str, int] = {}
    for i, (_, body) in enumerate(items):
        row = known.get(body.dossier_uuid)
        if row is not None:
            try:
                outcomes[i] = (submit_result(row, digests[i]), False)
            except StoreError as exc:
                outcomes[i] = exc
        elif body.dossier_uuid in first_of:
            repeats.append((i, first_of[body.dossier_uuid]))
        else:
            first_of[body.dossier_uuid] = i
            fresh.append(i)
    return fresh, repeats


def submit_result(row: Row[Any], digest: str) -> SubmitResult:
    """The stored answer to a submission, if ``digest`` is the body it was stored with."""
    if row.body_hash != digest:
        raise IdempotencyConflictError("this Idempotency-Key was used with another body")
    return SubmitResult(
        dossier_uuid=row.dossier_uuid,
        code=row.code,
        tracking_token=row.tracking_token,
        status=int(Status.NEW),
        received_at=as_utc(row.received_at) or datetime.now(UTC),
        due_date=date.fromisoformat(row.due_date) if row.due_date else None,
    )


def tracking_out(row: Row[Any], events: Any) -> TrackingOut:
    return TrackingOut(
        dossier_uuid=row.dossier_uuid,
        code=row.code,
        provisional_ref=row.provisional_ref,
        procedure_code=row.procedure_code,
        status=row.status,
        history=[
            StatusEventOut(status=e.status, at=as_utc(e.at) or e.at, note=e.note or "")
            for e in events
        ],
        due_date=date.fromisoformat(row.due_date) if row.due_date else None,
        applicant_masked=row.applicant_masked,
        paid=row.paid_at is not None,
        fee_vnd=row.fee_vnd,
    )
