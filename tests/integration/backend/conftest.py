"""Backend integration fixtures (citybackend_factory, postgres_url... come from the plugins
that tests/conftest.py lists)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.citybackend import CityBackend, CityBackendFactory

#: the admin token of ``api_backend`` (the admin pages are off without one)
ADMIN_TOKEN = "admin-token-for-tests-0123456789"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_backend(
    request: pytest.FixtureRequest,
    citybackend_factory: CityBackendFactory,
) -> Iterator[CityBackend]:
    """The same running backend API over SQLite, then over PostgreSQL (skipped with a reason
    when no cluster can start)."""
    admin = ("--admin-token", ADMIN_TOKEN)
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        yield citybackend_factory(url, extra_args=admin)
    else:
        yield citybackend_factory(extra_args=admin)
