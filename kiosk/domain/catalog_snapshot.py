"""A compiled catalog that loads fast: checked headers, forms kept as JSON until first use.

Parsing 2,000 TOML files (or 7 MB of the backend's JSON) and building every form field takes
seconds in Python; the kiosk needs the catalog in well under 100 ms. So a catalog that has
been checked once is stored *compiled*: each procedure's header (names, fee, documents...) as
plain values that go straight into the dataclasses, and its form as JSON bytes decoded the
first time the form is opened (:class:`LazyFormSchema`). Forms are checked when compiled, so
a broken form is still reported at load time, not when a resident opens it.

A snapshot is two files, both written atomically, the forms first:

- the header file: a line naming the format and :data:`SNAPSHOT_VERSION`, then one
  :mod:`marshal` value made of plain values only (tuples, strings, numbers, None): the
  token, the caller's extra values, a table of distinct fees and one of distinct documents,
  and per procedure its name, stamp, field values in :class:`Procedure` field order (fee and
  documents as positions in those tables) and where its form is in the forms file. Equal
  strings are written once. ``marshal`` decodes this several times faster than JSON and, unlike
  pickle, only builds built-in values and never runs code; the file lives in the kiosk's own
  cache directory, and anything that does not decode to the expected shape is ignored.
- the ``.forms`` file: a random token, then every form's JSON bytes. The header file names
  the token, which proves the two files belong together.

A snapshot that is missing, of another version, truncated, corrupt or paired with another
forms file is ignored (the catalog is then parsed again and the snapshot rewritten).
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
import marshal
import secrets
from collections.abc import Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kiosk.domain.form import FieldSpec, FormSchema
from kiosk.domain.procedure import Document, FeeRate, FeeRule, Procedure, ServiceLevel
from kiosk.runtime.atomic_file import write_atomic

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 3  # 3: fee rates (FeeRule.rates)
_MAGIC = b"ward-kiosk catalog snapshot %d\n" % SNAPSHOT_VERSION
_SUFFIX = ".snap"
_TOKEN_LEN = 32
_MARSHAL_FORMAT = 4

_PROCEDURE_FIELDS = tuple(f.name for f in dataclasses.fields(Procedure))
_FEE_FIELDS = tuple(f.name for f in dataclasses.fields(FeeRule))
_DOCUMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Document))
_RATE_FIELDS = tuple(f.name for f in dataclasses.fields(FeeRate))
_LEVELS = {level.value: level for level in ServiceLevel}

#: a stamp says which version of a source a compiled entry came from (None: no source file)
Stamp = tuple[int, int] | None


class LazyFormSchema(FormSchema):
    """A :class:`FormSchema` whose fields are decoded from JSON bytes on first access.

    It keeps the whole forms file's bytes and where its own form is in them, so loading a
    snapshot neither copies nor decodes any form.
    """

    __slots__ = ("_blob", "_end", "_fields", "_source", "_start")
    _blob: bytes
    _start: int
    _end: int
    _source: str
    _fields: tuple[FieldSpec, ...] | None

    def __init__(self, blob: bytes, start: int, end: int, source: str) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_blob", blob)
        setattr_(self, "_start", start)
        setattr_(self, "_end", end)
        setattr_(self, "_source", source)
        setattr_(self, "_fields", None)

    def json_bytes(self) -> bytes:
        """The form's JSON, as compiled."""
        return self._blob[self._start : self._end]

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        built = self._fields
        if built is None:
            from kiosk.domain.catalog_reader import CatalogError
            from kiosk.domain.form_parsing import parse_form

            errors: list[CatalogError] = []
            form = parse_form(json.loads(self.json_bytes()), self._source, errors)
            if errors:  # only if the snapshot was edited by hand: it was checked when compiled
                raise errors[0]
            built = form.fields
            object.__setattr__(self, "_fields", built)
        return built

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormSchema) and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(self.fields)


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


@dataclass
class Snapshot:
    """Checked procedures by name (file name or code), each with the stamp of its source."""

    entries: dict[str, tuple[Stamp, Procedure]] = field(default_factory=dict)

    def same_as(self, other: Snapshot) -> bool:
        return self.entries.keys() == other.entries.keys() and all(
            self.entries[k][0] == other.entries[k][0] for k in self.entries
        )


def snapshot_path(cache_dir: Path, directory: Path) -> Path:
    digest = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"catalog-snapshot-{digest}{_SUFFIX}"


def _forms_path(path: Path) -> Path:
    return path.with_suffix(".forms")


def read_snapshot(path: Path) -> tuple[Snapshot, dict[str, Any]]:
    """The snapshot at ``path`` (empty when missing or unusable) and its extra values."""
    try:
        raw = path.read_bytes()
        if not raw.startswith(_MAGIC):
            log.info("catalog snapshot of another version ignored")
            return Snapshot(), {}
        forms = _forms_path(path).read_bytes()
        with paused_gc():  # many small objects, none cyclic: collections would only cost time
            return _decode(memoryview(raw)[len(_MAGIC) :], forms)
    except FileNotFoundError:
        return Snapshot(), {}
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError) as exc:
        log.warning("catalog snapshot unusable: %s", type(exc).__name__)
        return Snapshot(), {}


def _decode(data: memoryview, forms: bytes) -> tuple[Snapshot, dict[str, Any]]:
    """Build the procedures; any value of the wrong shape raises (the snapshot is then unused)."""
    token, extra, fee_rows, document_rows, rows = marshal.loads(data)
    if not isinstance(token, str) or forms[:_TOKEN_LEN] != token.encode("ascii"):
        raise ValueError("forms file of another snapshot")
    if not isinstance(extra, dict):
        raise TypeError("extra values")
    fees = [_fee(row) for row in fee_rows]
    documents = [_trusted(Document, _DOCUMENT_FIELDS, row) for row in document_rows]
    end_of_forms = len(forms)
    snap = Snapshot()
    entries = snap.entries
    for name, stamp, row, start, end in rows:
        if not _TOKEN_LEN <= start <= end <= end_of_forms:
            raise ValueError("form outside the forms file")
        values = dict(zip(_PROCEDURE_FIELDS, row, strict=True))
        values["level"] = _LEVELS[values["level"]]
        values["fee"] = fees[values["fee"]]
        values["documents"] = tuple([documents[i] for i in values["documents"]])
        values["form"] = LazyFormSchema(forms, start, end, values["source_file"])
        entries[name] = (stamp, _new(Procedure, values))
    return snap, extra


_T = TypeVar("_T")


def _new(cls: type[_T], values: dict[str, Any]) -> _T:
    """A frozen dataclass from values that were checked when compiled (no __init__ work)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    return obj


def _trusted(cls: type[_T], names: tuple[str, ...], row: tuple[Any, ...]) -> _T:
    return _new(cls, dict(zip(names, row, strict=True)))


def _fee(row: tuple[Any, ...]) -> FeeRule:
    values = dict(zip(_FEE_FIELDS, row, strict=True))
    values["rates"] = tuple([_trusted(FeeRate, _RATE_FIELDS, r) for r in values["rates"]])
    return _new(FeeRule, values)


def _fee_row(fee: FeeRule, shared: _Shared) -> tuple[Any, ...]:
    """A fee as plain values; its rates as rows of their own (marshal stores no objects)."""
    return tuple(
        tuple(tuple(shared(getattr(r, n)) for n in _RATE_FIELDS) for r in fee.rates)
        if f == "rates"
        else shared(getattr(fee, f))
        for f in _FEE_FIELDS
    )


def write_snapshot(path: Path, snap: Snapshot, extra: Mapping[str, Any] | None = None) -> None:
    """Forms first, then the header file that names their token: never a mismatched pair."""
    token = secrets.token_hex(_TOKEN_LEN // 2)
    blob = bytearray(token.encode("ascii"))
    shared = _Shared()
    fees: dict[FeeRule, int] = {}
    documents: dict[Document, int] = {}
    rows = []
    for name, (stamp, p) in snap.entries.items():
        form = _form_json(p.form)
        values: list[Any] = []
        for f in _PROCEDURE_FIELDS:
            if f == "level":
                values.append(p.level.value)
            elif f == "fee":
                values.append(_position(fees, p.fee))
            elif f == "documents":
                values.append(tuple(_position(documents, d) for d in p.documents))
            elif f == "form":
                values.append(None)
            else:
                values.append(shared(getattr(p, f)))
        rows.append((name, stamp, tuple(values), len(blob), len(blob) + len(form)))
        blob += form
    payload = (
        token,
        dict(extra or {}),
        tuple(_fee_row(fee, shared) for fee in fees),
        tuple(tuple(shared(getattr(d, f)) for f in _DOCUMENT_FIELDS) for d in documents),
        tuple(rows),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(_forms_path(path), bytes(blob))
    write_atomic(path, _MAGIC + marshal.dumps(payload, _MARSHAL_FORMAT))
    if path.suffix != ".json":
        path.with_suffix(".json").unlink(missing_ok=True)  # a version 1 header file


def _form_json(form: FormSchema) -> bytes:
    if isinstance(form, LazyFormSchema):
        return form.json_bytes()  # compiled already: no need to decode it
    from kiosk.domain.catalog_serialising import form_to_dict

    return json.dumps(form_to_dict(form), ensure_ascii=False).encode()


_K = TypeVar("_K", bound=Hashable)


def _position(table: dict[_K, int], item: _K) -> int:
    return table.setdefault(item, len(table))


class _Shared:
    """Makes equal strings one object, so that marshal writes (and loads) them once."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._seen.setdefault(value, value)
        if isinstance(value, tuple):
            return tuple(self(v) for v in value)
        return value
