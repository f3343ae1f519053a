"""The catalog the kiosk uses: the backend's (GET with ETag), cached on disk, else bundled.

The HTTP client is injected as ``fetch(etag) -> (status, etag, json_body)``: 200 with a new
body, 304 when ``etag`` is still current, anything else (or an exception) when the backend
cannot answer. The cache is the backend's catalog compiled (see
:mod:`kiosk.domain.catalog_snapshot`: checked once, loads in milliseconds, forms decoded on
first use), written atomically so a power cut leaves the previous cache or the new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.domain.catalog import (
    Catalog,
    CatalogLoad,
    bundled_catalog_dir,
    catalog_from_json,
    load_catalog,
)
from kiosk.domain.catalog_snapshot import Snapshot, read_snapshot, write_snapshot

log = logging.getLogger(__name__)

FetchResult = tuple[int, str | None, Any]
Fetch = Callable[[str | None], FetchResult]
CACHE_FILE = "catalog-backend.snap"  # and catalog-backend.forms beside it


class CatalogSource(StrEnum):
    BACKEND = "backend"  # fetched just now
    CACHE = "cache"  # the backend said 304, or could not be reached
    BUNDLED = "bundled"  # no usable cache: the files shipped with the kiosk


@dataclass
class CatalogResult:
    load: CatalogLoad
    source: CatalogSource
    etag: str | None = None
    #: why the backend's catalog was not used (technical, no personal data)
    problem: str = ""


class CatalogCache:
    """Keeps the freshest usable catalog."""

    def __init__(self, cache_dir: Path, fetch: Fetch, bundled_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.fetch = fetch
        self.bundled_dir = bundled_dir or bundled_catalog_dir()

    def _bundled(self) -> CatalogLoad:
        return load_catalog(self.bundled_dir, self.cache_dir)

    @property
    def cache_path(self) -> Path:
        return self.cache_dir / CACHE_FILE

    def offline(self) -> CatalogResult:
        """The cached catalog, else the bundled one, without asking the backend."""
        cached = self._read_cache()
        if cached is not None:
            return cached
        return CatalogResult(self._bundled(), CatalogSource.BUNDLED)

    def refresh(self) -> CatalogResult:
        """Ask the backend (with the cached ETag) and return the best catalog available."""
        cached = self._read_cache()
        etag = cached.etag if cached is not None else None
        try:
            status, new_etag, body = self.fetch(etag)
        except Exception as exc:  # any failure of the injected client means "offline"
            log.warning("catalog fetch failed: %s", type(exc).__name__)
            return self._fallback(cached, f"fetch failed: {type(exc).__name__}")
        if status == 304 and cached is not None:
            return cached
        if status == 304:
            return self._refetch_without_etag()
        if status != 200:
            return self._fallback(cached, f"backend answered HTTP {status}")
        return self._accept(body, new_etag, cached)

    def _refetch_without_etag(self) -> CatalogResult:
        try:
            status, new_etag, body = self.fetch(None)
        except Exception as exc:  # as above
            return self._fallback(None, f"fetch failed: {type(exc).__name__}")
        if status != 200:
            return self._fallback(None, f"backend answered HTTP {status}")
        return self._accept(body, new_etag, None)

    def _accept(self, body: Any, etag: str | None, cached: CatalogResult | None) -> CatalogResult:
        load = catalog_from_json(body, "backend")
        if len(load.catalog) == 0:
            log.warning("backend catalog unusable: %d error(s)", len(load.errors))
            result = self._fallback(cached, "backend catalog has no usable procedure")
            result.load.errors.extend(load.errors)
            return result
        try:
            self._write_cache(load, etag)
        except OSError as exc:
            log.warning("catalog cache not written: %s", exc.strerror)
        return CatalogResult(load, CatalogSource.BACKEND, etag)

    def _fallback(self, cached: CatalogResult | None, problem: str) -> CatalogResult:
        if cached is not None:
            cached.problem = problem
            return cached
        return CatalogResult(self._bundled(), CatalogSource.BUNDLED, None, problem)

    def _read_cache(self) -> CatalogResult | None:
        snap, extra = read_snapshot(self.cache_path)
        if not snap.entries:
            return None
        etag = extra.get("etag")
        load = CatalogLoad(Catalog([p for _stamp, p in snap.entries.values()]))
        return CatalogResult(load, CatalogSource.CACHE, etag if isinstance(etag, str) else None)

    def _write_cache(self, load: CatalogLoad, etag: str | None) -> None:
        snap = Snapshot()
        for p in load.catalog.procedures:
            snap.entries[p.code] = (None, p)
        write_snapshot(self.cache_path, snap, {"etag": etag})
