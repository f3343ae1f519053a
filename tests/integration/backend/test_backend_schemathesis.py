"""The API against its document (docs/api/openapi.json), by schemathesis, over loopback.

Every operation, with the kiosk's device token and without one, valid and invalid input:
no answer may be a server error, and every answer must match the document (status, content
type, body schema, declared headers). Bounded: ``MAX_EXAMPLES`` cases per operation and
mode, no deadline per case; the tier takes well under a minute on 2 cores. The figures of
the last run are printed at the end of the module (``pytest -s``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
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

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"
MAX_EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
#: (operation, with token, status) -> answers, for the figures
TALLY: Counter[tuple[str, bool, int]] = Counter()


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CityBackend]:
    folder = tmp_path_factory.mktemp("schemathesis")
    wide = ("--lookup-burst", "1000000", "--kiosk-lookup-burst", "1000000")
    backend = CityBackend(
        f"sqlite:///{folder / 'city.sqlite3'}", free_port(), folder / "citybackend.log", 1, wide
    )
    backend.start()
    try:
        backend.token = backend.enrol()
        yield backend
    finally:
        backend.stop()
        _print_figures()


# loaded from the file at collection (the server's URL is given per call): pytest 9 does
# not run schemathesis' fixture-based lazy loader
schema = schemathesis.openapi.from_path(DOCUMENT)


def _run(case: Any, city: CityBackend, headers: dict[str, str], with_token: bool) -> None:
    response = case.call_and_validate(base_url=city.url, headers=headers, checks=CHECKS, timeout=30)
    TALLY[(case.operation.label, with_token, response.status_code)] += 1


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_with_the_device_token(case: Any, city: CityBackend) -> None:
    _run(case, city, {"Authorization": f"Bearer {city.token}"}, True)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_without_a_token(case: Any, city: CityBackend) -> None:
    _run(case, city, {}, False)


def _print_figures() -> None:
    operations = {op for op, _, _ in TALLY}
    cases = sum(TALLY.values())
    errors = sum(n for (_, _, status), n in TALLY.items() if status >= 500)
    by_status = Counter[int]()
    for (_, _, status), n in TALLY.items():
        by_status[status] += n
    print(
        f"\nschemathesis: {len(operations)} operations, {cases} cases, "
        f"{errors} server errors; statuses {dict(sorted(by_status.items()))}"
    )
