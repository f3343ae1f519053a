"""Faults: the kiosk never crashes and never loses a dossier, whatever the city does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.backend.api import Rating, Satisfaction
from kiosk.backend.client import CityClient, CityConnection
from kiosk.backend.gateway import OutboxGateway, build_gateway
from kiosk.backend.sync import SyncWorker
from loopback.sample_dossiers import make_dossier
from tests.fixtures.citybackend import CityBackend, CityBackendFactory
from tests.integration.backend.fault_servers import fault_server, self_signed_cert
from tests.integration.backend.test_backend_api import body_of
from tests.wait import wait_until

DRAIN_TIMEOUT_S = 30.0


def gateway_for(
    url: str,
    token: str,
    data_dir: Path,
    *,
    tracking: str = "http://127.0.0.1/tra-cuu/",
    ca_bundle: str = "",
    kiosk_id: str = "KIOSK-TEST-01",
) -> tuple[OutboxGateway, SyncWorker]:
    return build_gateway(
        CityConnection(url, token, ca_bundle=ca_bundle, connect_timeout_s=0.5, read_timeout_s=1.0),
        data_dir=data_dir,
        tracking_base_url=tracking,
        kiosk_id=kiosk_id,
        submit_wait_s=1.5,
        sync_backoff_base_s=0.05,
        sync_backoff_max_s=0.5,
        sync_idle_poll_s=0.2,
        heartbeat_interval_s=0,
    )


def wait_drained(gateway: OutboxGateway) -> None:
    wait_until(lambda: gateway.outbox_state().depth == 0, DRAIN_TIMEOUT_S, "the outbox drained")


@pytest.fixture
def worker_stopper() -> Iterator[list[SyncWorker]]:
    workers: list[SyncWorker] = []
    yield workers
    for w in workers:
        w.stop()


def test_backend_down_then_up_outbox_drains(
    citybackend: CityBackend, tmp_path: Path, worker_stopper: list[SyncWorker]
) -> None:
    gateway, worker = gateway_for(
        citybackend.url, citybackend.token, tmp_path / "k", tracking=citybackend.tracking_base_url
    )
    worker_stopper.append(worker)
    worker.start()
    online = gateway.submit(make_dossier(citybackend.kiosk_id))
    assert online.official

    citybackend.stop()
    offline = [make_dossier(citybackend.kiosk_id) for _ in range(5)]
    outcomes = [gateway.submit(d) for d in offline]
    assert all(not o.official and o.code.startswith("TAM-KIOSK-TEST-01-") for o in outcomes)
    assert gateway.outbox_state().depth == 5
    assert "backend.unavailable" in gateway.outbox_state().last_error
    # the resident can still look the dossier up by the provisional reference
    assert gateway.track(outcomes[0].code).applicant_masked == "Nguyễn V** A*"

    citybackend.start()
    worker.wake()
    wait_drained(gateway)
    client = CityClient(citybackend.url, citybackend.token)
    for d, outcome in zip(offline, outcomes, strict=True):
        tracking = client.status(d.dossier_uuid)
        assert not tracking.code.startswith("TAM-")
        # the provisional reference and the kiosk's QR stay valid after sync
        assert gateway.track(outcome.code).code == tracking.code
        page = requests.get(outcome.tracking_url, timeout=10)
        assert page.status_code == 200
        assert tracking.code in page.text
    # accepted items keep receipt metadata only
    assert gateway.outbox.body(offline[0].dossier_uuid) is None
    entry = gateway.outbox.entry(offline[0].dossier_uuid)
    assert entry is not None
    assert entry.official_code == client.status(offline[0].dossier_uuid).code


@pytest.mark.parametrize("mode", ["500", "stall", "malformed", "html"])
def test_misbehaving_city_keeps_dossier(
    mode: str, citybackend: CityBackend, tmp_path: Path, worker_stopper: list[SyncWorker]
) -> None:
    data_dir = tmp_path / "k"
    d = make_dossier(citybackend.kiosk_id)
    with fault_server(mode) as url:
        gateway, worker = gateway_for(url, citybackend.token, data_dir)
        outcome = gateway.submit(d)
        assert not outcome.official
        assert outcome.code.startswith("TAM-")
        assert gateway.outbox_state().depth == 1
        assert worker.drain_once()[0] == 0
        assert gateway.outbox_state().depth == 1
        gateway.outbox.close()
    # the same outbox, pointed at a healthy city, delivers it
    gateway, worker = gateway_for(citybackend.url, citybackend.token, data_dir)
    worker_stopper.append(worker)
    worker.start()
    wait_drained(gateway)
    tracking = CityClient(citybackend.url, citybackend.token).status(d.dossier_uuid)
    assert tracking.code == gateway.outbox.entry(d.dossier_uuid).official_code  # type: ignore[union-attr]


def test_tls_failure_is_not_bypassed(
    citybackend_factory: CityBackendFactory, tmp_path: Path, worker_stopper: list[SyncWorker]
) -> None:
    certfile, keyfile = self_signed_cert(tmp_path)
    backend = citybackend_factory(tls=(certfile, keyfile))
    data_dir = tmp_path / "k"
    gateway, _worker = gateway_for(backend.url, backend.token, data_dir)
    d = make_dossier(backend.kiosk_id)
    outcome = gateway.submit(d)
    assert not outcome.official
    assert "backend.tls" in gateway.outbox_state().last_error
    gateway.outbox.close()
    # with the city's CA configured the same outbox drains over verified TLS
    gateway, worker = gateway_for(backend.url, backend.token, data_dir, ca_bundle=str(certfile))
    worker_stopper.append(worker)
    worker.start()
    wait_drained(gateway)
    assert (
        CityClient(backend.url, backend.token, ca_bundle=str(certfile)).status(d.dossier_uuid).code
    )


def test_rating_made_offline_arrives_after_the_outbox_drains(
    citybackend: CityBackend, tmp_path: Path, worker_stopper: list[SyncWorker]
) -> None:
    gateway, worker = gateway_for(
        citybackend.url, citybackend.token, tmp_path / "k", tracking=citybackend.tracking_base_url
    )
    worker_stopper.append(worker)
    citybackend.stop()
    dossier = make_dossier(citybackend.kiosk_id)
    assert gateway.submit(dossier).official is False  # the city is away: both wait
    rating = Rating(
        dossier_uuid=dossier.dossier_uuid,
        procedure_code="1.004194",
        ward_code="00004",
        kiosk_id=citybackend.kiosk_id,
        satisfaction=Satisfaction.NOT_SATISFIED,
        reasons=("slow",),
    )
    gateway.rate(rating)
    assert gateway.outbox_state().depth == 2
    citybackend.start()
    worker.start()
    worker.wake()
    wait_drained(gateway)
    summary = requests.get(
        f"{citybackend.url}/api/v1/ratings/summary",
        headers={"Authorization": f"Bearer {citybackend.token}"},
        timeout=10,
    ).json()
    assert [(s["procedure_code"], s["not_satisfied"], s["reasons"]) for s in summary] == [
        ("1.004194", 1, {"slow": 1})
    ]


def test_a_refused_rating_leaves_the_outbox_unless_its_dossier_still_waits(
    citybackend: CityBackend, tmp_path: Path, worker_stopper: list[SyncWorker]
) -> None:
    gateway, worker = gateway_for(
        citybackend.url, citybackend.token, tmp_path / "k", tracking=citybackend.tracking_base_url
    )
    worker_stopper.append(worker)

    def rating_of(dossier_uuid: str) -> Rating:
        return Rating(
            dossier_uuid=dossier_uuid,
            procedure_code="1.004194",
            ward_code="00004",
            kiosk_id=citybackend.kiosk_id,
            satisfaction=Satisfaction.SATISFIED,
        )

    # a dossier the city never had (another kiosk's, or lost): the city says 404
    gateway.rate(rating_of("0b6f4b6e-6c1e-4f55-9c39-3f0d9d7c2a11"))
    # a dossier still waiting in this outbox (held): its rating waits for it
    waiting = make_dossier(citybackend.kiosk_id)
    gateway.outbox.put("dossier", waiting.dossier_uuid, body_of(waiting), hold_s=3600)
    gateway.rate(rating_of(waiting.dossier_uuid))
    assert worker.drain_once() == (0, False)
    assert gateway.outbox.entry("rating:0b6f4b6e-6c1e-4f55-9c39-3f0d9d7c2a11") is None
    assert gateway.outbox.entry(waiting.dossier_uuid) is not None
    assert gateway.outbox.entry(f"rating:{waiting.dossier_uuid}") is not None
    assert gateway.outbox.state().depth == 2
    assert gateway.outbox.counts().get("rejected", 0) == 0
