"""Client rules that need no server: URL policy, backoff, Retry-After, provisional refs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk.backend.client import CityClient, _retry_after, check_base_url
from kiosk.backend.errors import InsecureBackendURLError
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
    assert _retry_after("7") == 7.0
    assert _retry_after(None) is None
    assert _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


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
