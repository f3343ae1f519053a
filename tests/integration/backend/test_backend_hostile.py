"""The city backend against hostile kiosks and clients, on SQLite and PostgreSQL (#12).

One backend per database for the module (the log search at the end reads everything the
earlier tests made it do); the rate limits are set wide here and tested on their own in
``test_backend_limits.py``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy.exc import DBAPIError

from citybackend import schema
from citybackend.database import create_db_engine
from citybackend.migrations import upgrade
from citybackend.models import DossierSubmission
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store
from loopback.sample_dossiers import (
    ADDRESS,
    ID_NUMBER,
    NAME,
    PHONE,
    UNSTORABLE,
    dossier_doc,
    hostile_body,
)
from tests.fixtures.citybackend import CityBackend, free_port
from tests.fixtures.postgres import fresh_database

TIMEOUT = 30
OTHER = "KIOSK-OTHER"
STAFF_NOTE = "cán bộ Lan, 0987654321"


@dataclass
class City:
    backend: CityBackend
    other_token: str
    #: logs besides the backend's own: the PostgreSQL server's
    other_logs: tuple[Path, ...] = ()

    def post(self, path: str, body: bytes | str, auth: str | None = "", **headers: str) -> Any:
        """``auth``: a device token, "" for the kiosk's own, None for none."""
        h = {"Content-Type": "application/json", **headers}
        if auth is not None:
            h["Authorization"] = f"Bearer {auth or self.backend.token}"
        return requests.post(
            f"{self.backend.url}/api/v1{path}", data=body, headers=h, timeout=TIMEOUT
        )

    def get(self, path: str, auth: str | None = "", **params: str) -> Any:
        h = {} if auth is None else {"Authorization": f"Bearer {auth or self.backend.token}"}
        return requests.get(f"{self.backend.url}{path}", params=params, headers=h, timeout=TIMEOUT)

    def submit(self, doc: dict[str, Any] | str, auth: str = "") -> Any:
        text = doc if isinstance(doc, str) else json.dumps(doc)
        key = re.search(r'"dossier_uuid": "([0-9a-f-]{36})"', text)
        assert key is not None
        return self.post("/dossiers", text, auth, **{"Idempotency-Key": key.group(1)})


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def city(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[City]:
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    other_logs: tuple[Path, ...] = ()
    if request.param == "postgres":
        server = request.getfixturevalue("postgres_server")
        url = fresh_database(server)
        other_logs = (server.log_path,) if server.log_path else ()
    else:
        url = f"sqlite:///{folder / 'city.sqlite3'}"
    wide = ("--lookup-burst", "100000", "--kiosk-lookup-burst", "100000")
    backend = CityBackend(
        url, free_port(), folder / "citybackend.log", 1, ("--log-level", "info", *wide)
    )
    backend.start()
    try:
        backend.token = backend.enrol()
        yield City(backend, backend.enrol(OTHER), other_logs)
    finally:
        backend.stop()


def test_unstorable_values_are_refused_and_never_fail_another_kiosks_dossiers(
    city: City,
) -> None:
    good = [dossier_doc(city.backend.kiosk_id) for _ in range(40)]
    bad = [hostile_body(OTHER, where, value) for where, value in UNSTORABLE] * 2
    with ThreadPoolExecutor(8) as pool:
        good_answers = pool.map(city.submit, good)
        bad_answers = pool.map(lambda b: city.submit(b, city.other_token), bad)
        good_statuses = [r.status_code for r in good_answers]
        bad_statuses = [r.status_code for r in bad_answers]
    assert good_statuses == [201] * len(good)
    assert bad_statuses == [422] * len(bad)
    for doc in good:  # each is stored, once
        stored = city.get(f"/api/v1/dossiers/{doc['dossier_uuid']}")
        assert stored.status_code == 200
        assert stored.json()["view"] == "full"


@pytest.mark.parametrize(
    ("path", "body", "auth"),
    [
        ("/enrol", '{"code": NaN}', False),
        ("/enrol", '{"code": Infinity}', False),
        ("/enrol", '{"code": 1e400}', False),
        ("/enrol", '{"code": "\\ud800\\ud800\\ud800\\ud800\\ud800"}', False),
        ("/enrol", '{"code": "AAAA\\u0000BBBBBB"}', False),
        ("/heartbeat", '{"kiosk_id": "KIOSK-OTHER", "outbox_depth": NaN}', True),
        ("/heartbeat", '{"kiosk_id": "KIOSK-OTHER", "outbox_depth": 1e400}', True),
        ("/heartbeat", '{"kiosk_id": "KIOSK-OTHER", "outbox_depth": -Infinity}', True),
        ("/heartbeat", '{"kiosk_id": "KIOSK-OTHER", "last_error": "\\u0000"}', True),
        ("/heartbeat", '{"kiosk_id": "KIOSK-OTHER", "app_version": "\\udfff"}', True),
        ("/heartbeat", '{"kiosk_id": "KIOSK-OTHER", "last_sync_at": "0001-01-01T00:00"}', True),
        ("/heartbeat", '{"kiosk_id": "\\ud800"}', True),
        ("/ratings", '{"dossier_uuid": NaN}', True),
        ("/dossiers", '{"dossier_uuid": NaN}', True),
    ],
)
def test_non_finite_numbers_and_unencodable_text_are_422_on_every_route(
    city: City, path: str, body: str, auth: bool
) -> None:
    headers = {"Idempotency-Key": str(uuid.uuid4())} if path == "/dossiers" else {}
    answer = city.post(path, body, city.other_token if auth else None, **headers)
    assert answer.status_code == 422
    assert all("input" not in issue for issue in answer.json()["detail"])


def test_odd_queries_are_4xx_never_5xx(city: City) -> None:
    for params in (
        {"code": "\x00\x00\x00\x00"},
        {"token": "\x00" * 30},
        {"code": "000.00.01.H26-000000-0001' OR 1=1 --"},
    ):
        assert city.get("/api/v1/tracking", city.other_token, **params).status_code == 404
    for params in ({"ward_code": "\x00"}, {"procedure_code": "1.0\x00"}):
        assert city.get("/api/v1/ratings/summary", **params).status_code == 422
    assert city.get("/tra-cuu/" + "\x00" * 30, None).status_code == 404
    # an unpaired surrogate as it arrives over the wire (CESU-8 bytes, not UTF-8)
    auth = {"Authorization": f"Bearer {city.other_token}"}
    raw = f"{city.backend.url}/api/v1/tracking?code=AB%ED%A0%80CD"
    assert requests.get(raw, headers=auth, timeout=TIMEOUT).status_code == 404
    raw = f"{city.backend.url}/tra-cuu/AAAAAAAAAAAAAAAAAAAAA%ED%A0%80"
    assert requests.get(raw, timeout=TIMEOUT).status_code == 404


def test_validation_answers_echo_no_submitted_value(city: City) -> None:
    doc = dossier_doc(OTHER)
    doc["applicant"]["full_name"] = NAME * 20  # too long
    doc["applicant"]["id_number"] = f"{ID_NUMBER}-{PHONE}"  # not an ID number
    doc["answers"]["phone"] = {"type": "int", "value": PHONE}  # wrong type
    answer = city.submit(doc, city.other_token)
    assert answer.status_code == 422
    issues = answer.json()["detail"]
    assert {tuple(i["loc"][:3]) for i in issues} >= {
        ("body", "applicant", "full_name"),
        ("body", "applicant", "id_number"),
    }
    for value in (NAME, ID_NUMBER, PHONE):
        assert value not in answer.text
        assert json.dumps(value)[1:-1] not in answer.text


def test_a_kiosk_sees_only_what_it_must(city: City) -> None:
    b = city.backend
    doc = dossier_doc(b.kiosk_id)
    filed = city.submit(doc).json()
    advanced = b.cli("dossier", "advance", filed["code"], "RECEIVED", "--note", STAFF_NOTE)
    assert advanced.returncode == 0, advanced.stderr
    uuid_path = f"/api/v1/dossiers/{doc['dossier_uuid']}"
    # the filing kiosk: everything
    full = city.get(uuid_path).json()
    assert (full["view"], full["history"][-1]["note"]) == ("full", STAFF_NOTE)
    assert city.get(uuid_path + "/payment").status_code == 200
    # another kiosk: as if it did not exist
    assert city.get(uuid_path, city.other_token).status_code == 404
    assert city.get(uuid_path + "/payment", city.other_token).status_code == 404
    by_code = city.get("/api/v1/tracking", city.other_token, code=filed["code"]).json()
    assert by_code["view"] == "code"
    assert (by_code["applicant_masked"], by_code["fee_vnd"], by_code["provisional_ref"]) == (
        "",
        None,
        None,
    )
    assert [e["status"] for e in by_code["history"]] == [2]
    by_token = city.get("/api/v1/tracking", city.other_token, token=doc["tracking_token"]).json()
    assert by_token["view"] == "public"
    assert by_token["applicant_masked"] == "Phạm T** H*** N****"
    assert [e["note"] for e in by_token["history"]] == ["", ""]
    page = city.get(f"/tra-cuu/{doc['tracking_token']}", None)
    assert page.status_code == 200
    assert "0987654321" not in page.text
    assert "Lan" not in page.text
    for answer in (full, by_code, by_token):
        assert NAME not in json.dumps(answer, ensure_ascii=False)


def rating(dossier_uuid: str, **changes: Any) -> str:
    body = {
        "dossier_uuid": dossier_uuid,
        "procedure_code": "1.004194",
        "ward_code": "00004",
        "satisfaction": "satisfied",
        "reasons": ["fast"],
        **changes,
    }
    return json.dumps(body)


def test_ratings_come_from_the_token_for_own_or_tracked_dossiers_once(city: City) -> None:
    mine = dossier_doc(city.backend.kiosk_id)
    assert city.submit(mine).status_code == 201
    other = city.other_token
    uid = mine["dossier_uuid"]
    # another kiosk, without the tracking token: not its dossier
    assert city.post("/ratings", rating(uid), other).status_code == 404
    # nor may it speak for the filing kiosk
    claimed = rating(uid, kiosk_id=city.backend.kiosk_id, tracking_token=mine["tracking_token"])
    assert city.post("/ratings", claimed, other).status_code == 403
    # a dossier that does not exist
    assert city.post("/ratings", rating(str(uuid.uuid4()))).status_code == 404
    # with the tracking token (the resident's QR code) another kiosk may rate it, once
    tracked = rating(uid, tracking_token=mine["tracking_token"], kiosk_id=OTHER)
    assert city.post("/ratings", tracked, other).status_code == 201
    assert city.post("/ratings", tracked, other).status_code == 200
    assert city.post("/ratings", rating(uid, satisfaction="not_satisfied")).status_code == 409
    # ward and procedure are the dossier's, not the body's
    odd = dossier_doc(city.backend.kiosk_id)
    assert city.submit(odd).status_code == 201
    lying = rating(odd["dossier_uuid"], ward_code="99999", procedure_code="9.999")
    assert city.post("/ratings", lying).status_code == 201
    summary = city.get("/api/v1/ratings/summary", ward_code="99999").json()
    assert summary == []


def test_the_logs_hold_no_personal_value_or_token(city: City) -> None:
    """Every error path once more, with the personal values in play; then search the log."""
    b = city.backend
    doc = dossier_doc(b.kiosk_id)
    assert city.submit(doc).status_code == 201
    changed = {**doc, "fee_vnd": 1}
    assert city.submit(changed).status_code == 409  # same key, other body
    for where, value in UNSTORABLE:
        assert city.submit(hostile_body(b.kiosk_id, where, value)).status_code == 422
    broken = json.dumps(doc)[:-40]  # malformed JSON holding the name and ID number
    assert city.submit(broken).status_code == 422
    wrong_type = city.post("/dossiers", json.dumps(doc), None, **{"Content-Type": "text/plain"})
    assert wrong_type.status_code in {401, 422}
    big = {**dossier_doc(b.kiosk_id), "padding": ADDRESS * 10_000}
    assert city.submit(big).status_code == 413
    chunks = iter([json.dumps(doc).encode()] * 400)  # about 320 kB, sent chunked
    streamed = requests.post(
        f"{b.url}/api/v1/dossiers",
        data=chunks,
        headers={"Authorization": f"Bearer {b.token}", "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert streamed.status_code == 413
    # secrets in the places they travel: query, path, authorization header
    token = doc["tracking_token"]
    assert city.get("/api/v1/tracking", token=token).status_code == 200
    assert city.get("/api/v1/tracking", b.token[:-2] + "xx", token=token).status_code == 401
    assert city.get(f"/tra-cuu/{token}", None).status_code == 200
    assert city.get(f"/tra-cuu/{token}", None, lang="\x00\x01").status_code == 200
    assert city.post("/heartbeat", json.dumps({"kiosk_id": ID_NUMBER}), b.token).status_code == 403
    assert city.post("/enrol", json.dumps({"code": f"{PHONE}{PHONE}"}), None).status_code == 404

    b.stop()  # flush and close the log
    b.start()
    log = b.log_path.read_text(encoding="utf-8", errors="replace")
    # the log is not empty: refusals are recorded, as routes, fields and reasons
    assert "validation issue(s): body.applicant.full_name" in log
    for other in city.other_logs:  # PostgreSQL's log too (shared with other tests)
        log += other.read_text(encoding="utf-8", errors="replace")
    secrets = [NAME, ID_NUMBER, PHONE, ADDRESS, token, b.token, city.other_token]
    secrets += [NAME.rsplit(maxsplit=1)[-1], "Thái Hà"]  # a part of one is a leak too
    for secret in secrets:
        for form in {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)}:
            assert form not in log, f"a personal value or token is in the log ({len(form)} chars)"
    assert "Traceback" not in log
    assert "[parameters:" not in log
    assert Path(b.log_path).stat().st_size > 0


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_database_errors_carry_no_sql_parameters(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The engines hide SQL parameters: a driver error about a dossier (here its UUID taken
    twice; PostgreSQL used to print tokens, phones and addresses in DataError tracebacks)
    names the statement, never the values it carried."""
    url = (
        request.getfixturevalue("postgres_url")
        if database == "postgres"
        else f"sqlite:///{tmp_path / 'c.sqlite3'}"
    )
    engine = create_db_engine(url)
    try:
        upgrade(engine)
        store = Store(engine)
        store.enrol_kiosk(OTHER)
        body = DossierSubmission.model_validate(dossier_doc(OTHER))
        store.submit(KioskIdentity(OTHER, "000.00.01.H26"), body)
        row = {
            "dossier_uuid": body.dossier_uuid,
            "code": "X-1",
            "tracking_token": f"{PHONE}{PHONE}{PHONE}",
            "body_hash": "0" * 64,
            "kiosk_id": OTHER,
            "ward_code": "00004",
            "procedure_code": "1.004194",
            "applicant_masked": NAME,
            "payload": json.dumps({"name": NAME, "id": ID_NUMBER}),
            "filed_at": datetime.now(UTC),
            "received_at": datetime.now(UTC),
            "status": 1,
        }
        with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
            conn.execute(schema.dossiers.insert(), row)
        text = str(refused.value)
        assert "[SQL parameters hidden" in text
        for value in (NAME, ID_NUMBER, PHONE):
            assert value not in text
            assert json.dumps(value)[1:-1] not in text
    finally:
        engine.dispose()
