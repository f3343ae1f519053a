"""A compiled catalog that loads fast: checked headers, forms kept as JSON until first use.

Parsing 2,000 TOML files (or 7 MB of the backend's JSON) and building every form field takes
seconds in Python; the kiosk needs the catalog in well under 100 ms. So a catalog that has
been checked once is stored *compiled*: each procedure's header (names, fee, documents...) as
plain values that go straight into the dataclasses, and its form as a JSON string decoded the
first time the form is opened (:class:`LazyFormSchema`). Forms are checked when compiled, so
a broken form is still reported at load time, not when a resident opens it.

A snapshot is two files: a JSON header file (stamps and headers) and a ``.forms`` file with
every form's JSON bytes, both written atomically, the forms first; a random token at the start
of the forms file, named in the header file, proves they belong together.
``load_catalog(directory, cache_dir)`` keeps one snapshot per catalog directory and re-reads
only the files whose size or modification time changed; the backend catalog cache uses the
same format.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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


def _lazy_form(form_json: bytes, source: str) -> LazyFormSchema:
    def build() -> tuple[FieldSpec, ...]:
        from kiosk.domain.catalog import CatalogError, parse_form

        errors: list[CatalogError] = []
        form = parse_form(json.loads(form_json), source, errors)
        if errors:  # only if the snapshot was edited by hand: it was checked when compiled
            raise errors[0]
        return form.fields

    return LazyFormSchema(build)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_HEADER_SKIP = frozenset({"form", "fee", "documents", "level"})
_TOKEN_LEN = 32


def compile_procedure(p: Procedure) -> tuple[dict[str, Any], bytes]:
    """The compiled header of a checked procedure and its form as JSON bytes."""
    from kiosk.domain.catalog import form_to_dict

    out: dict[str, Any] = {}
    for f in dataclasses.fields(Procedure):
        if f.name not in _HEADER_SKIP:
            v = getattr(p, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else v
    out["level"] = p.level.value
    out["fee"] = {
        f.name: (list(v) if isinstance(v, tuple) else v)
        for f in dataclasses.fields(FeeRule)
        for v in (getattr(p.fee, f.name),)
    }
    out["documents"] = [dataclasses.asdict(d) for d in p.documents]
    form = json.dumps(form_to_dict(p.form), ensure_ascii=False).encode()
    return out, form


def _trusted(cls: type[_T], values: dict[str, Any]) -> _T:
    """A frozen dataclass from values that were checked when compiled (no __init__ work)."""
    obj = cls.__new__(cls)
    obj.__dict__.update(values)
    return obj


_T = TypeVar("_T")


def load_compiled(header: Mapping[str, Any], form: bytes) -> Procedure:
    """A procedure from its compiled header and form bytes (checked when compiled)."""
    values = dict(header)
    values["synonyms"] = tuple(values["synonyms"])
    values["legal_basis"] = tuple(values["legal_basis"])
    fee = dict(values["fee"])
    fee["exemptions_vi"] = tuple(fee["exemptions_vi"])
    fee["exemptions_en"] = tuple(fee["exemptions_en"])
    values["fee"] = _trusted(FeeRule, fee)
    values["documents"] = tuple(_trusted(Document, d) for d in values["documents"])
    values["level"] = ServiceLevel(values["level"])
    values["form"] = _lazy_form(form, str(values["source_file"]))
    if len(values) != len(_PROCEDURE_FIELDS):
        raise ValueError("compiled entry does not match Procedure")
    return _trusted(Procedure, values)


_PROCEDURE_FIELDS = frozenset(f.name for f in dataclasses.fields(Procedure))


@dataclass
class Snapshot:
    """Compiled procedures by name (file name or code): stamp, header, form bytes."""

    entries: dict[str, tuple[Any, dict[str, Any], bytes]] = field(default_factory=dict)

    def same_as(self, other: Snapshot) -> bool:
        return self.entries.keys() == other.entries.keys() and all(
            self.entries[k][0] == other.entries[k][0] for k in self.entries
        )


def snapshot_path(cache_dir: Path, directory: Path) -> Path:
    digest = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"catalog-snapshot-{digest}.json"


def _forms_path(path: Path) -> Path:
    return path.with_suffix(".forms")


def read_snapshot(path: Path) -> tuple[Snapshot, dict[str, Any]]:
    """The snapshot at ``path`` (empty when missing or unusable) and its extra values."""
    try:
        data = json.loads(path.read_bytes())
        forms = _forms_path(path).read_bytes()
    except FileNotFoundError:
        return Snapshot(), {}
    except (OSError, ValueError) as exc:
        log.warning("catalog snapshot unreadable: %s", type(exc).__name__)
        return Snapshot(), {}
    if (
        not isinstance(data, dict)
        or data.get("version") != SNAPSHOT_VERSION
        or forms[:_TOKEN_LEN].decode("ascii", "replace") != data.get("token")
        or not isinstance(data.get("files"), dict)
    ):
        return Snapshot(), {}
    snap = Snapshot()
    for name, item in data["files"].items():
        try:
            start, length = item["form"]
            snap.entries[name] = (item["stamp"], item["header"], forms[start : start + length])
        except (KeyError, TypeError, ValueError):
            continue
    extra = data.get("extra")
    return snap, extra if isinstance(extra, dict) else {}


def write_snapshot(path: Path, snap: Snapshot, extra: Mapping[str, Any] | None = None) -> None:
    """Forms first, then the header file that names their token: never a mismatched pair."""
    token = secrets.token_hex(_TOKEN_LEN // 2)
    blob = bytearray(token.encode("ascii"))
    files: dict[str, Any] = {}
    for name, (stamp, header, form) in snap.entries.items():
        files[name] = {"stamp": stamp, "header": header, "form": [len(blob), len(form)]}
        blob += form
    write_atomically(_forms_path(path), bytes(blob))
    text = json.dumps(
        {"version": SNAPSHOT_VERSION, "token": token, "files": files, "extra": dict(extra or {})},
        ensure_ascii=False,
    )
    write_atomically(path, text.encode())


def write_atomically(path: Path, data: bytes) -> None:
    """Temporary file, fsync, rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
