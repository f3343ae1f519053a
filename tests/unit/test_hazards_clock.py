"""The wall clock jumping (time sync, a dead clock battery set right): retries and filing.

The outbox keeps wall-clock times (they must survive a restart); a jump back must not park
the queue for the size of the jump, a jump forward only makes items due sooner. Timeouts and
timers use monotonic time (requests deadlines, the sync thread's heartbeat and purge, Qt's
idle timer); the staff PIN lock has its own test (tests/unit/staff/test_pin_store.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kiosk.backend.client import CityClient
from kiosk.backend.device_key import PayloadCipher, load_or_create_key
from kiosk.backend.errors import BackendUnavailableError
from kiosk.backend.outbox import MAX_DELAY_S, Outbox
from kiosk.backend.sync import DOSSIER, SyncWorker
from kiosk.visit.session import ClockError, Step, VisitSession
from tests.factories import card_result, procedure
from tests.fakes import FakeClock


class CityAwayThenBack(CityClient):
    """The real client class; the network answers as the test says (no socket is opened)."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9", "token")
        self.up = False
        self.received: list[str] = []

    def submit_dossier(
        self, body: bytes, dossier_uuid: str, *, deadline: float | None = None
    ) -> tuple[str, str]:
        if not self.up:
            raise BackendUnavailableError("connection refused")
        self.received.append(dossier_uuid)
        return f"CODE-{len(self.received)}", "token"


def _worker(tmp_path: Path, clock: FakeClock) -> tuple[Outbox, SyncWorker, CityAwayThenBack]:
    box = Outbox(
        tmp_path / "outbox.sqlite3",
        PayloadCipher(load_or_create_key(tmp_path / "k")),
        clock=clock,
    )
    city = CityAwayThenBack()
    worker = SyncWorker(
        box, [city], kiosk_id="K1", backoff_base_s=30.0, backoff_max_s=300.0, jitter=lambda: 1.0
    )
    return box, worker, city


def test_a_clock_set_back_an_hour_does_not_park_the_retries(tmp_path: Path) -> None:
    clock = FakeClock()
    box, worker, city = _worker(tmp_path, clock)
    box.put(DOSSIER, "u1", b"{}")
    assert worker.drain_once() == (0, False)  # the city is away: retry in 30 s
    assert box.due() == []
    clock.now -= 3600  # time sync sets the clock back an hour
    city.up = True
    assert [d.item_key for d in box.due()] == ["u1"], "due now, not in an hour and 30 s"
    assert worker.drain_once() == (1, False)
    assert city.received == ["u1"]
    box.close()


def test_a_small_jump_back_delays_a_retry_by_at_most_the_longest_delay(tmp_path: Path) -> None:
    clock = FakeClock()
    box, worker, city = _worker(tmp_path, clock)
    box.put(DOSSIER, "u1", b"{}")
    worker.drain_once()
    clock.now -= 300
    assert box.due() == []  # 330 s to wait: less than the longest delay, believed
    clock.now += MAX_DELAY_S
    city.up = True
    assert worker.drain_once() == (1, False)
    box.close()


def test_a_clock_jumping_forward_only_makes_items_due_sooner(tmp_path: Path) -> None:
    clock = FakeClock()
    box, worker, city = _worker(tmp_path, clock)
    for key in ("u1", "u2"):
        box.put(DOSSIER, key, b"{}")
    worker.drain_once()
    clock.now += 86400 * 2  # two days ahead (a wrong time server), then set right again
    city.up = True
    assert worker.drain_once() == (2, False)
    clock.now -= 86400 * 2
    box.purge(retention_days=30)
    assert box.counts() == {"sent": 2}, "receipt metadata is kept for the retention days"
    assert city.received == ["u1", "u2"], "each sent once"
    box.close()


def test_filed_at_is_the_clock_at_filing_after_a_jump_during_the_visit() -> None:
    moments = iter([datetime(2026, 11, 23, 10, 0), datetime(2026, 11, 23, 9, 0)])
    s = VisitSession(clock=lambda: next(moments), ward_code="00004")
    s.choose_procedure(procedure())  # 10:00 on a clock that ran an hour fast
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    s.set_answer("phone", "0912345678")
    s.to_review()
    dossier = s.start_submit(kiosk_id="K1", ward_code="00004")  # time sync: 09:00
    assert s.started_at == datetime(2026, 11, 23, 10, 0)
    assert dossier.filed_at == datetime(2026, 11, 23, 9, 0), "the corrected clock, once"


def test_a_clock_showing_the_year_2000_files_nothing_until_it_is_set() -> None:
    """A dead clock battery before time sync: no slip, code or due date dated 2000."""
    clock = {"now": datetime(2000, 1, 1, 0, 5)}
    s = VisitSession(clock=lambda: clock["now"], ward_code="00004")
    s.choose_procedure(procedure())
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    s.set_answer("phone", "0912345678")
    s.to_review()
    with pytest.raises(ClockError) as wrong:
        s.start_submit(kiosk_id="K1", ward_code="00004")
    assert "2000" in wrong.value.detail
    assert "Đồng hồ" in wrong.value.message("vi")
    assert s.step is Step.REVIEW
    assert s.dossier is None
    assert s.answers["phone"] == "0912345678", "nothing the resident typed is lost"
    clock["now"] = datetime(2026, 11, 23, 9, 0)  # time sync ran
    assert s.start_submit(kiosk_id="K1", ward_code="00004").filed_at == clock["now"]
