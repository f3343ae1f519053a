"""Client rules that need no server: URL policy, backoff, Retry-After, provisional refs, the
attempt's budget where no socket can be cut."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

import pytest
import requests

from kiosk.backend.client import CityClient, check_base_url
from kiosk.backend.errors import BackendUnavailableError, InsecureBackendURLError
from kiosk.backend.exchange import retry_after
from kiosk.backend.gateway import mask_name, provisional_ref
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier


@pytest.mark.parametrize(
    "url",
    ["https://city.example/api/", "http://127.0.0.1:8080", "http://[::1]:1", "http://localhost"],
)
def test_allowed_urls(url: str) -> None:
    assert not check_base_url(url).endswith("/")


@pytest.mark.parametrize(
    "url", ["http://city.example", "http://10.0.0.1", "ftp://127.0.0.1", "https://", "city"]
)
def test_refused_urls(url: str) -> None:
    with pytest.raises(InsecureBackendURLError):
        check_base_url(url)


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    client = CityClient(
        "http://127.0.0.1:1", "t", backoff_base_s=1, backoff_max_s=8, jitter=lambda: 1.0
    )
    assert [client._backoff(n, None) for n in range(5)] == [1, 2, 4, 8, 8]
    low = CityClient("http://127.0.0.1:1", "t", backoff_base_s=1, jitter=lambda: 0.0)
    assert low._backoff(2, None) == 2.0
    assert client._backoff(0, 3.0) == 3.0
    assert client._backoff(0, 999.0) == 8.0


def test_retry_after_forms() -> None:
    assert retry_after("7") == 7.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_provisional_ref_is_marked_and_stable() -> None:
    d = Dossier(
        "1.004194",
        CitizenIdentity("001099000001", "A B", date(1990, 1, 1)),
        {},
        "KIOSK-DEMO-01",
        "00004",
        datetime(2026, 9, 30, 9, 0),
    )
    ref = provisional_ref(d)
    assert ref.startswith("TAM-KIOSK-DEMO-01-260930-")
    assert len(ref.rsplit("-", 1)[1]) == 6
    assert provisional_ref(d) == ref


def test_mask_name() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V** A*"
    assert mask_name("Minh") == "M***"


class StuckSession(requests.Session):
    """A session whose request hangs where no socket exists yet to cut: a name lookup that
    does not answer, or the connect to a name's second address (#12)."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()

    def request(self, *_args: Any, **_kwargs: Any) -> requests.Response:
        self.entered.set()
        try:
            self.release.wait(RELEASE_WAIT_S)
            raise requests.exceptions.ConnectionError("name lookup gave up")
        finally:
            self.finished.set()


#: far past every budget below; the stuck request is released by the test long before
RELEASE_WAIT_S = 60


def test_a_call_returns_by_its_budget_even_where_no_socket_can_be_cut() -> None:
    session = StuckSession()
    client = CityClient(
        "http://127.0.0.1:1",
        "t" * 32,
        connect_timeout_s=0.2,
        read_timeout_s=0.3,
        max_attempts=1,
        session=session,
    )
    try:
        with pytest.raises(BackendUnavailableError, match=r"no whole answer within 0\.5 s"):
            client.status("0b6f4b6e-6c1e-4f55-9c39-3f0d9d7c2a11")
        assert session.entered.is_set()
        # the call came back while the request was still stuck
        assert not session.finished.is_set()
    finally:
        session.release.set()
    assert session.finished.wait(RELEASE_WAIT_S)


def test_errors_of_the_exchange_reach_the_caller() -> None:
    session = StuckSession()
    session.release.set()
    client = CityClient("http://127.0.0.1:1", "t" * 32, max_attempts=1, session=session)
    with pytest.raises(BackendUnavailableError, match="ConnectionError"):
        client.status("0b6f4b6e-6c1e-4f55-9c39-3f0d9d7c2a11")
