"""Midnight and the new year during a visit: the dossier carries the moment it was filed.

The visit starts on 31 December and is filed after midnight (or filed just before midnight and
received by the city after it): the fee day, the due date, the provisional reference, the
receipt's time and the city's code day all follow the filing moment, never the visit's start
or the moment of receipt.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from citybackend.database import create_db_engine
from citybackend.migrations import upgrade
from citybackend.models import DossierSubmission
from citybackend.stores.store import Store
from citybackend.stores.times import filing_day
from citybackend.workdays import add_working_days as city_working_days
from kiosk.backend.gateway import provisional_ref
from kiosk.backend.wire import dossier_to_json
from kiosk.config import defaults
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.preparation import prepare_dossier
from kiosk.domain.receipt_building import build_receipt
from kiosk.domain.workdays import add_working_days
from kiosk.visit.session import VisitSession
from tests.factories import card_result, procedure

VN = datetime(2026, 1, 1).astimezone().tzinfo  # the kiosk's naive times are local


class SteppingClock:
    """The kiosk's wall clock: a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _visit_filed(start: datetime, filed: datetime) -> tuple[VisitSession, Dossier]:
    clock = SteppingClock(start)
    s = VisitSession(clock=clock, ward_code="00004")
    p = procedure()
    s.choose_procedure(p)
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    s.set_answer("phone", "0912345678")
    s.to_review()
    clock.now = filed  # the resident read the review page across midnight
    cfg = defaults()
    prepared = prepare_dossier(p, s.answers, cfg, clock, identity=s.identity)
    clock.now = filed + timedelta(microseconds=1)  # the clock moves on while the dossier is made
    dossier = s.start_submit(kiosk_id="K1", ward_code="00004", prepared=prepared)
    return s, dossier


@pytest.mark.parametrize(
    ("start", "filed"),
    [
        (datetime(2026, 12, 31, 23, 58), datetime(2027, 1, 1, 0, 0, 30)),  # new year
        (datetime(2026, 11, 23, 23, 59, 50), datetime(2026, 11, 24, 0, 0, 5)),  # midnight
    ],
    ids=["new-year", "midnight"],
)
def test_a_visit_across_midnight_is_dated_by_its_filing(start: datetime, filed: datetime) -> None:
    s, dossier = _visit_filed(start, filed)
    assert s.started_at == start
    assert dossier.filed_at == filed, "one moment: the preparation's, not a second clock read"
    p = procedure()
    assert p.processing_days is not None
    assert dossier.due_date == add_working_days(filed, p.processing_days).date()
    assert f"-{filed:%y%m%d}-" in provisional_ref(dossier)
    receipt = build_receipt(
        dossier, SubmitOutcome(dossier.dossier_uuid, "C-1", True, "t", "u"), p, defaults()
    )
    assert receipt.received_at == filed
    assert filed.strftime("%d/%m/%Y") in receipt.received_text
    # the same dossier filed again after an error keeps its moment (and its idempotency key)
    s.submit_failed()
    later = prepare_dossier(p, s.answers, defaults(), lambda: filed + timedelta(hours=1))
    assert s.start_submit(kiosk_id="K1", ward_code="00004", prepared=later) is dossier


@pytest.fixture
def city(tmp_path: Path) -> tuple[Store, SteppingClock]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    clock = SteppingClock(datetime(2027, 1, 1, tzinfo=UTC))
    return Store(engine, processing_days={"1.004194": 3}, clock=clock), clock


def _submission(filed_at: datetime, *, due: bool = False) -> DossierSubmission:
    _s, dossier = _visit_filed(filed_at - timedelta(minutes=5), filed_at)
    body = dossier_to_json(dossier, provisional_ref=provisional_ref(dossier))
    if not due:
        body["due_date"] = None  # the city works the due date out itself
    return DossierSubmission.model_validate(body)


def test_the_city_codes_a_dossier_by_its_filing_day_across_the_new_year(
    city: tuple[Store, SteppingClock],
) -> None:
    store, clock = city
    kiosk = store.authenticate(store.enrol_kiosk("K1", agency_code="000.00.01.H26"))
    assert kiosk is not None
    filed = datetime(2026, 12, 31, 23, 59, 59)  # local (Vietnam) time on the kiosk
    clock.now = datetime(2027, 1, 1, 0, 0, 1, tzinfo=VN).astimezone(UTC)  # received after
    result, created = store.submit(kiosk, _submission(filed))
    assert created
    assert "-261231-" in result.code
    assert result.due_date == city_working_days(date(2026, 12, 31), 3)
    # the next one, filed after midnight, starts the new year's sequence
    nxt, _ = store.submit(kiosk, _submission(datetime(2027, 1, 1, 0, 0, 2)))
    assert nxt.code.endswith("-270101-0001")
    # a dossier that waited offline in an outbox for two days keeps its day too
    clock.now = datetime(2027, 1, 3, 10, tzinfo=VN).astimezone(UTC)
    late, _ = store.submit(kiosk, _submission(datetime(2026, 12, 31, 22, 0)))
    assert late.code.endswith("-261231-0002")


def test_a_kiosk_clock_the_city_cannot_believe_gives_way_to_the_time_received() -> None:
    received = datetime(2027, 1, 1, 8, tzinfo=VN)
    assert filing_day(datetime(2027, 1, 1, 7, 59), received) == date(2027, 1, 1)
    # a dead clock battery (the kiosk thinks it is 2000) or a clock far ahead
    assert filing_day(datetime(2000, 1, 1, 0, 0), received) == date(2027, 1, 1)
    assert filing_day(datetime(2027, 1, 9, 8, 0), received) == date(2027, 1, 1)
    assert filing_day(datetime(2027, 1, 1, 8, 4), received) == date(2027, 1, 1)
