"""The city API over HTTP against the real backend (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest
import requests

from kiosk.backend.client import CityClient
from kiosk.backend.errors import (
    BackendRejectedError,
    BackendUnauthorisedError,
    DossierNotFoundError,
)
from kiosk.backend.wire import dossier_to_json
from kiosk.domain.dossier import Dossier, DossierStatus
from loopback.sample_dossiers import make_dossier
from tests.fixtures.citybackend import CityBackend
from tests.integration.backend.conftest import ADMIN_TOKEN

TIMEOUT = 10
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def body_of(dossier: Dossier) -> bytes:
    return json.dumps(dossier_to_json(dossier)).encode()


def post(
    backend: CityBackend, path: str, body: bytes, token: str | None = None, **headers: str
) -> requests.Response:
    h = {"Content-Type": "application/json", **headers}
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    return requests.post(f"{backend.url}/api/v1{path}", data=body, headers=h, timeout=TIMEOUT)


def test_submit_status_and_idempotent_replay(api_backend: CityBackend) -> None:
    d = make_dossier(api_backend.kiosk_id)
    first = post(
        api_backend,
        "/dossiers",
        body_of(d),
        api_backend.token,
        **{"Idempotency-Key": d.dossier_uuid},
    )
    assert first.status_code == 201
    doc = first.json()
    assert doc["code"].startswith("000.00.01.H26-")
    assert doc["tracking_token"] == d.tracking_token
    replay = post(
        api_backend,
        "/dossiers",
        body_of(d),
        api_backend.token,
        **{"Idempotency-Key": d.dossier_uuid},
    )
    assert replay.status_code == 200
    assert replay.json()["code"] == doc["code"]

    client = CityClient(api_backend.url, api_backend.token)
    tracking = client.status(d.dossier_uuid)
    assert tracking.code == doc["code"]
    assert tracking.status is DossierStatus.NEW
    assert tracking.applicant_masked == "Nguyễn V** A*"
    by_token = client.tracking(token=d.tracking_token)
    assert by_token.code == doc["code"]


def test_reused_key_with_another_body_is_409(api_backend: CityBackend) -> None:
    d = make_dossier(api_backend.kiosk_id)
    assert (
        post(
            api_backend,
            "/dossiers",
            body_of(d),
            api_backend.token,
            **{"Idempotency-Key": d.dossier_uuid},
        ).status_code
        == 201
    )
    changed = make_dossier(
        api_backend.kiosk_id,
        dossier_uuid=d.dossier_uuid,
        tracking_token=d.tracking_token,
        fee_vnd=7000,
    )
    response = post(
        api_backend,
        "/dossiers",
        body_of(changed),
        api_backend.token,
        **{"Idempotency-Key": d.dossier_uuid},
    )
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "idempotency_conflict"
    client = CityClient(api_backend.url, api_backend.token)
    with pytest.raises(BackendRejectedError) as info:
        client.submit_dossier(body_of(changed), d.dossier_uuid)
    assert info.value.reason_code == "idempotency_conflict"


def test_missing_or_wrong_token_is_401(api_backend: CityBackend) -> None:
    d = make_dossier(api_backend.kiosk_id)
    assert (
        post(
            api_backend, "/dossiers", body_of(d), None, **{"Idempotency-Key": d.dossier_uuid}
        ).status_code
        == 401
    )
    assert (
        post(
            api_backend,
            "/dossiers",
            body_of(d),
            "not-a-token",
            **{"Idempotency-Key": d.dossier_uuid},
        ).status_code
        == 401
    )
    assert requests.get(f"{api_backend.url}/api/v1/procedures", timeout=TIMEOUT).status_code == 401
    with pytest.raises(BackendUnauthorisedError):
        CityClient(api_backend.url, "wrong").status(d.dossier_uuid)


def test_invalid_body_is_422_with_field_detail(api_backend: CityBackend) -> None:
    doc = dossier_to_json(make_dossier(api_backend.kiosk_id))
    doc["applicant"]["id_number"] = "12AB"
    doc["answers"]["people"] = {"type": "int", "value": "two"}
    response = post(
        api_backend,
        "/dossiers",
        json.dumps(doc).encode(),
        api_backend.token,
        **{"Idempotency-Key": doc["dossier_uuid"]},
    )
    assert response.status_code == 422
    locations = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert ("body", "applicant", "id_number") in locations
    assert any(loc[:3] == ("body", "answers", "people") for loc in locations)


def test_key_must_match_uuid_and_body_size_is_limited(api_backend: CityBackend) -> None:
    d = make_dossier(api_backend.kiosk_id)
    other = str(uuid.uuid4())
    assert (
        post(
            api_backend, "/dossiers", body_of(d), api_backend.token, **{"Idempotency-Key": other}
        ).status_code
        == 422
    )
    big = dossier_to_json(d)
    big["answers"] = {f"k{i}": {"type": "str", "value": "x" * 3000} for i in range(150)}
    response = post(
        api_backend,
        "/dossiers",
        json.dumps(big).encode(),
        api_backend.token,
        **{"Idempotency-Key": d.dossier_uuid},
    )
    assert response.status_code == 413


def test_other_kiosks_id_is_refused(api_backend: CityBackend) -> None:
    d = make_dossier("SOMEONE-ELSE")
    response = post(
        api_backend,
        "/dossiers",
        body_of(d),
        api_backend.token,
        **{"Idempotency-Key": d.dossier_uuid},
    )
    assert response.status_code == 403


def test_status_history_payment_via_cli(api_backend: CityBackend) -> None:
    client = CityClient(api_backend.url, api_backend.token)
    d = make_dossier(api_backend.kiosk_id)
    code, _ = client.submit_dossier(body_of(d), d.dossier_uuid)
    assert client.payment_paid(d.dossier_uuid) is False
    for status in ("RECEIVED", "4"):
        result = api_backend.cli("dossier", "advance", code, status, "--note", "cán bộ A")
        assert result.returncode == 0, result.stderr
    bad = api_backend.cli("dossier", "advance", code, "RETURNED")
    assert bad.returncode == 2
    assert "cannot move" in bad.stderr
    assert api_backend.cli("payment", "mark-paid", code).returncode == 0
    full = client.status(d.dossier_uuid)  # the filing kiosk: everything, notes included
    assert [e.status for e in full.history] == [
        DossierStatus.NEW,
        DossierStatus.RECEIVED,
        DossierStatus.PROCESSING,
    ]
    assert [e.note for e in full.history][1:] == ["cán bộ A", "cán bộ A"]
    assert full.status is DossierStatus.PROCESSING
    assert full.paid is True
    public = client.tracking(token=d.tracking_token)  # the QR code: no back-office notes
    assert [e.status for e in public.history] == [e.status for e in full.history]
    assert {e.note for e in public.history} == {""}
    assert (public.applicant_masked, public.paid) == ("Nguyễn V** A*", True)
    by_code = client.tracking(code=code)  # a code alone: the least
    assert [e.status for e in by_code.history] == [DossierStatus.PROCESSING]
    assert (by_code.status, by_code.applicant_masked) == (DossierStatus.PROCESSING, "")
    assert by_code.history[0].note == ""
    assert client.payment_paid(d.dossier_uuid) is True
    with pytest.raises(DossierNotFoundError):
        client.tracking(code="000.00.01.H26-000000-9999")


def test_ratings_and_summary(api_backend: CityBackend) -> None:
    client = CityClient(api_backend.url, api_backend.token)
    for satisfaction, reasons in (
        ("very_satisfied", []),
        ("not_satisfied", ["slow", "unclear"]),
        ("satisfied", ["slow"]),
    ):
        filed = make_dossier(api_backend.kiosk_id)
        client.submit_dossier(body_of(filed), filed.dossier_uuid)
        body = {
            "dossier_uuid": filed.dossier_uuid,
            "procedure_code": "1.004194",
            "ward_code": "00004",
            "kiosk_id": api_backend.kiosk_id,
            "satisfaction": satisfaction,
            "reasons": reasons,
        }
        client.rate(json.dumps(body).encode())
        client.rate(json.dumps(body).encode())  # retried by the outbox: accepted again
    conflicting = {**body, "satisfaction": "very_satisfied"}
    with pytest.raises(BackendRejectedError):
        client.rate(json.dumps(conflicting).encode())
    summary = requests.get(
        f"{api_backend.url}/api/v1/ratings/summary",
        headers={"Authorization": f"Bearer {api_backend.token}"},
        timeout=TIMEOUT,
    ).json()
    assert summary == [
        {
            "ward_code": "00004",
            "procedure_code": "1.004194",
            "total": 3,
            "very_satisfied": 1,
            "satisfied": 1,
            "not_satisfied": 1,
            "satisfied_share": pytest.approx(2 / 3),
            "reasons": {"slow": 2, "unclear": 1},
        }
    ]
    cli = api_backend.cli("ratings", "summary", "--ward", "00004")
    assert cli.returncode == 0
    assert "1.004194" in cli.stdout
    page = requests.get(f"{api_backend.url}/admin/ratings", headers=ADMIN, timeout=TIMEOUT)
    assert page.status_code == 200
    assert "unclear: 1" in page.text


def test_heartbeat_and_kiosk_list(api_backend: CityBackend) -> None:
    client = CityClient(api_backend.url, api_backend.token)
    server_time = client.heartbeat(
        {
            "kiosk_id": api_backend.kiosk_id,
            "outbox_depth": 3,
            "last_error": "[backend.unavailable] timeout",
        }
    )
    assert server_time.tzinfo is not None
    listing = api_backend.cli("kiosk", "list")
    assert listing.returncode == 0
    line = next(x for x in listing.stdout.splitlines() if x.startswith(api_backend.kiosk_id))
    assert " 3  [backend.unavailable] timeout" in line
    page = requests.get(f"{api_backend.url}/admin/kiosks", headers=ADMIN, timeout=TIMEOUT)
    assert api_backend.kiosk_id in page.text


def test_catalog_etag(citybackend_factory: Any, tmp_path: Any) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_text(
        json.dumps([{"code": "1.004194", "name_vi": "Đăng ký tạm trú", "processing_days": 3}]),
        encoding="utf-8",
    )
    backend = citybackend_factory(extra_args=("--catalog", str(catalog)))
    auth = {"Authorization": f"Bearer {backend.token}"}
    first = requests.get(f"{backend.url}/api/v1/procedures", headers=auth, timeout=TIMEOUT)
    assert first.json() == [
        {"code": "1.004194", "name_vi": "Đăng ký tạm trú", "processing_days": 3}
    ]
    etag = first.headers["ETag"]
    assert etag
    again = requests.get(
        f"{backend.url}/api/v1/procedures",
        headers={**auth, "If-None-Match": etag},
        timeout=TIMEOUT,
    )
    assert again.status_code == 304
    # the catalog's processing time gives the due date when the kiosk sends none
    d = make_dossier(backend.kiosk_id, due_date=None)
    response = post(
        backend, "/dossiers", body_of(d), backend.token, **{"Idempotency-Key": d.dossier_uuid}
    )
    assert date.fromisoformat(response.json()["due_date"]) > date.today()
