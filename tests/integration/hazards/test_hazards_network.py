"""The network flapping while the outbox drains: the city's process killed (SIGKILL: it may
have stored a dossier it never answered) and started again, several times, mid-drain.

At the end every dossier is at the city exactly once, under the code the kiosk recorded.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from functools import partial
from pathlib import Path

from kiosk.backend import wire
from kiosk.backend.gateway import OutboxGateway, provisional_ref
from kiosk.backend.outbox import SENT
from kiosk.backend.sync import DOSSIER, SyncWorker
from loopback.sample_dossiers import make_dossier
from tests.fixtures.citybackend import CityBackend
from tests.integration.backend.test_backend_faults import gateway_for, wait_drained
from tests.wait import wait_until

DOSSIERS = 60
FLAPS = 3
TIMEOUT_S = 60.0


def _attempts(gateway: OutboxGateway) -> int:
    """Attempts the outbox has counted on its items (read beside the kiosk, as a technician
    would, not through the kiosk)."""
    with closing(sqlite3.connect(gateway.outbox.path, timeout=5)) as db:
        return int(db.execute("SELECT COALESCE(SUM(attempts), 0) FROM items").fetchone()[0])


def _tried_since(gateway: OutboxGateway, tried: int) -> bool:
    return _attempts(gateway) > tried


def _city_rows(backend: CityBackend) -> list[tuple[str, str]]:
    path = backend.database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return list(db.execute("SELECT dossier_uuid, code FROM dossiers"))


def _city_events(backend: CityBackend) -> int:
    path = backend.database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT COUNT(*) FROM dossier_events").fetchone()[0])


def _sent_at_least(gateway: OutboxGateway, n: int) -> bool:
    return gateway.outbox.counts().get(SENT, 0) >= n


def test_a_drain_through_a_flapping_network_loses_and_repeats_nothing(
    citybackend: CityBackend, tmp_path: Path
) -> None:
    gateway, worker = gateway_for(
        citybackend.url, citybackend.token, tmp_path / "k", tracking=citybackend.tracking_base_url
    )
    assert isinstance(worker, SyncWorker)
    dossiers = [make_dossier(citybackend.kiosk_id) for _ in range(DOSSIERS)]
    for d in dossiers:  # filed while the city was away (as gateway.submit leaves them)
        ref = provisional_ref(d)
        body = json.dumps(wire.dossier_to_json(d, provisional_ref=ref), ensure_ascii=False)
        gateway.outbox.put(
            DOSSIER,
            d.dossier_uuid,
            body.encode(),
            provisional_ref=ref,
            tracking_token=d.tracking_token,
        )
    worker.start()
    try:
        for flap in range(FLAPS):
            due = (flap + 1) * DOSSIERS // (FLAPS + 2)
            wait_until(partial(_sent_at_least, gateway, due), TIMEOUT_S, f"{due} dossiers sent")
            citybackend.kill()  # mid-drain: a request may be stored but never answered
            tried = _attempts(gateway)
            # an attempt that fails while the city is away (a retry counts one more attempt)
            wait_until(partial(_tried_since, gateway, tried), TIMEOUT_S, "a refused connection")
            citybackend.start()
            worker.wake()
        wait_drained(gateway)
    finally:
        worker.stop()

    rows = _city_rows(citybackend)
    city_codes = dict(rows)
    assert len(rows) == DOSSIERS, "each dossier at the city once"
    assert set(city_codes) == {d.dossier_uuid for d in dossiers}
    assert len(set(city_codes.values())) == DOSSIERS, "no code given twice"
    assert _city_events(citybackend) == DOSSIERS, "one 'new' event each: nothing filed twice"
    for d in dossiers:
        entry = gateway.outbox.entry(d.dossier_uuid)
        assert entry is not None
        assert entry.state == SENT
        assert entry.official_code == city_codes[d.dossier_uuid]
        assert gateway.outbox.body(d.dossier_uuid) is None
    gateway.outbox.close()
