"""The backend in process against hostile input (#12): one bad dossier in a batch, errors
that log no values, the open routes' limit before the body, admin token, docs switch,
security headers, revocation, and the OpenAPI document on disk."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from citybackend.app import create_app
from citybackend.database import create_db_engine
from citybackend.error_handling import TracebackLimiter, stack_without_values
from citybackend.migrations import upgrade
from citybackend.models import DossierSubmission
from citybackend.security_headers import CONTENT_SECURITY_POLICY
from citybackend.settings import BackendSettings
from citybackend.stores.errors import NotFoundError, UnstorableError
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store
from citybackend.submission_writer import SubmissionWriter
from citybackend.tracking_page import page_lang
from tests.fakes import FakeClock
from tests.unit.backend.test_citybackend_store import submission

K1 = KioskIdentity("K1", "000.00.01.H26")
SECRET = "079188004321 Phạm Thị Hồng Nhung"
DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    return Store(engine, processing_days={"1.004194": 3})


def call(app: FastAPI, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(go())


# ----------------------------------------------------------- one bad dossier in a batch
def unstorable() -> DossierSubmission:
    """What validation now refuses, smuggled past it: year 1 cannot even become UTC."""
    return submission().model_copy(update={"filed_at": datetime(1, 1, 1)})


@pytest.mark.expect_log("WARNING", "citybackend.submission_writer", r"dossier batch of")
@pytest.mark.expect_log("WARNING", "citybackend.submission_writer", r"dossier not stored")
def test_a_batch_the_database_refuses_is_stored_item_by_item(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.enrol_kiosk("K1")
    writer = SubmissionWriter(store)
    good = [submission() for _ in range(12)]
    bodies = [*good[:6], unstorable(), *good[6:], unstorable()]
    lock = store._writer
    assert lock is not None

    async def run() -> list[Any]:
        lock._threads.acquire()  # hold the writer so that everything queues into one batch
        tasks = [asyncio.create_task(writer.submit(K1, b)) for b in bodies]
        for _ in range(5):
            await asyncio.sleep(0)
        lock._threads.release()
        return await asyncio.gather(*tasks, return_exceptions=True)

    with caplog.at_level(logging.WARNING, logger="citybackend"):
        try:
            outcomes = asyncio.run(run())
        finally:
            writer.stop()
    refused = [i for i, o in enumerate(outcomes) if isinstance(o, BaseException)]
    assert refused == [6, 13]
    assert all(isinstance(outcomes[i], UnstorableError) for i in refused)
    assert all(o[1] is True for o in outcomes if not isinstance(o, BaseException))
    assert sorted(store.dossier_uuids()) == sorted(b.dossier_uuid for b in good)
    assert "storing one by one" in caplog.text
    assert "Lê Thị Hoa" not in caplog.text


class PickyStore(Store):
    """A database that refuses one value validation lets through (none is known any more:
    this stands for the next one), so the route's answer to it can be seen over HTTP."""

    def submit_many(self, items):  # type: ignore[no-untyped-def]
        if any(body.fee_vnd == 13 for _, body in items):
            raise ValueError("the driver refused a value")
        return super().submit_many(items)


@pytest.mark.expect_log("WARNING", "citybackend.submission_writer", r"dossier not stored")
def test_an_unstorable_dossier_is_a_422_for_its_sender_only(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    store = PickyStore(engine)
    token = store.enrol_kiosk("K1")
    app = create_app(store)

    def post(body: DossierSubmission) -> httpx.Response:
        return call(
            app,
            "POST",
            "/api/v1/dossiers",
            content=body.model_dump_json(),
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": body.dossier_uuid,
                "Content-Type": "application/json",
            },
        )

    refused = post(submission(fee_vnd=13))
    assert refused.status_code == 422
    assert refused.json()["detail"]["code"] == "unstorable"
    assert post(submission(fee_vnd=14)).status_code == 201


# ------------------------------------------------------------------ errors and logs
def boom_app(store: Store) -> FastAPI:
    app = create_app(store)

    @app.get("/boom/{token}")
    def boom(token: str) -> None:
        raise ValueError(f"parameters: {SECRET} {token}")

    return app


@pytest.mark.expect_log(
    "ERROR", "citybackend.errors", r"unhandled ValueError on GET /boom/\{token\}"
)
def test_an_unexpected_error_is_a_500_logged_without_its_message(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    app = boom_app(store)
    with caplog.at_level(logging.ERROR, logger="citybackend"):
        first = call(app, "GET", "/boom/tok3nValue")
        second = call(app, "GET", "/boom/tok3nValue")
    assert [first.status_code, second.status_code] == [500, 500]
    assert first.json() == {"detail": {"code": "internal", "detail": "internal error"}}
    assert first.headers["x-content-type-options"] == "nosniff"
    assert "unhandled ValueError on GET /boom/{token}" in caplog.text
    assert caplog.text.count(" in boom") == 1  # the stack once; the repeat is one line
    assert "stack logged earlier" in caplog.text
    assert "079188004321" not in caplog.text
    assert "tok3nValue" not in caplog.text


def test_stacks_hold_types_and_frames_not_messages() -> None:
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:
            raise RuntimeError(SECRET) from inner
    except RuntimeError as exc:
        kind, stack = stack_without_values(exc)
    assert kind.startswith("builtins.RuntimeError@")
    assert "builtins.KeyError" in stack
    assert "test_stacks_hold_types_and_frames_not_messages" in stack
    assert "079188004321" not in stack


def test_traceback_limiter_allows_one_stack_per_kind_and_period() -> None:
    clock = FakeClock()
    limiter = TracebackLimiter(60.0, clock=clock)
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("b")] == [True, False, True]
    clock.now += 61
    assert limiter.allow("a") is True


@pytest.mark.parametrize(
    "body",
    [
        '{"code": NaN}',
        '{"code": Infinity}',
        '{"code": 1e400}',
        '{"code": "\\ud800\\ud800\\ud800\\ud800\\ud800"}',
        f'{{"code": {json.dumps(SECRET * 3)}}}',
        f'{{"code": "{SECRET}", "extra": 1}}',
        f'{{"code": "{SECRET}"',
    ],
)
def test_validation_errors_are_answered_and_logged_without_the_input(
    store: Store, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    with caplog.at_level(logging.INFO, logger="citybackend"):
        r = call(
            create_app(store),
            "POST",
            "/api/v1/enrol",
            content=body.encode("utf-8", "surrogatepass"),
            headers={"Content-Type": "application/json"},
        )
    assert r.status_code == 422
    issues = r.json()["detail"]
    assert issues
    assert all(set(i) == {"loc", "msg", "type"} for i in issues)
    assert "validation issue" in caplog.text
    for text in (r.text, caplog.text):
        assert "079188004321" not in text
        assert "Nhung" not in text


def test_a_body_that_is_not_utf8_is_a_400_in_the_error_shape(store: Store) -> None:
    r = call(
        create_app(store),
        "POST",
        "/api/v1/enrol",
        content=b'{"code": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json()["detail"]["code"] == "bad_request"


def test_a_streamed_body_over_the_limit_is_413(store: Store) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 4096

    r = call(
        create_app(store, BackendSettings(max_body_bytes=64 * 1024)),
        "POST",
        "/api/v1/enrol",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["detail"]["code"] == "too_large"


# ------------------------------------------------------------------ the open routes
def test_open_routes_are_rate_limited_before_the_body_is_read(store: Store) -> None:
    app = create_app(store, BackendSettings(lookup_rate=0.001, lookup_burst=3))
    junk = {"content": b"{not json", "headers": {"Content-Type": "application/json"}}
    statuses = [call(app, "POST", "/api/v1/enrol", **junk).status_code for _ in range(5)]
    assert statuses == [422, 422, 422, 429, 429]
    page = call(app, "GET", "/tra-cuu/" + "A" * 22, params={"lang": "en"})
    assert page.status_code == 429
    assert page.headers["cache-control"] == "no-store"
    assert int(page.headers["retry-after"]) >= 1
    assert "Too many lookups" in page.text


def test_calls_without_a_valid_token_are_refused_before_the_body_is_read(store: Store) -> None:
    """A tokenless junk body to an authenticated route used to be parsed and answered 422,
    without limit; now the gate refuses it first (401, then 429), its body unread."""
    token = store.enrol_kiosk("K1")
    app = create_app(store, BackendSettings(lookup_rate=0.001, lookup_burst=3))
    reads: list[str] = []

    def junk(tag: str) -> Callable[[], AsyncIterator[bytes]]:
        async def chunks() -> AsyncIterator[bytes]:
            reads.append(tag)
            yield b'{"kiosk_id": NaN, "dossier_uuid": ' + b"[" * 5000

        return chunks

    def post(path: str, tag: str, auth: str | None) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if auth is not None:
            headers["Authorization"] = f"Bearer {auth}"
        return call(app, "POST", path, content=junk(tag)(), headers=headers)

    refused = [
        post("/api/v1/dossiers", "none", None),
        post("/api/v1/heartbeat", "wrong", "x" * 40),
        post("/api/v1/ratings", "not bearer", None),
        post("/api/v1/dossiers", "none", None),
        post("/api/v1/heartbeat", "wrong", "x" * 40),
    ]
    assert [r.status_code for r in refused] == [401, 401, 401, 429, 429]
    assert refused[0].json()["detail"]["code"] == "unauthorised"
    assert refused[0].headers["www-authenticate"] == "Bearer"
    assert refused[-1].json()["detail"]["code"] == "rate_limited"
    assert refused[-1].headers["cache-control"] == "no-store"
    assert reads == []  # no body was read
    # the kiosk with its token is past the gate, and its junk is read and refused (400:
    # nested too deep to parse)
    assert post("/api/v1/heartbeat", "valid", token).status_code == 400
    assert reads == ["valid"]


def test_wrong_tokens_count_against_the_address(store: Store) -> None:
    app = create_app(store, BackendSettings(lookup_rate=0.001, lookup_burst=2))
    wrong = {"headers": {"Authorization": "Bearer " + "x" * 40}}
    answers = [call(app, "GET", "/api/v1/procedures", **wrong) for _ in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 429, 429]
    assert answers[-1].headers["cache-control"] == "no-store"  # a 429 is never cached
    assert int(answers[-1].headers["retry-after"]) >= 1


def test_a_kiosks_lookups_are_limited_and_the_429_is_not_cached(store: Store) -> None:
    token = store.enrol_kiosk("K1")
    app = create_app(store, BackendSettings(kiosk_lookup_rate=0.001, kiosk_lookup_burst=2))
    auth = {"Authorization": f"Bearer {token}"}
    answers = [
        call(app, "GET", "/api/v1/tracking", params={"code": f"000.00.01.H26-261203-000{n}"},
             headers=auth)
        for n in range(1, 5)
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [404, 404, 429, 429]
    assert answers[-1].json()["detail"]["code"] == "rate_limited"
    assert answers[-1].headers["cache-control"] == "no-store"


# ------------------------------------------------------------------ admin, docs, headers
def test_admin_pages_need_the_admin_token_whatever_the_address(store: Store) -> None:
    off = create_app(store)  # the test client's address is not even loopback
    assert call(off, "GET", "/admin/kiosks").status_code == 403
    on = create_app(store, BackendSettings(admin_token="s3cret-admin-token"))
    assert call(on, "GET", "/admin/kiosks").status_code == 401
    bearer: Callable[[str], dict[str, str]] = lambda t: {"Authorization": f"Bearer {t}"}  # noqa: E731
    assert call(on, "GET", "/admin/kiosks", headers=bearer("wrong")).status_code == 401
    assert call(on, "GET", "/admin/ratings?token=s3cret-admin-token").status_code == 401
    assert call(on, "GET", "/admin/kiosks", headers=bearer("s3cret-admin-token")).status_code == 200


def test_docs_only_when_enabled(store: Store) -> None:
    off, on = create_app(store), create_app(store, BackendSettings(enable_docs=True))
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert call(off, "GET", path).status_code == 404
        assert call(on, "GET", path).status_code == 200
    assert "content-security-policy" not in call(on, "GET", "/docs").headers


def test_tracking_page_security_headers(store: Store) -> None:
    page = call(create_app(store), "GET", "/tra-cuu/" + "A" * 22)
    assert page.status_code == 404
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"


def test_a_revoked_kiosk_is_refused_at_once(store: Store) -> None:
    token = store.enrol_kiosk("K1")
    app = create_app(store)
    auth = {"Authorization": f"Bearer {token}"}
    assert call(app, "GET", "/api/v1/procedures", headers=auth).status_code == 200
    store.revoke_kiosk("K1")
    assert call(app, "GET", "/api/v1/procedures", headers=auth).status_code == 401
    with pytest.raises(NotFoundError):
        store.revoke_kiosk("NOBODY")


def test_the_document_on_disk_is_the_api(store: Store) -> None:
    assert json.loads(DOCUMENT.read_text(encoding="utf-8")) == create_app(store).openapi()


# ------------------------------------------------------------------ the reverse-proxy example
PROXY_EXAMPLE = DOCUMENT.parents[2] / "deploy" / "reverse-proxy" / "nginx-citybackend.conf"


def _directives(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().rstrip(";")
        if line and not line.endswith(("{", "}")):
            name, _, value = line.partition(" ")
            out.setdefault(name, []).append(value.strip())
    return out


def test_the_reverse_proxy_example_agrees_with_the_backend() -> None:
    """nginx is not installed here (the example was checked with ``nginx -t`` by hand):
    what it must agree on with the backend is checked instead."""
    text = PROXY_EXAMPLE.read_text(encoding="utf-8")
    conf = _directives(text)
    settings = BackendSettings()
    assert conf["client_max_body_size"] == [f"{settings.max_body_bytes // 1024}k"]
    assert conf["proxy_request_buffering"] == ["on"]
    # slow clients are cut by the proxy: headers, bodies, answers not read
    for slow in ("client_header_timeout", "client_body_timeout", "send_timeout"):
        assert len(conf[slow]) == 1
        assert 0 < int(conf[slow][0].removesuffix("s")) <= 30
    # the backend answers a submission within its writer's wait (then 503): nginx waits longer
    kwdefaults = SubmissionWriter.__init__.__kwdefaults__
    assert kwdefaults is not None
    writer_wait = kwdefaults["timeout_s"]
    assert int(conf["proxy_read_timeout"][0].removesuffix("s")) > writer_wait
    # the client's own X-Forwarded-For is replaced, never appended to
    assert "X-Forwarded-For $remote_addr" in conf["proxy_set_header"]
    assert "$proxy_add_x_forwarded_for" not in text
    assert conf["access_log"] == ["off"]  # tracking page paths are capabilities
    assert conf["ssl_protocols"] == ["TLSv1.2 TLSv1.3"]
    # every limited location answers 429, as the backend does
    assert conf["limit_req_status"] == ["429"]
    # and the backend it describes listens on loopback and trusts only that proxy
    assert "serve --host 127.0.0.1" in text
    assert "--trusted-proxy 127.0.0.1" in text


@pytest.mark.parametrize(
    ("requested", "page"),
    [("en", "en"), ("vi", "vi"), ("EN", "vi"), ("fr", "vi"), ("", "vi"), ("\x00en", "vi")],
)
def test_the_tracking_page_language_from_anyones_query(requested: str, page: str) -> None:
    assert page_lang(requested) == page
