"""Several uvicorn worker processes over one database: racing retries of the same dossier
and many different ones at once end with each dossier exactly once (SQLite: the writer
lock across processes; PostgreSQL: the primary key, read back after the race)."""

from __future__ import annotations

import threading

import pytest

from citybackend.database import create_db_engine
from citybackend.stores.store import Store
from loopback.sample_dossiers import make_dossier
from tests.fixtures.citybackend import CityBackend, CityBackendFactory
from tests.integration.backend.test_backend_api import body_of, post

TIMEOUT = 30
RACERS = 16


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_workers(
    request: pytest.FixtureRequest, citybackend_factory: CityBackendFactory
) -> CityBackend:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    return citybackend_factory(url, workers=2)


def _stored(backend: CityBackend) -> list[str]:
    engine = create_db_engine(backend.database_url)
    try:
        return Store(engine).dossier_uuids()
    finally:
        engine.dispose()


def _post_all(backend: CityBackend, bodies: list[tuple[str, bytes]]) -> list[tuple[int, str]]:
    """POST every body at the same moment, one thread and one connection each."""
    barrier = threading.Barrier(len(bodies))
    out: list[tuple[int, str]] = [(0, "")] * len(bodies)

    def one(i: int) -> None:
        key, body = bodies[i]
        barrier.wait(TIMEOUT)
        r = post(backend, "/dossiers", body, backend.token, **{"Idempotency-Key": key})
        out[i] = (r.status_code, r.json().get("code", ""))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    return out


def test_racing_retries_of_one_dossier_store_it_once(two_workers: CityBackend) -> None:
    d = make_dossier(two_workers.kiosk_id)
    answers = _post_all(two_workers, [(d.dossier_uuid, body_of(d))] * RACERS)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (RACERS - 1) + [201]  # one creation, the rest replays
    assert len({code for _, code in answers}) == 1  # every answer names the same dossier
    assert _stored(two_workers) == [d.dossier_uuid]


def test_many_dossiers_at_once_each_stored_once_with_distinct_codes(
    two_workers: CityBackend,
) -> None:
    dossiers = [make_dossier(two_workers.kiosk_id) for _ in range(RACERS * 2)]
    answers = _post_all(two_workers, [(d.dossier_uuid, body_of(d)) for d in dossiers])
    assert [status for status, _ in answers] == [201] * len(dossiers)
    assert len({code for _, code in answers}) == len(dossiers)
    assert sorted(_stored(two_workers)) == sorted(d.dossier_uuid for d in dossiers)
