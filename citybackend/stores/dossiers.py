"""Dossiers: idempotent submission (one transaction per batch), codes, look-ups, status.

Idempotent submission relies on the primary key of ``dossiers``: two workers racing with the
same UUID end with one row, and the loser reads the winner's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update

from citybackend import schema
from citybackend.agencies import ward_key
from citybackend.masking import mask_name
from citybackend.models import DossierSubmission, PaymentOut, SubmitResult, TrackingOut
from citybackend.statuses import TRANSITIONS, Status
from citybackend.stores.dossier_rows import (
    BUMP_COUNTER,
    DOSSIER_BY_UUID,
    DOSSIERS_BY_UUIDS,
    INSERT_DOSSIER,
    INSERT_EVENT,
    sort_batch,
    submit_result,
    tracking_out,
)
from citybackend.stores.errors import (
    IdempotencyConflictError,
    InvalidTransitionError,
    NotFoundError,
    StoreError,
)
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.times import as_utc, aware, filing_day
from citybackend.stores.transactions import StoreBase, body_hash
from citybackend.workdays import add_working_days


class DossierStore(StoreBase):
    """The dossiers, their history (``dossier_events``) and the code counters."""

    def submit(self, kiosk: KioskIdentity, body: DossierSubmission) -> tuple[SubmitResult, bool]:
        """Store a dossier once. Returns ``(result, created)``.

        Raises :class:`IdempotencyConflictError` when the UUID is known with another body, or the
        kiosk's tracking token is already used by another dossier.
        """
        outcome = self.submit_many([(kiosk, body)])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def submit_many(
        self, items: Sequence[tuple[KioskIdentity, DossierSubmission]]
    ) -> list[tuple[SubmitResult, bool] | Exception]:
        """Store several dossiers in one transaction (one commit, one disk flush for all);
        one refusal does not undo the others (a conflicting insert does nothing, and is
        looked at again after the commit). Returns, in
        order, ``(result, created)`` or the :class:`StoreError` of each item; an error of the
        transaction itself (database down, busy) is raised and nothing is stored."""
        received = self._clock()
        digests = [body_hash(body.model_dump(mode="json")) for _, body in items]
        outcomes: list[tuple[SubmitResult, bool] | Exception | None] = [None] * len(items)
        raced: list[int] = []
        with self._write() as conn:
            # retries find their dossier here (SQLite: under the writer lock; PostgreSQL: a
            # racing worker is stopped by the primary key: the insert then does nothing)
            uuids = sorted({body.dossier_uuid for _, body in items})
            known = {r.dossier_uuid: r for r in conn.execute(DOSSIERS_BY_UUIDS, {"uuids": uuids})}
            fresh, repeats = sort_batch(items, digests, known, outcomes)
            agencies = [self.agency_for(*items[i]) for i in fresh]
            days = [filing_day(items[i][1].filed_at, received) for i in fresh]
            codes = self._allocate_codes(conn, agencies, days)
            events: list[dict[str, Any]] = []
            for i, code in zip(fresh, codes, strict=True):
                kiosk, body = items[i]
                stored = self._insert_dossier(
                    conn, kiosk, body, digests[i], received=received, code=code
                )
                if stored is None:
                    raced.append(i)  # another worker stored this UUID (or the token) first
                    continue
                outcomes[i] = (stored, True)
                events.append(
                    {
                        "dossier_uuid": body.dossier_uuid,
                        "status": int(Status.NEW),
                        "at": received,
                        "note": f"kiosk {kiosk.kiosk_id}",
                    }
                )
            if events:
                conn.execute(INSERT_EVENT, events)
        for i in raced:  # read what the other worker stored, after our commit
            outcomes[i] = self._raced_outcome(items[i][1].dossier_uuid, digests[i])
        for i, j in repeats:  # the same UUID twice in this batch: as a replay of the first
            first = outcomes[j]
            if digests[i] != digests[j]:
                outcomes[i] = IdempotencyConflictError(
                    "this Idempotency-Key was used with another body"
                )
            else:
                outcomes[i] = (first[0], False) if isinstance(first, tuple) else first
        done: list[tuple[SubmitResult, bool] | Exception] = []
        for o in outcomes:
            if o is None:  # every item was given an outcome above
                raise RuntimeError("submission without an outcome")
            done.append(o)
        return done

    def agency_for(self, kiosk: KioskIdentity, body: DossierSubmission) -> str:
        """The competent unit's agency code when the city lists it, else the kiosk's own."""
        ward = body.competent_ward_code
        return (
            self.agency_codes.get(ward_key(ward), kiosk.agency_code)
            if ward
            else (kiosk.agency_code)
        )

    def _insert_dossier(
        self,
        conn: Connection,
        kiosk: KioskIdentity,
        body: DossierSubmission,
        digest: str,
        *,
        received: datetime,
        code: str,
    ) -> SubmitResult | None:
        """Insert one new dossier; None when a unique key (the UUID, the tracking token) was
        taken by another transaction meanwhile - nothing is written then."""
        due = body.due_date or self._due_date(
            body.procedure_code, filing_day(body.filed_at, received)
        )
        inserted = conn.execute(
            INSERT_DOSSIER[conn.dialect.name],
            {
                "dossier_uuid": body.dossier_uuid,
                "code": code,
                "tracking_token": body.tracking_token,
                "provisional_ref": body.provisional_ref,
                "body_hash": digest,
                "kiosk_id": kiosk.kiosk_id,
                "ward_code": body.ward_code,
                "procedure_code": body.procedure_code,
                "applicant_masked": mask_name(body.applicant.full_name),
                "payload": body.model_dump_json(),
                "filed_at": aware(body.filed_at).astimezone(UTC),
                "received_at": received,
                "due_date": due.isoformat() if due else None,
                "status": int(Status.NEW),
                "fee_vnd": body.fee_vnd,
            },
        )
        if inserted.first() is None:
            return None
        return SubmitResult(
            dossier_uuid=body.dossier_uuid,
            code=code,
            tracking_token=body.tracking_token,
            status=int(Status.NEW),
            received_at=received,
            due_date=due,
        )

    def _raced_outcome(
        self, dossier_uuid: str, digest: str
    ) -> tuple[SubmitResult, bool] | Exception:
        """What another transaction stored under this UUID, or why this one is refused."""
        try:
            existing = self._existing(dossier_uuid, digest)
        except StoreError as exc:
            return exc
        if existing is None:  # the UUID is free: the tracking token was taken
            return IdempotencyConflictError("tracking token already used by another dossier")
        return existing, False

    def _existing(self, dossier_uuid: str, digest: str) -> SubmitResult | None:
        with self._read() as conn:
            row = conn.execute(DOSSIER_BY_UUID, {"uuid": dossier_uuid}).first()
        return None if row is None else submit_result(row, digest)

    def _allocate_codes(self, conn: Connection, agencies: list[str], days: list[date]) -> list[str]:
        """Codes ``<agency>-<yymmdd>-<sequence>`` for new dossiers, in order (``days``: each
        one's filing day): each prefix's counter row is moved on once per batch, under its
        row lock (a dossier that then loses a race leaves a gap, never a duplicate)."""
        prefixes = [f"{agency}-{day:%y%m%d}" for agency, day in zip(agencies, days, strict=True)]
        wanted: dict[str, int] = {}
        for prefix in prefixes:
            wanted[prefix] = wanted.get(prefix, 0) + 1
        next_value: dict[str, int] = {}
        stmt = BUMP_COUNTER[conn.dialect.name]
        for prefix, n in wanted.items():
            last = int(conn.execute(stmt, {"prefix": prefix, "n": n}).scalar_one())
            next_value[prefix] = last - n + 1
        codes = []
        for prefix in prefixes:
            codes.append(f"{prefix}-{next_value[prefix]:04d}")
            next_value[prefix] += 1
        return codes

    def _due_date(self, procedure_code: str, filed_on: date) -> date | None:
        days = self.processing_days.get(procedure_code)
        if days is None:
            return None
        return add_working_days(filed_on, days)

    def tracking(
        self, *, dossier_uuid: str = "", code: str = "", token: str = "", kiosk_id: str = ""
    ) -> TrackingOut:
        """Status and history by exactly one of UUID, code (official or provisional), token;
        with ``kiosk_id``, only a dossier that kiosk filed. The full view: callers outside
        the back office pass it through :mod:`citybackend.visibility`."""
        d = schema.dossiers
        if dossier_uuid:
            cond = d.c.dossier_uuid == dossier_uuid
        elif code:
            cond = or_(d.c.code == code, d.c.provisional_ref == code)
        elif token:
            cond = d.c.tracking_token == token
        else:
            raise NotFoundError("no key given")
        if kiosk_id:
            cond = cond & (d.c.kiosk_id == kiosk_id)
        with self._read() as conn:
            row = conn.execute(select(d).where(cond).limit(1)).first()
            if row is None:
                raise NotFoundError("dossier not found")
            events = conn.execute(
                select(schema.dossier_events)
                .where(schema.dossier_events.c.dossier_uuid == row.dossier_uuid)
                .order_by(schema.dossier_events.c.id)
            ).all()
        return tracking_out(row, events)

    def payment(self, dossier_uuid: str, *, kiosk_id: str = "") -> PaymentOut:
        """The fee state; with ``kiosk_id``, only of a dossier that kiosk filed."""
        d = schema.dossiers
        cond = d.c.dossier_uuid == dossier_uuid
        if kiosk_id:
            cond = cond & (d.c.kiosk_id == kiosk_id)
        with self._read() as conn:
            row = conn.execute(select(d).where(cond)).first()
        if row is None:
            raise NotFoundError("dossier not found")
        return PaymentOut(
            dossier_uuid=row.dossier_uuid,
            fee_vnd=row.fee_vnd,
            paid=row.paid_at is not None,
            paid_at=as_utc(row.paid_at),
        )

    def advance(self, code: str, status: Status, note: str = "") -> TrackingOut:
        """Move a dossier to ``status`` (back-office stand-in), appending to its history."""
        d = schema.dossiers
        now = datetime.now(UTC)
        with self._write() as conn:
            row = conn.execute(select(d.c.dossier_uuid, d.c.status).where(d.c.code == code)).first()
            if row is None:
                raise NotFoundError(f"no dossier with code {code}")
            current = Status(row.status)
            if status not in TRANSITIONS[current]:
                allowed = ", ".join(f"{s.value} {s.name}" for s in sorted(TRANSITIONS[current]))
                raise InvalidTransitionError(
                    f"cannot move from {current.value} {current.name} to "
                    f"{status.value} {status.name}; allowed: {allowed or 'none (final)'}"
                )
            conn.execute(update(d).where(d.c.code == code).values(status=int(status)))
            conn.execute(
                insert(schema.dossier_events).values(
                    dossier_uuid=row.dossier_uuid, status=int(status), at=now, note=note
                )
            )
        return self.tracking(code=code)

    def mark_paid(self, code: str) -> PaymentOut:
        d = schema.dossiers
        with self._write() as conn:
            row = conn.execute(
                select(d.c.dossier_uuid, d.c.paid_at).where(d.c.code == code)
            ).first()
            if row is None:
                raise NotFoundError(f"no dossier with code {code}")
            if row.paid_at is None:
                conn.execute(update(d).where(d.c.code == code).values(paid_at=datetime.now(UTC)))
        return self.payment(row.dossier_uuid)

    def count_dossiers(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.dossiers)).scalar_one())

    def dossier_uuids(self) -> list[str]:
        with self._read() as conn:
            return list(conn.execute(select(schema.dossiers.c.dossier_uuid)).scalars().all())
