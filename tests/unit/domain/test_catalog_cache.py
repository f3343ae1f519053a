from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.catalog import procedure_to_dict
from kiosk.domain.catalog_cache import CatalogCache, CatalogSource, FetchResult
from kiosk.domain.catalog_snapshot import read_snapshot
from tests.factories import catalog

#: what the cache logs of an answer it cannot use
UNUSABLE = pytest.mark.expect_log(
    "WARNING", "kiosk.domain.catalog_cache", r"backend catalog unusable"
)


def backend_body(n: int = 3) -> dict[str, Any]:
    return {"procedures": [procedure_to_dict(p) for p in catalog().procedures[:n]]}


class FakeFetch:
    """Answers from a script and records the ETags it was asked with."""

    def __init__(self, *answers: FetchResult | Exception) -> None:
        self.answers = list(answers)
        self.asked: list[str | None] = []

    def __call__(self, etag: str | None) -> FetchResult:
        self.asked.append(etag)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.mark.expect_log("WARNING", "kiosk.domain.catalog_cache", r"catalog fetch failed")
def test_fresh_then_not_modified_then_offline(tmp_path: Path) -> None:
    fetch = FakeFetch((200, '"v1"', backend_body(3)), (304, '"v1"', None), TimeoutError())
    cache = CatalogCache(tmp_path, fetch)
    first = cache.refresh()
    assert (first.source, first.etag, len(first.load.catalog)) == (CatalogSource.BACKEND, '"v1"', 3)
    assert cache.cache_path.exists()
    second = cache.refresh()
    assert (second.source, len(second.load.catalog)) == (CatalogSource.CACHE, 3)
    third = cache.refresh()
    assert third.source is CatalogSource.CACHE
    assert "TimeoutError" in third.problem
    assert fetch.asked == [None, '"v1"', '"v1"']
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file
    assert cache.offline().etag == '"v1"'


@pytest.mark.expect_log("WARNING", "kiosk.domain.catalog_cache", r"catalog fetch failed")
def test_no_cache_and_no_backend_gives_the_bundled_catalog(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path, FakeFetch(ConnectionError()))
    result = cache.refresh()
    assert result.source is CatalogSource.BUNDLED
    assert len(result.load.catalog) == len(catalog())
    assert cache.offline().source is CatalogSource.BUNDLED


@pytest.mark.parametrize(
    "answer",
    [
        (500, None, None),
        pytest.param((200, '"v2"', {"procedures": "all"}), marks=UNUSABLE),
        pytest.param((200, '"v2"', {"procedures": []}), marks=UNUSABLE),
    ],
)
def test_bad_answers_keep_the_cache(tmp_path: Path, answer: FetchResult) -> None:
    cache = CatalogCache(tmp_path, FakeFetch((200, '"v1"', backend_body(2)), answer))
    cache.refresh()
    result = cache.refresh()
    assert (result.source, len(result.load.catalog)) == (CatalogSource.CACHE, 2)
    assert result.problem
    assert read_snapshot(cache.cache_path)[1]["etag"] == '"v1"'


def test_not_modified_without_a_cache_fetches_again(tmp_path: Path) -> None:
    fetch = FakeFetch((304, None, None), (200, '"v3"', backend_body(4)))
    result = CatalogCache(tmp_path, fetch).refresh()
    assert (result.source, len(result.load.catalog)) == (CatalogSource.BACKEND, 4)
    assert fetch.asked == [None, None]


def test_partly_broken_backend_catalog_is_used_with_errors(tmp_path: Path) -> None:
    body = backend_body(2)
    body["procedures"].append({"code": "1.999999", "name_vi": "Thiếu"})
    result = CatalogCache(tmp_path, FakeFetch((200, '"v4"', body))).refresh()
    assert result.source is CatalogSource.BACKEND
    assert len(result.load.catalog) == 2
    assert {e.file for e in result.load.errors} == {"backend[1.999999]"}


@pytest.mark.expect_log("WARNING", "kiosk.domain.catalog_cache", r"catalog fetch failed")
def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path, FakeFetch((200, '"v1"', backend_body(2)), OSError()))
    cache.refresh()
    cache.cache_path.write_text("{not json", encoding="utf-8")
    assert cache.refresh().source is CatalogSource.BUNDLED


def test_cached_forms_are_the_same_forms(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path, FakeFetch((200, '"v1"', backend_body(16))))
    cache.refresh()
    cached = cache.offline()
    assert cached.source is CatalogSource.CACHE
    for p in cached.load.catalog.procedures:
        original = catalog().get(p.code)
        assert original is not None
        assert p == original
        assert p.form.fields == original.form.fields


def test_version_1_cache_is_not_used_and_is_replaced(tmp_path: Path) -> None:
    legacy = tmp_path / "catalog-backend.json"
    legacy.write_text('{"version": 1, "token": "x", "files": {}}', encoding="utf-8")
    cache = CatalogCache(tmp_path, FakeFetch((200, '"v5"', backend_body(2))))
    assert cache.offline().source is CatalogSource.BUNDLED
    assert cache.refresh().source is CatalogSource.BACKEND
    assert not legacy.exists()
    assert (cache.offline().source, len(cache.offline().load.catalog)) == (CatalogSource.CACHE, 2)


@pytest.mark.expect_log("WARNING", "kiosk.domain.catalog_snapshot", r"catalog snapshot unusable")
def test_truncated_cache_is_ignored(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path, FakeFetch((200, '"v1"', backend_body(3))))
    cache.refresh()
    raw = cache.cache_path.read_bytes()
    cache.cache_path.write_bytes(raw[: len(raw) - 40])
    assert cache.offline().source is CatalogSource.BUNDLED
