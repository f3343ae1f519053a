"""Rate limits, proxies, revocation and the docs switch of ``citybackend serve`` (#12).

The limits are kept in each process's memory, whatever the database; walking the codes and
rotating X-Forwarded-For still run on SQLite and PostgreSQL, as the issue's hostile cases."""

from __future__ import annotations

import json

import pytest
import requests

from loopback.sample_dossiers import make_dossier
from tests.fixtures.citybackend import CityBackendFactory
from tests.integration.backend.test_backend_api import body_of, post
from tests.wait import wait_until

TIMEOUT = 10
DATABASES = pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)


def database_url(database: str, request: pytest.FixtureRequest) -> str:
    """ "" (the factory's SQLite file) or a fresh PostgreSQL database."""
    return str(request.getfixturevalue("postgres_url")) if database == "postgres" else ""


#: the token cache of another process keeps a revoked token for at most 5 s
REVOKE_WAIT_S = 15


@DATABASES
def test_codes_cannot_be_walked(
    citybackend_factory: CityBackendFactory, database: str, request: pytest.FixtureRequest
) -> None:
    backend = citybackend_factory(
        database_url(database, request)
    )  # defaults: 30 look-ups at once, then 1 per 5 s per kiosk
    d = make_dossier(backend.kiosk_id)
    code = post(
        backend, "/dossiers", body_of(d), backend.token, **{"Idempotency-Key": d.dossier_uuid}
    ).json()["code"]
    prefix = code.rsplit("-", 1)[0]
    auth = {"Authorization": f"Bearer {backend.token}"}
    statuses = [
        requests.get(
            f"{backend.url}/api/v1/tracking",
            params={"code": f"{prefix}-{n:04d}"},
            headers=auth,
            timeout=TIMEOUT,
        ).status_code
        for n in range(1, 201)
    ]
    answered = [s for s in statuses if s != 429]
    assert statuses[0] == 200  # the one that exists
    assert set(answered) == {200, 404}
    # the burst, and the little that refilled while the walk ran (1 per 5 s)
    assert 30 <= len(answered) <= 40
    assert statuses.count(429) >= 160


@DATABASES
def test_forwarded_for_is_believed_only_from_configured_proxies(
    citybackend_factory: CityBackendFactory, database: str, request: pytest.FixtureRequest
) -> None:
    def rotating(url: str) -> list[int]:
        return [
            requests.get(
                f"{url}/tra-cuu/{'A' * 22}",
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
                timeout=TIMEOUT,
            ).status_code
            for n in range(30)
        ]

    limits = ("--lookup-rate", "0.01", "--lookup-burst", "10")
    url = database_url(database, request)
    direct = citybackend_factory(url, extra_args=limits)
    assert rotating(direct.url).count(429) == 20  # one bucket: the connection's address
    proxied = citybackend_factory(url, extra_args=(*limits, "--trusted-proxy", "127.0.0.1"))
    assert rotating(proxied.url).count(429) == 0  # the proxy's word: 30 clients


def test_enrolment_is_limited_before_the_body_is_read(
    citybackend_factory: CityBackendFactory,
) -> None:
    backend = citybackend_factory(extra_args=("--lookup-rate", "0.01", "--lookup-burst", "5"))
    statuses = [
        requests.post(
            f"{backend.url}/api/v1/enrol",
            data=b'{"code": NaN',
            headers={"Content-Type": "application/json"},
            timeout=TIMEOUT,
        ).status_code
        for _ in range(20)
    ]
    assert statuses == [422] * 5 + [429] * 15


def test_a_revoked_kiosk_is_refused(citybackend_factory: CityBackendFactory) -> None:
    backend = citybackend_factory()
    auth = {"Authorization": f"Bearer {backend.token}"}
    url = f"{backend.url}/api/v1/procedures"
    assert requests.get(url, headers=auth, timeout=TIMEOUT).status_code == 200
    done = backend.cli("kiosk", "revoke", backend.kiosk_id)
    assert done.returncode == 0, done.stderr
    assert backend.cli("kiosk", "revoke", "NO-SUCH-KIOSK").returncode == 2
    status = wait_until(
        lambda: (s := requests.get(url, headers=auth, timeout=TIMEOUT).status_code) != 200 and s,
        REVOKE_WAIT_S,
        "the revocation",
    )
    assert status == 401
    heartbeat = json.dumps({"kiosk_id": backend.kiosk_id}).encode()
    assert post(backend, "/heartbeat", heartbeat, backend.token).status_code == 401


def test_docs_are_served_only_with_the_switch(citybackend_factory: CityBackendFactory) -> None:
    plain = citybackend_factory()
    documented = citybackend_factory(extra_args=("--docs",))
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert requests.get(f"{plain.url}{path}", timeout=TIMEOUT).status_code == 404
        assert requests.get(f"{documented.url}{path}", timeout=TIMEOUT).status_code == 200
