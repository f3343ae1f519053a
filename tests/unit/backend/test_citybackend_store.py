"""The backend's store, masking, statuses and migrations (SQLite in tmp_path)."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from citybackend.app import create_app
from citybackend.catalog import Catalog, load_catalog
from citybackend.database import create_db_engine
from citybackend.masking import mask_name
from citybackend.migrations import LATEST, current_version, upgrade
from citybackend.models import DossierSubmission
from citybackend.ratelimit import RateLimiter
from citybackend.settings import BackendSettings
from citybackend.statuses import Status, parse_status
from citybackend.stores.errors import (
    IdempotencyConflictError,
    InvalidTransitionError,
    KioskExistsError,
)
from citybackend.stores.store import Store
from kiosk.backend.wire import dossier_to_json
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    assert upgrade(engine) == [1, 2, 3]
    assert upgrade(engine) == []
    assert current_version(engine) == LATEST
    return Store(engine, processing_days={"1.004194": 3})


def submission(**changes: object) -> DossierSubmission:
    d = Dossier(
        "1.004194",
        CitizenIdentity("001099000001", "Lê Thị Hoa", date(1990, 1, 1)),
        {"x": 1},
        "K1",
        "00004",
        datetime(2026, 9, 30, 9, 0),
    )
    return DossierSubmission.model_validate({**dossier_to_json(d), **changes})


def test_masking() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V** A*"
    assert mask_name("  ") == ""


def test_parse_status() -> None:
    assert parse_status("4") is Status.PROCESSING
    assert parse_status("done") is Status.DONE
    with pytest.raises(ValueError):  # noqa: PT011
        parse_status("finished")


def test_submit_is_idempotent_and_codes_are_sequential(store: Store) -> None:
    kiosk_token = store.enrol_kiosk("K1", agency_code="000.00.01.H26")
    with pytest.raises(KioskExistsError):
        store.enrol_kiosk("K1")
    kiosk = store.authenticate(kiosk_token)
    assert kiosk is not None
    assert store.authenticate("nope") is None
    a, b = submission(), submission()
    ra, created = store.submit(kiosk, a)
    assert created
    again, created_again = store.submit(kiosk, a)
    assert (again.code, created_again) == (ra.code, False)
    rb, _ = store.submit(kiosk, b)
    seq_a, seq_b = int(ra.code.rsplit("-", 1)[1]), int(rb.code.rsplit("-", 1)[1])
    assert seq_b == seq_a + 1
    assert ra.due_date is not None
    with pytest.raises(IdempotencyConflictError):
        store.submit(
            kiosk,
            submission(dossier_uuid=a.dossier_uuid, tracking_token=a.tracking_token, fee_vnd=1),
        )
    with pytest.raises(IdempotencyConflictError):  # another dossier, same token
        store.submit(kiosk, submission(tracking_token=a.tracking_token))


def test_concurrent_same_key_gives_one_dossier(store: Store) -> None:
    kiosk = store.authenticate(store.enrol_kiosk("K1"))
    assert kiosk is not None
    body = submission()
    codes: list[str] = []

    def go() -> None:
        codes.append(store.submit(kiosk, body)[0].code)

    threads = [threading.Thread(target=go) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(set(codes)) == 1
    assert len(codes) == 8
    assert store.count_dossiers() == 1


def test_transitions_keep_history(store: Store) -> None:
    kiosk = store.authenticate(store.enrol_kiosk("K1"))
    assert kiosk is not None
    code = store.submit(kiosk, submission())[0].code
    store.advance(code, Status.RECEIVED, "ok")
    with pytest.raises(InvalidTransitionError):
        store.advance(code, Status.RETURNED)
    view = store.advance(code, Status.PROCESSING)
    assert [e.status for e in view.history] == [1, 2, 4]
    assert view.applicant_masked == "Lê T** H**"


def test_catalog_loading(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('code = "1.1"\nname_vi = "A"\nprocessing_days = 2\n')
    (tmp_path / "b.json").write_text(json.dumps({"code": "1.2", "name_vi": "B"}))
    cat = load_catalog(tmp_path)
    assert [p["code"] for p in cat.document] == ["1.1", "1.2"]
    assert cat.processing_days() == {"1.1": 2}
    assert cat.names()["1.2"] == ("B", "B")
    assert load_catalog(None).document == []
    assert Catalog.from_document([1]).etag != Catalog.empty().etag


def test_rate_limiter_refills() -> None:
    now = [0.0]
    rl = RateLimiter(rate=1.0, burst=2, clock=lambda: now[0])
    assert [rl.check("a"), rl.check("a")] == [0.0, 0.0]
    assert rl.check("a") > 0
    assert rl.check("b") == 0.0
    now[0] += 1.0
    assert rl.check("a") == 0.0


def test_app_openapi_lists_the_api(store: Store) -> None:
    app = create_app(store, BackendSettings())
    paths = app.openapi()["paths"]
    assert {
        "/api/v1/dossiers",
        "/api/v1/procedures",
        "/api/v1/ratings",
        "/api/v1/heartbeat",
        "/api/v1/tracking",
        "/api/v1/dossiers/{dossier_uuid}/payment",
    } <= set(paths)
    submit = paths["/api/v1/dossiers"]["post"]
    assert {"200", "201", "401", "409", "422"} <= set(submit["responses"])


def test_enrolment_codes_are_one_time_and_expire(store: Store) -> None:
    from datetime import timedelta

    from citybackend.stores.errors import NotFoundError

    code = store.issue_enrolment_code("KIOSK-A")
    kiosk_id, token = store.redeem_enrolment_code(code.lower())
    assert kiosk_id == "KIOSK-A"
    assert store.authenticate(token) is not None
    with pytest.raises(NotFoundError):
        store.redeem_enrolment_code(code)  # spent
    old = store.issue_enrolment_code("KIOSK-B", valid_for=timedelta(seconds=-1))
    with pytest.raises(NotFoundError):
        store.redeem_enrolment_code(old)  # expired
    with pytest.raises(NotFoundError):
        store.redeem_enrolment_code("AAAA-BBBB-CCCC")
