"""The procedures catalog the backend serves, loaded once at start, with its ETag."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class CatalogError(Exception):
    """The catalog given at start cannot be read."""


@dataclass(frozen=True)
class Catalog:
    document: Any
    body: bytes
    etag: str

    @classmethod
    def from_document(cls, document: Any) -> Catalog:
        body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return cls(document, body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')

    @classmethod
    def empty(cls) -> Catalog:
        return cls.from_document([])

    def _items(self) -> list[dict[str, Any]]:
        doc = self.document
        if isinstance(doc, dict):
            doc = doc.get("procedures", [])
        if not isinstance(doc, list):
            return []
        return [item for item in doc if isinstance(item, dict)]

    def names(self) -> dict[str, tuple[str, str]]:
        """Procedure code -> (Vietnamese name, English name), where the catalog gives them."""
        out: dict[str, tuple[str, str]] = {}
        for item in self._items():
            code, vi = item.get("code"), item.get("name_vi")
            if isinstance(code, str) and isinstance(vi, str):
                en = item.get("name_en")
                out[code] = (vi, en if isinstance(en, str) else vi)
        return out

    def processing_days(self) -> dict[str, int]:
        """Procedure code -> statutory working days, where the catalog states them."""
        out: dict[str, int] = {}
        for item in self._items():
            code, days = item.get("code"), item.get("processing_days")
            if isinstance(code, str) and isinstance(days, int) and not isinstance(days, bool):
                out[code] = days
        return out


def load_catalog(path: str | Path | None) -> Catalog:
    """A JSON file served as is; a TOML file is one procedure; a folder gives a list of them."""
    if not path:
        return Catalog.empty()
    p = Path(path)
    try:
        if p.is_dir():
            files = sorted([*p.glob("*.toml"), *p.glob("*.json")])
            return Catalog.from_document([_read(f) for f in files])
        return Catalog.from_document(_read(p))
    except (OSError, ValueError) as exc:
        raise CatalogError(f"cannot read catalog {p}: {exc}") from exc


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return tomllib.loads(text)
    return json.loads(text)
