"""Loading the catalog: one TOML file per procedure in a directory, checked.

A broken file never stops the kiosk: :func:`load_catalog` returns what it could load and one
:class:`~kiosk.domain.catalog_reader.CatalogError` per problem. Checked files are kept
compiled (:mod:`kiosk.domain.catalog_snapshot`) so that a restart parses only what changed.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.catalog_parsing import parse_procedure
from kiosk.domain.catalog_reader import CatalogError
from kiosk.domain.catalog_snapshot import (
    Snapshot,
    paused_gc,
    read_snapshot,
    snapshot_path,
    write_snapshot,
)
from kiosk.domain.procedure import Procedure

log = logging.getLogger(__name__)


@dataclass
class CatalogLoad:
    """What loading gave: the usable catalog and every problem found."""

    catalog: Catalog
    errors: list[CatalogError] = field(default_factory=list)


def bundled_catalog_dir() -> Path:
    """``config/procedures`` of the source tree (the fallback catalog)."""
    return Path(__file__).resolve().parents[2] / "config" / "procedures"


def load_catalog(directory: Path, cache_dir: Path | None = None) -> CatalogLoad:
    """Load every ``*.toml`` in ``directory``; broken files are reported and skipped.

    With ``cache_dir``, checked files are kept there compiled (see
    :mod:`kiosk.domain.catalog_snapshot`) and only new or changed files are parsed again.
    """
    errors: list[CatalogError] = []
    if not directory.is_dir():
        errors.append(CatalogError(str(directory), "", "not a directory"))
        return CatalogLoad(Catalog(()), errors)
    snap_file = snapshot_path(cache_dir, directory) if cache_dir is not None else None
    with paused_gc():  # many small objects, none cyclic: collections would only cost time
        old = read_snapshot(snap_file)[0] if snap_file is not None else Snapshot()
        procedures = _load_entries(directory, snap_file, old, errors)
    return CatalogLoad(Catalog(_drop_duplicates(procedures, errors)), errors)


def _load_entries(
    directory: Path, snap_file: Path | None, old: Snapshot, errors: list[CatalogError]
) -> list[Procedure]:
    procedures: list[Procedure] = []
    new = Snapshot()
    with os.scandir(directory) as it:
        entries = sorted((e for e in it if e.name.endswith(".toml")), key=lambda e: e.name)
    for entry in entries:
        try:
            st = entry.stat()
        except OSError as exc:
            errors.append(CatalogError(entry.name, "", f"cannot read: {exc.strerror}"))
            continue
        stamp = (st.st_size, st.st_mtime_ns)
        cached = old.entries.get(entry.name)
        if cached is not None and cached[0] == stamp:
            procedures.append(cached[1])
            new.entries[entry.name] = cached
            continue
        proc = _load_file(directory / entry.name, errors)
        if proc is not None:
            procedures.append(proc)
            if snap_file is not None:
                new.entries[entry.name] = (stamp, proc)
    if snap_file is not None and not new.same_as(old):
        try:
            write_snapshot(snap_file, new)
        except OSError as exc:
            log.warning("catalog snapshot not written: %s", exc.strerror)
    return procedures


def _load_file(path: Path, errors: list[CatalogError]) -> Procedure | None:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        errors.append(CatalogError(path.name, "", f"not valid TOML: {exc}"))
        return None
    except OSError as exc:
        errors.append(CatalogError(path.name, "", f"cannot read: {exc.strerror}"))
        return None
    return parse_procedure(data, path.name, errors)


def _drop_duplicates(procs: list[Procedure], errors: list[CatalogError]) -> list[Procedure]:
    seen: dict[str, str] = {}
    out = []
    for p in procs:
        if p.code in seen:
            errors.append(
                CatalogError(p.source_file, "code", f"{p.code} already defined in {seen[p.code]}")
            )
            continue
        seen[p.code] = p.source_file
        out.append(p)
    return out
