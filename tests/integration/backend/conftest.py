"""Backend integration fixtures (citybackend_factory, postgres_url... come from the plugins
that tests/conftest.py lists)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.citybackend import CityBackend, CityBackendFactory


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_backend(
    request: pytest.FixtureRequest,
    citybackend_factory: CityBackendFactory,
) -> Iterator[CityBackend]:
    """The same running backend API over SQLite, then over PostgreSQL (skipped with a reason
    when no cluster can start)."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        yield citybackend_factory(url)
    else:
        yield citybackend_factory()
