"""Storage operations of the city backend over SQLAlchemy Core (SQLite or PostgreSQL).

Every operation runs in its own short transaction. Idempotent submission relies on the
primary key of ``dossiers``: two workers racing with the same UUID end with one row, and the
loser reads the winner's result.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from citybackend import schema
from citybackend.agencies import ward_key
from citybackend.database import READ_ONLY, SQLITE_BUSY_TIMEOUT_S
from citybackend.masking import mask_name
from citybackend.models import (
    DossierSubmission,
    HeartbeatIn,
    KioskOut,
    PaymentOut,
    RatingIn,
    RatingSummaryRow,
    StatusEventOut,
    SubmitResult,
    TrackingOut,
)
from citybackend.sqlite_writer import SqliteWriterLock, WriterBusyError
from citybackend.statuses import TRANSITIONS, Status
from citybackend.token_cache import TokenCache
from citybackend.workdays import add_working_days

VIETNAM_TZ = timezone(timedelta(hours=7))
DEFAULT_AGENCY = "000.00.01.H26"


class StoreError(Exception):
    """Base of the store's refusals; ``code`` is stable and goes into API error bodies."""

    code = "store.error"


class IdempotencyConflictError(StoreError):
    code = "idempotency_conflict"


class NotFoundError(StoreError):
    code = "not_found"


class StoreBusyError(StoreError):
    """The database stayed locked by other writers for too long; the caller may retry."""

    code = "busy"


class UnstorableError(StoreError):
    """The database refused this one dossier (a value validation let through); the other
    dossiers of its batch are stored."""

    code = "unstorable"


class InvalidTransitionError(StoreError):
    code = "invalid_transition"


class KioskExistsError(StoreError):
    code = "kiosk_exists"


@dataclass(frozen=True)
class KioskIdentity:
    kiosk_id: str
    agency_code: str


ENROLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: typed from paper
ENROLMENT_CODE_VALIDITY = timedelta(hours=24)


def normalise_enrolment_code(code: str) -> str:
    """Upper case without dashes or spaces, as a technician may type it."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _stored_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for the UTC values it stored."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def body_hash(document: dict[str, Any]) -> str:
    """Hash of a validated body in canonical JSON: same content, same hash."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _aware(dt: datetime) -> datetime:
    """Naive times from kiosks are Vietnam local time."""
    return dt.replace(tzinfo=VIETNAM_TZ) if dt.tzinfo is None else dt


#: how far ahead of the city's clock a kiosk's filing time is still believed
FILING_CLOCK_AHEAD = timedelta(minutes=5)
#: how old a filing time may be (a dossier that waited in an outbox while offline)
FILING_MAX_AGE = timedelta(days=60)


def filing_day(filed_at: datetime, received: datetime) -> date:
    """The Vietnam-time day a dossier was filed on: the kiosk's filing moment, so that a dossier
    filed at 23:59 and received after midnight (or drained from an outbox days later) carries
    the day on its receipt. A kiosk time the city cannot believe (ahead of its own clock, or
    older than :data:`FILING_MAX_AGE`: a kiosk clock gone wrong) gives way to ``received``."""
    filed = _aware(filed_at)
    if not received - FILING_MAX_AGE <= filed <= received + FILING_CLOCK_AHEAD:
        filed = received
    return filed.astimezone(VIETNAM_TZ).date()


def _as_utc(dt: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything stored is UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class Store:
    """The backend's data; thread-safe (one engine, a connection per operation)."""

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

    def warm_up(self, connections: int = 1) -> None:
        """Do once, before the first request, what the first requests would pay for: the
        holiday calendars of this year and the next, the dossier look-up, and opening
        ``connections`` database connections (a new SQLite connection sets its pragmas,
        which waits for a writer that is committing)."""
        today = datetime.now(VIETNAM_TZ).date()
        add_working_days(today, 1)
        add_working_days(today.replace(month=12, day=31), 1)
        with contextlib.ExitStack() as stack:
            conns = [stack.enter_context(self._read()) for _ in range(connections)]
            conns[0].execute(_DOSSIER_BY_UUID, {"uuid": ""}).first()

    # ------------------------------------------------------------------ kiosks
    def enrol_kiosk(
        self, kiosk_id: str, *, agency_code: str = DEFAULT_AGENCY, rotate: bool = False
    ) -> str:
        """Enrol a kiosk (or give it a new token with ``rotate``); returns the device token."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self._write() as conn:
            exists = conn.execute(
                select(schema.kiosks.c.kiosk_id).where(schema.kiosks.c.kiosk_id == kiosk_id)
            ).first()
            if exists and not rotate:
                raise KioskExistsError(f"kiosk {kiosk_id} is already enrolled")
            if exists:
                conn.execute(
                    update(schema.kiosks)
                    .where(schema.kiosks.c.kiosk_id == kiosk_id)
                    .values(token_hash=hash_token(token), agency_code=agency_code, revoked=False)
                )
            else:
                conn.execute(
                    insert(schema.kiosks).values(
                        kiosk_id=kiosk_id,
                        token_hash=hash_token(token),
                        agency_code=agency_code,
                        enrolled_at=now,
                        revoked=False,
                    )
                )
        if exists:  # after the commit, so the old token cannot be cached again
            self.token_cache.forget_kiosk(kiosk_id)
        return token

    def issue_enrolment_code(
        self,
        kiosk_id: str,
        *,
        agency_code: str = DEFAULT_AGENCY,
        valid_for: timedelta = ENROLMENT_CODE_VALIDITY,
    ) -> str:
        """A one-time code (``XXXX-XXXX-XXXX``) that a kiosk exchanges for its device token."""
        raw = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        now = datetime.now(UTC)
        with self._write() as conn:
            conn.execute(
                insert(schema.enrolment_codes).values(
                    code_hash=hash_token(normalise_enrolment_code(code)),
                    kiosk_id=kiosk_id,
                    agency_code=agency_code,
                    issued_at=now,
                    expires_at=now + valid_for,
                )
            )
        return code

    def redeem_enrolment_code(self, code: str) -> tuple[str, str]:
        """``(kiosk_id, device token)`` for a valid unused code, which is then spent; the
        kiosk's previous token stops working. NotFoundError for anything else."""
        digest = hash_token(normalise_enrolment_code(code))
        now = datetime.now(UTC)
        with self._write() as conn:
            row = conn.execute(
                select(schema.enrolment_codes).where(schema.enrolment_codes.c.code_hash == digest)
            ).first()
            if row is None or row.used_at is not None or _stored_utc(row.expires_at) < now:
                raise NotFoundError("enrolment code unknown, used or expired")
            spent = conn.execute(
                update(schema.enrolment_codes)
                .where(schema.enrolment_codes.c.code_hash == digest)
                .where(schema.enrolment_codes.c.used_at.is_(None))
                .values(used_at=now)
            )
            if spent.rowcount != 1:  # another request spent it first
                raise NotFoundError("enrolment code already used")
        token = self.enrol_kiosk(row.kiosk_id, agency_code=row.agency_code, rotate=True)
        return row.kiosk_id, token

    def revoke_kiosk(self, kiosk_id: str) -> None:
        """Stop the kiosk's device token (at once in this process; within the token cache's
        seconds in other worker processes). ``kiosk add --rotate`` or an enrolment code gives
        it a new one."""
        with self._write() as conn:
            done = conn.execute(
                update(schema.kiosks)
                .where(schema.kiosks.c.kiosk_id == kiosk_id)
                .values(revoked=True)
            )
            if done.rowcount != 1:
                raise NotFoundError(f"no kiosk {kiosk_id}")
        self.token_cache.forget_kiosk(kiosk_id)

    def cached_kiosk(self, token: str) -> KioskIdentity | None:
        """The kiosk of ``token`` if it was found valid in the last seconds (no I/O)."""
        return self.token_cache.get(hash_token(token))

    def authenticate(self, token: str) -> KioskIdentity | None:
        digest = hash_token(token)
        cached = self.token_cache.get(digest)
        if cached is not None:
            return cached
        with self._read() as conn:
            row = conn.execute(
                select(schema.kiosks.c.kiosk_id, schema.kiosks.c.agency_code).where(
                    schema.kiosks.c.token_hash == digest,
                    schema.kiosks.c.revoked.is_(False),
                )
            ).first()
        if row is None:
            return None
        identity = KioskIdentity(row.kiosk_id, row.agency_code)
        self.token_cache.put(digest, identity)
        return identity

    def heartbeat(self, kiosk_id: str, client_addr: str, body: HeartbeatIn) -> datetime:
        now = datetime.now(UTC)
        with self._write() as conn:
            conn.execute(
                update(schema.kiosks)
                .where(schema.kiosks.c.kiosk_id == kiosk_id)
                .values(
                    last_heartbeat_at=now,
                    last_heartbeat_addr=client_addr[:64],
                    last_status=body.model_dump_json(),
                )
            )
        return now

    def list_kiosks(self) -> list[KioskOut]:
        with self._read() as conn:
            rows = conn.execute(select(schema.kiosks).order_by(schema.kiosks.c.kiosk_id)).all()
        out: list[KioskOut] = []
        for r in rows:
            status: dict[str, Any] = json.loads(r.last_status) if r.last_status else {}
            out.append(
                KioskOut(
                    kiosk_id=r.kiosk_id,
                    agency_code=r.agency_code,
                    enrolled_at=_as_utc(r.enrolled_at) or datetime.now(UTC),
                    last_heartbeat_at=_as_utc(r.last_heartbeat_at),
                    outbox_depth=status.get("outbox_depth"),
                    last_error=str(status.get("last_error", "")),
                )
            )
        return out

    # ----------------------------------------------------------------- dossiers
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
            known = {r.dossier_uuid: r for r in conn.execute(_DOSSIERS_BY_UUIDS, {"uuids": uuids})}
            fresh, repeats = _sort_batch(items, digests, known, outcomes)
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
                conn.execute(_INSERT_EVENT, events)
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
            _INSERT_DOSSIER[conn.dialect.name],
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
                "filed_at": _aware(body.filed_at).astimezone(UTC),
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
            row = conn.execute(_DOSSIER_BY_UUID, {"uuid": dossier_uuid}).first()
        return None if row is None else _submit_result(row, digest)

    def _allocate_codes(self, conn: Connection, agencies: list[str], days: list[date]) -> list[str]:
        """Codes ``<agency>-<yymmdd>-<sequence>`` for new dossiers, in order (``days``: each
        one's filing day): each prefix's counter row is moved on once per batch, under its
        row lock (a dossier that then loses a race leaves a gap, never a duplicate)."""
        prefixes = [f"{agency}-{day:%y%m%d}" for agency, day in zip(agencies, days, strict=True)]
        wanted: dict[str, int] = {}
        for prefix in prefixes:
            wanted[prefix] = wanted.get(prefix, 0) + 1
        next_value: dict[str, int] = {}
        stmt = _BUMP_COUNTER[conn.dialect.name]
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
        return _tracking_out(row, events)

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
            paid_at=_as_utc(row.paid_at),
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

    # ------------------------------------------------------------------ ratings
    def add_rating(self, kiosk: KioskIdentity, body: RatingIn) -> bool:
        """Store one rating per dossier; the same body again is accepted, another is refused.

        Only for a dossier ``kiosk`` filed, or whose tracking token the body carries
        (NotFoundError otherwise, as for a dossier that does not exist). The stored kiosk is
        ``kiosk``; ward and procedure are the dossier's."""
        digest = body_hash(body.model_dump(mode="json"))
        r, d = schema.ratings, schema.dossiers
        with self._read() as conn:
            dossier = conn.execute(
                select(d.c.kiosk_id, d.c.tracking_token, d.c.ward_code, d.c.procedure_code).where(
                    d.c.dossier_uuid == body.dossier_uuid
                )
            ).first()
        if dossier is None or not (
            dossier.kiosk_id == kiosk.kiosk_id
            or (
                body.tracking_token is not None
                and hmac.compare_digest(body.tracking_token, dossier.tracking_token)
            )
        ):
            raise NotFoundError("dossier not found")
        try:
            with self._write() as conn:
                row = conn.execute(
                    select(r.c.body_hash).where(r.c.dossier_uuid == body.dossier_uuid)
                ).first()
                if row is None:
                    conn.execute(
                        insert(r).values(
                            dossier_uuid=body.dossier_uuid,
                            body_hash=digest,
                            kiosk_id=kiosk.kiosk_id,
                            ward_code=dossier.ward_code,
                            procedure_code=dossier.procedure_code,
                            satisfaction=body.satisfaction.value,
                            reasons=json.dumps(sorted(set(body.reasons))),
                            rated_at=_aware(body.rated_at or datetime.now(UTC)).astimezone(UTC),
                        )
                    )
                    return True
        except IntegrityError:
            pass
        with self._read() as conn:
            row = conn.execute(
                select(r.c.body_hash).where(r.c.dossier_uuid == body.dossier_uuid)
            ).first()
        if row is None or row.body_hash != digest:
            raise IdempotencyConflictError("this dossier was already rated differently")
        return False

    def ratings_summary(
        self, *, ward_code: str = "", procedure_code: str = ""
    ) -> list[RatingSummaryRow]:
        r = schema.ratings
        query = select(r.c.ward_code, r.c.procedure_code, r.c.satisfaction, r.c.reasons)
        if ward_code:
            query = query.where(r.c.ward_code == ward_code)
        if procedure_code:
            query = query.where(r.c.procedure_code == procedure_code)
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        with self._read() as conn:
            for row in conn.execute(query):
                g = groups.setdefault(
                    (row.ward_code, row.procedure_code),
                    {"very_satisfied": 0, "satisfied": 0, "not_satisfied": 0, "reasons": {}},
                )
                g[row.satisfaction] += 1
                for reason in json.loads(row.reasons):
                    g["reasons"][reason] = g["reasons"].get(reason, 0) + 1
        out: list[RatingSummaryRow] = []
        for (ward, proc), g in sorted(groups.items()):
            total = g["very_satisfied"] + g["satisfied"] + g["not_satisfied"]
            out.append(
                RatingSummaryRow(
                    ward_code=ward,
                    procedure_code=proc,
                    total=total,
                    very_satisfied=g["very_satisfied"],
                    satisfied=g["satisfied"],
                    not_satisfied=g["not_satisfied"],
                    satisfied_share=(g["very_satisfied"] + g["satisfied"]) / total,
                    reasons=dict(sorted(g["reasons"].items())),
                )
            )
        return out


# The statements of a submission, built once: SQLAlchemy then only binds the values (building
# them per request with .values(...) cost more than the database work).
_DOSSIER_BY_UUID = select(schema.dossiers).where(
    schema.dossiers.c.dossier_uuid == bindparam("uuid")
)
_DOSSIERS_BY_UUIDS = select(schema.dossiers).where(
    schema.dossiers.c.dossier_uuid.in_(bindparam("uuids", expanding=True))
)
#: a unique key already taken (a racing worker) makes the insert do nothing, not fail
_INSERT_DOSSIER = {
    name: dialect.insert(schema.dossiers)
    .on_conflict_do_nothing()
    .returning(schema.dossiers.c.dossier_uuid)
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))
}
_INSERT_EVENT = insert(schema.dossier_events)


def _bump_counter(dialect: Any) -> Any:
    table = schema.code_counters
    stmt = dialect.insert(table).values(prefix=bindparam("prefix"), last_value=bindparam("n"))
    return stmt.on_conflict_do_update(
        index_elements=[table.c.prefix],
        set_={"last_value": table.c.last_value + stmt.excluded.last_value},
    ).returning(table.c.last_value)


_BUMP_COUNTER = {"sqlite": _bump_counter(sqlite), "postgresql": _bump_counter(postgresql)}


def _sort_batch(
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
                outcomes[i] = (_submit_result(row, digests[i]), False)
            except StoreError as exc:
                outcomes[i] = exc
        elif body.dossier_uuid in first_of:
            repeats.append((i, first_of[body.dossier_uuid]))
        else:
            first_of[body.dossier_uuid] = i
            fresh.append(i)
    return fresh, repeats


def _submit_result(row: Row[Any], digest: str) -> SubmitResult:
    """The stored answer to a submission, if ``digest`` is the body it was stored with."""
    if row.body_hash != digest:
        raise IdempotencyConflictError("this Idempotency-Key was used with another body")
    return SubmitResult(
        dossier_uuid=row.dossier_uuid,
        code=row.code,
        tracking_token=row.tracking_token,
        status=int(Status.NEW),
        received_at=_as_utc(row.received_at) or datetime.now(UTC),
        due_date=date.fromisoformat(row.due_date) if row.due_date else None,
    )


def _tracking_out(row: Row[Any], events: Any) -> TrackingOut:
    return TrackingOut(
        dossier_uuid=row.dossier_uuid,
        code=row.code,
        provisional_ref=row.provisional_ref,
        procedure_code=row.procedure_code,
        status=row.status,
        history=[
            StatusEventOut(status=e.status, at=_as_utc(e.at) or e.at, note=e.note or "")
            for e in events
        ],
        due_date=date.fromisoformat(row.due_date) if row.due_date else None,
        applicant_masked=row.applicant_masked,
        paid=row.paid_at is not None,
        fee_vnd=row.fee_vnd,
    )
