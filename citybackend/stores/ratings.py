"""Satisfaction ratings: one per dossier, and their summary per ward and procedure."""

from __future__ import annotations

import hmac
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from citybackend import schema
from citybackend.models import RatingIn, RatingSummaryRow
from citybackend.stores.errors import IdempotencyConflictError, NotFoundError
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.times import aware
from citybackend.stores.transactions import StoreBase, body_hash


class RatingStore(StoreBase):
    """The ratings table (it reads the rated dossier's kiosk, token, ward and procedure)."""

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
                            rated_at=aware(body.rated_at or datetime.now(UTC)).astimezone(UTC),
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
