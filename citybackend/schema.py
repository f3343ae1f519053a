"""Tables of the city backend (SQLAlchemy Core). Created and upgraded by :mod:`migrations`.

The idempotency of dossier submission rests on constraints here, not on memory: the dossier
UUID is the primary key, the tracking token and the official code are unique, and the code
counter row is updated under the database's row lock. Several worker processes may therefore
share one PostgreSQL database without losing or duplicating a dossier.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("description", String(200), nullable=False),
)

kiosks = Table(
    "kiosks",
    metadata,
    Column("kiosk_id", String(64), primary_key=True),
    #: SHA-256 of the device token, hex; the token itself is never stored
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("agency_code", String(40), nullable=False),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("last_heartbeat_at", DateTime(timezone=True), nullable=True),
    Column("last_heartbeat_addr", String(64), nullable=True),
    Column("last_status", Text, nullable=True),  # JSON document sent with the heartbeat
    Column("revoked", Boolean, nullable=False, default=False),
)

#: one-time codes a technician types or scans on a kiosk to receive its device token
enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    #: SHA-256 of the code, hex; the code itself is never stored
    Column("code_hash", String(64), primary_key=True),
    Column("kiosk_id", String(64), nullable=False),
    Column("agency_code", String(40), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

code_counters = Table(
    "code_counters",
    metadata,
    Column("prefix", String(64), primary_key=True),  # "<agency>-<yymmdd>"
    Column("last_value", Integer, nullable=False),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("dossier_uuid", String(36), primary_key=True),  # the Idempotency-Key
    Column("code", String(80), nullable=False, unique=True),
    Column("tracking_token", String(64), nullable=False, unique=True),
    Column("provisional_ref", String(80), nullable=True, index=True),
    Column("body_hash", String(64), nullable=False),
    Column("kiosk_id", String(64), ForeignKey("kiosks.kiosk_id"), nullable=False, index=True),
    Column("ward_code", String(16), nullable=False),
    Column("procedure_code", String(32), nullable=False, index=True),
    Column("applicant_masked", String(200), nullable=False),
    Column("payload", Text, nullable=False),  # the JSON body as received (personal data)
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("due_date", String(10), nullable=True),  # ISO date
    Column("status", Integer, nullable=False),
    Column("fee_vnd", BigInteger, nullable=True),
    Column("paid_at", DateTime(timezone=True), nullable=True),
)

dossier_events = Table(
    "dossier_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "dossier_uuid",
        String(36),
        ForeignKey("dossiers.dossier_uuid"),
        nullable=False,
        index=True,
    ),
    Column("status", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dossier_uuid", String(36), nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("kiosk_id", String(64), ForeignKey("kiosks.kiosk_id"), nullable=False),
    Column("ward_code", String(16), nullable=False, index=True),
    Column("procedure_code", String(32), nullable=False, index=True),
    Column("satisfaction", String(20), nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of short reason codes
    Column("rated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("dossier_uuid", name="uq_ratings_dossier"),
)
