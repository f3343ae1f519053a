"""Backend integration fixtures. The plugins' fixtures are imported here until
tests/conftest.py lists ``tests.fixtures.citybackend`` and ``tests.fixtures.postgres``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.citybackend import (  # noqa: F401 - fixtures
    CityBackend,
    CityBackendFactory,
    citybackend,
    citybackend_factory,
)
from tests.fixtures.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_backend(
    request: pytest.FixtureRequest,
    citybackend_factory: CityBackendFactory,  # noqa: F811
) -> Iterator[CityBackend]:
    """The same running backend API over SQLite, then over PostgreSQL (skipped with a reason
    when no cluster can start)."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        yield citybackend_factory(url)
    else:
        yield citybackend_factory()
