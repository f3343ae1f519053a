"""The store's times: what is stored is UTC; kiosks send Vietnam local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

VIETNAM_TZ = timezone(timedelta(hours=7))

#: how far ahead of the city's clock a kiosk's filing time is still believed
FILING_CLOCK_AHEAD = timedelta(minutes=5)
#: how old a filing time may be (a dossier that waited in an outbox while offline)
FILING_MAX_AGE = timedelta(days=60)


def aware(dt: datetime) -> datetime:
    """Naive times from kiosks are Vietnam local time."""
    return dt.replace(tzinfo=VIETNAM_TZ) if dt.tzinfo is None else dt


def as_utc(dt: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything stored is UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def filing_day(filed_at: datetime, received: datetime) -> date:
    """The Vietnam-time day a dossier was filed on: the kiosk's filing moment, so that a dossier
    filed at 23:59 and received after midnight (or drained from an outbox days later) carries
    the day on its receipt. A kiosk time the city cannot believe (ahead of its own clock, or
    older than :data:`FILING_MAX_AGE`: a kiosk clock gone wrong) gives way to ``received``."""
    filed = aware(filed_at)
    if not received - FILING_MAX_AGE <= filed <= received + FILING_CLOCK_AHEAD:
        filed = received
    return filed.astimezone(VIETNAM_TZ).date()
