"""A compiled catalog that loads fast: checked headers, forms kept as JSON until first use.

Parsing 2,000 TOML files (or 7 MB of the backend's JSON) and building every form field takes
seconds in Python; the kiosk needs the catalog in well under 100 ms. So a catalog that has
been checked once is stored *compiled*: each procedure's header (names, fee, documents...) as
plain values that go straight into the dataclasses, and its form as a JSON string decoded the
first time the form is opened (:class:`LazyFormSchema`). Forms are checked when compiled, so
a broken form is still reported at load time, not when a resident opens it.

:func:`load_directory_cached` keeps one snapshot per catalog directory and re-reads only the
files whose size or modification time changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kiosk.domain.form import FieldSpec, FormSchema
from kiosk.domain.procedure import Document, FeeRule, Procedure, ServiceLevel

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1


class LazyFormSchema(FormSchema):
    """A :class:`FormSchema` whose fields are built on first access."""

    _build: Callable[[], tuple[FieldSpec, ...]]
    _fields: tuple[FieldSpec, ...] | None

    def __init__(self, build: Callable[[], tuple[FieldSpec, ...]]) -> None:
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_fields", None)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        built = self._fields
        if built is None:
            built = self._build()
            object.__setattr__(self, "_fields", built)
        return built

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormSchema) and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(self.fields)


def _lazy_form(form_json: str, source: str) -> LazyFormSchema:
    def build() -> tuple[FieldSpec, ...]:
        from kiosk.domain.catalog import CatalogError, parse_form

        errors: list[CatalogError] = []
        form = parse_form(json.loads(form_json), source, errors)
        if errors:  # only if the snapshot was edited by hand: it was checked when compiled
            raise errors[0]
        return form.fields

    return LazyFormSchema(build)


_HEADER_SKIP = frozenset({"form", "fee", "documents", "level", "source_file"})


def compile_procedure(p: Procedure) -> dict[str, Any]:
    """The compiled entry of a checked procedure."""
    from kiosk.domain.catalog import form_to_dict

    out: dict[str, Any] = {}
    for f in dataclasses.fields(Procedure):
        if f.name in _HEADER_SKIP:
            continue
        v = getattr(p, f.name)
        out[f.name] = list(v) if isinstance(v, tuple) else v
    out["level"] = p.level.value
    out["fee"] = {
        f.name: (list(v) if isinstance(v, tuple) else v)
        for f in dataclasses.fields(FeeRule)
        for v in (getattr(p.fee, f.name),)
    }
    out["documents"] = [dataclasses.asdict(d) for d in p.documents]
    out["source_file"] = p.source_file
    out["form_json"] = json.dumps(form_to_dict(p.form), ensure_ascii=False)
    return out


def load_compiled(entry: Mapping[str, Any]) -> Procedure:
    """A procedure from its compiled entry (no checks: it was checked when compiled)."""
    values = {k: v for k, v in entry.items() if k not in {"fee", "documents", "form_json"}}
    for key in ("synonyms", "legal_basis"):
        values[key] = tuple(values.get(key, ()))
    fee = dict(entry["fee"])
    fee["exemptions_vi"] = tuple(fee.get("exemptions_vi", ()))
    fee["exemptions_en"] = tuple(fee.get("exemptions_en", ()))
    values["fee"] = FeeRule(**fee)
    values["documents"] = tuple(Document(**d) for d in entry["documents"])
    values["level"] = ServiceLevel(entry["level"])
    values["form"] = _lazy_form(entry["form_json"], str(entry.get("source_file", "")))
    return Procedure(**values)


def snapshot_path(cache_dir: Path, directory: Path) -> Path:
    digest = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"catalog-snapshot-{digest}.json"


def read_snapshot(path: Path) -> dict[str, Any]:
    """File name -> {"stamp": [size, mtime_ns], "entry": compiled procedure}; {} if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("catalog snapshot unreadable: %s", type(exc).__name__)
        return {}
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def write_atomically(path: Path, text: str) -> None:
    """Temporary file, fsync, rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_snapshot(path: Path, files: Mapping[str, Any]) -> None:
    text = json.dumps({"version": SNAPSHOT_VERSION, "files": files}, ensure_ascii=False)
    write_atomically(path, text)
