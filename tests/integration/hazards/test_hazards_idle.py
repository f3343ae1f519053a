"""A kiosk idle for hours that then serves a visit: the clocks are moved on (wall clock for
the outbox and the visit, monotonic clock for the city client, the gateway and the sync
thread) while a NAT between kiosk and city silently forgot the kept-alive connections.

The next visit still gets the official code at once (not a provisional reference after a
timeout), the device token still works, tracking and the heartbeat too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.backend.client import CityClient
from kiosk.backend.device_key import PayloadCipher, load_or_create_key
from kiosk.backend.gateway import GatewaySettings, OutboxGateway
from kiosk.backend.outbox import Outbox
from kiosk.backend.sync import SyncWorker
from loopback.sample_dossiers import make_dossier
from tests.fakes import FakeClock
from tests.fixtures.citybackend import CityBackend
from tests.fixtures.relay import SilentRelay

HOURS = 9 * 3600.0


class SkippingClock:
    """Monotonic time that runs, plus the hours a test skips."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.skipped


@pytest.fixture
def relay(citybackend: CityBackend) -> Iterator[SilentRelay]:
    r = SilentRelay(citybackend.port)
    yield r
    r.close()


def test_a_visit_after_hours_of_idling_gets_its_official_code(
    citybackend: CityBackend, relay: SilentRelay, tmp_path: Path
) -> None:
    wall, mono = FakeClock(), SkippingClock()
    url = f"http://127.0.0.1:{relay.port}"
    box = Outbox(
        tmp_path / "outbox.sqlite3", PayloadCipher(load_or_create_key(tmp_path / "k")), clock=wall
    )

    def client() -> CityClient:
        return CityClient(
            url, citybackend.token, connect_timeout_s=1.0, read_timeout_s=3.0, clock=mono
        )

    worker = SyncWorker(box, [client()], kiosk_id=citybackend.kiosk_id, monotonic=mono)
    gateway = OutboxGateway(
        box,
        client(),
        worker,
        GatewaySettings(citybackend.tracking_base_url, citybackend.kiosk_id, submit_wait_s=3.0),
        monotonic=mono,
    )
    filed = datetime(2026, 11, 23, 9, 0)
    first = gateway.submit(make_dossier(citybackend.kiosk_id, filed_at=filed))
    assert first.official
    assert worker.heartbeat()
    assert gateway.track(first.tracking_token).code == first.code
    before = relay.connections

    relay.forget()  # overnight: the NAT drops the idle connections without a word
    wall.now += HOURS
    mono.skipped += HOURS

    second = gateway.submit(make_dossier(citybackend.kiosk_id, filed_at=filed + timedelta(hours=9)))
    assert second.official, "the resident gets the official code, not a provisional one"
    assert worker.heartbeat(), "the sync thread's client reconnects too"
    assert gateway.track(second.code).code == second.code
    assert relay.connections > before, "fresh connections, not the forgotten ones"
    box.close()
