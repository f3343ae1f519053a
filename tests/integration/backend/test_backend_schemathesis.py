"""The API against its document (docs/api/openapi.json), by schemathesis, over loopback, on
SQLite and on PostgreSQL.

Every operation, with the kiosk's device token and without one, valid and invalid input:
no answer may be a server error, and every answer must match the document (status, content
type, body schema, declared headers). A third run aims the POST bodies at the store: the
caller's ``kiosk_id`` and an Idempotency-Key equal to the body's ``dossier_uuid``, so that
generated dossiers, heartbeats and ratings get past the route's own checks to the writer
and the database (where the year-1 and NUL values used to fail whole batches). Bounded:
``MAX_EXAMPLES`` cases per operation and mode, no deadline per case; the tier takes about
half a minute per database on 2 cores. The figures (operations, cases, server errors,
statuses) are printed when a database's run ends (``pytest -s``;
``bench/backend_hostile.py`` runs it and prints them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures.citybackend import CityBackend, free_port
from tests.fixtures.postgres import fresh_database

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"
MAX_EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
#: (database, operation, run, status) -> answers, for the figures
TALLY: Counter[tuple[str, str, str, int]] = Counter()


@dataclass
class City:
    database: str
    backend: CityBackend


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def city(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[City]:
    folder = tmp_path_factory.mktemp(f"schemathesis-{request.param}")
    if request.param == "postgres":
        url = fresh_database(request.getfixturevalue("postgres_server"))
    else:
        url = f"sqlite:///{folder / 'city.sqlite3'}"
    wide = ("--lookup-burst", "1000000", "--kiosk-lookup-burst", "1000000")
    backend = CityBackend(url, free_port(), folder / "citybackend.log", 1, wide)
    backend.start()
    try:
        backend.token = backend.enrol()
        yield City(request.param, backend)
    finally:
        backend.stop()
        _print_figures(request.param)


# loaded from the file at collection (the server's URL is given per call): pytest 9 does
# not run schemathesis' fixture-based lazy loader
schema = schemathesis.openapi.from_path(DOCUMENT)


def _run(case: Any, city: City, headers: dict[str, str], run: str) -> None:
    response = case.call_and_validate(
        base_url=city.backend.url, headers=headers, checks=CHECKS, timeout=30
    )
    TALLY[(city.database, case.operation.label, run, response.status_code)] += 1


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_with_the_device_token(case: Any, city: City) -> None:
    _run(case, city, {"Authorization": f"Bearer {city.backend.token}"}, "token")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_without_a_token(case: Any, city: City) -> None:
    _run(case, city, {}, "none")


@schema.include(method="POST", path_regex="^/api/v1/(dossiers|heartbeat|ratings)$").parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_with_the_token_aimed_at_the_store(case: Any, city: City) -> None:
    body = case.body = _years_in_range(case.body)
    if isinstance(body, dict):
        if "kiosk_id" in body:
            body["kiosk_id"] = city.backend.kiosk_id
        if case.path.endswith("/dossiers") and isinstance(body.get("dossier_uuid"), str):
            case.headers = {**(case.headers or {}), "Idempotency-Key": body["dossier_uuid"]}
    _run(case, city, {"Authorization": f"Bearer {city.backend.token}"}, "aimed")


_DATED = re.compile(r"^([0-9]{4})(-[0-9]{2}-[0-9]{2})")


def _years_in_range(value: Any) -> Any:
    """Dates and times moved into 1900-2100 (as year 2000, a leap year): the other runs send
    the years the API refuses; this one wants the rest of the body to reach the database."""
    if isinstance(value, dict):
        return {k: _years_in_range(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_years_in_range(v) for v in value]
    if isinstance(value, str) and (m := _DATED.match(value)) and not 1900 <= int(m[1]) <= 2100:
        return "2000" + value[4:]
    return value


def _print_figures(database: str) -> None:
    rows = {k: n for k, n in TALLY.items() if k[0] == database}
    operations = {op for _, op, _, _ in rows}
    cases = sum(rows.values())
    errors = sum(n for (_, _, _, status), n in rows.items() if status >= 500)
    by_status = Counter[int]()
    stored = 0
    for (_, op, _, status), n in rows.items():
        by_status[status] += n
        stored += n if (op, status) == ("POST /api/v1/dossiers", 201) else 0
    print(
        f"\nschemathesis {database}: {len(operations)} operations, {cases} cases, "
        f"{errors} server errors, {stored} dossiers stored; "
        f"statuses {dict(sorted(by_status.items()))}"
    )
