"""Kiosks: enrolment (by the CLI or a one-time code), device tokens, heartbeats."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from citybackend import schema
from citybackend.models import HeartbeatIn, KioskOut
from citybackend.stores.errors import KioskExistsError, NotFoundError
from citybackend.stores.times import as_utc
from citybackend.stores.transactions import StoreBase

DEFAULT_AGENCY = "000.00.01.H26"
ENROLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: typed from paper
ENROLMENT_CODE_VALIDITY = timedelta(hours=24)


@dataclass(frozen=True)
class KioskIdentity:
    kiosk_id: str
    agency_code: str


def normalise_enrolment_code(code: str) -> str:
    """Upper case without dashes or spaces, as a technician may type it."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _stored_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for the UTC values it stored."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class KioskStore(StoreBase):
    """The kiosks table and the one-time enrolment codes."""

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
                    enrolled_at=as_utc(r.enrolled_at) or datetime.now(UTC),
                    last_heartbeat_at=as_utc(r.last_heartbeat_at),
                    outbox_depth=status.get("outbox_depth"),
                    last_error=str(status.get("last_error", "")),
                )
            )
        return out
