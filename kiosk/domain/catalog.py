"""The procedures catalog: one TOML file per procedure, loaded and checked.

A broken file never stops the kiosk: :func:`load_catalog` returns what it could load and one
:class:`CatalogError` per problem, each naming the file and the field (``form.fields[2].kind``).
The JSON the backend serves has the same structure as a TOML file (see docs/catalog.md).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.domain.catalog_snapshot import (
    Snapshot,
    paused_gc,
    read_snapshot,
    snapshot_path,
    write_snapshot,
)
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.fees import FEE_KINDS
from kiosk.domain.form import (
    PERSON_PARTS,
    Choice,
    FieldKind,
    FieldSpec,
    FormSchema,
    Implied,
    ShowIf,
)
from kiosk.domain.procedure import (
    CHANNELS,
    SETTLEMENTS,
    SUPPORTS,
    Document,
    FeeRate,
    FeeRule,
    Procedure,
    ServiceLevel,
)
from kiosk.domain.search import Hit, SearchIndex
from kiosk.errors import KioskError

#: category key -> (Vietnamese label, English label), in the order the home screen shows them
CATEGORIES: dict[str, tuple[str, str]] = {
    "civil_status": ("Hộ tịch", "Civil status"),
    "certification": ("Chứng thực", "Certification"),
    "residence": ("Cư trú", "Residence"),
    "social": ("Bảo trợ xã hội", "Social protection"),
    "other": ("Thủ tục khác", "Other procedures"),
}

CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_PATTERN = re.compile(
    r"^(not_future|not_past|age_at_least:\d+|age_at_most:\d+|id_birth:[a-z0-9_]+"
    r"|id_sex:[a-z0-9_]+|dob_optional)$"
)
CARD_ATTRIBUTES = frozenset(
    f.name
    for f in dataclasses.fields(CitizenIdentity)
    if f.name not in {"extra", "source", "entered_by"}
)
UNKNOWN = "unknown"
log = logging.getLogger(__name__)


class CatalogError(KioskError):
    """A catalog file (or backend entry) that cannot be used, with the file and the field."""

    code = "catalog.invalid"
    message_vi = "Một số thủ tục tạm thời không hiển thị được. Vui lòng báo cán bộ."
    message_en = "Some procedures cannot be shown at the moment. Please tell the staff."

    def __init__(self, file: str, field_path: str, reason: str) -> None:
        super().__init__(f"{file}: {field_path}: {reason}" if field_path else f"{file}: {reason}")
        self.file = file
        self.field = field_path
        self.reason = reason


@dataclass
class CatalogLoad:
    """What loading gave: the usable catalog and every problem found."""

    catalog: Catalog
    errors: list[CatalogError] = field(default_factory=list)


class Catalog:
    """The procedures the kiosk offers, with search and the home screen's orderings."""

    def __init__(self, procedures: Sequence[Procedure]) -> None:
        self.procedures: tuple[Procedure, ...] = tuple(procedures)
        self._by_code = {p.code: p for p in self.procedures}
        self._index: SearchIndex | None = None

    def __len__(self) -> int:
        return len(self.procedures)

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get(code.strip())

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.procedures)
        return self._index

    def search(self, query: str, limit: int = 20) -> list[Procedure]:
        """Ranked procedures matching ``query`` (see :mod:`kiosk.domain.search`)."""
        return self.index.search(query, limit)

    def ranked(self, query: str, limit: int = 20) -> list[Hit]:
        return self.index.ranked(query, limit)

    def most_used(self, n: int) -> list[Procedure]:
        ordered = sorted(self.procedures, key=lambda p: (-p.popularity, p.code))
        return ordered[: max(n, 0)]

    def categories(self) -> list[tuple[str, str, str]]:
        """(key, label_vi, label_en) of every category that has a procedure, in display order."""
        present = {p.category for p in self.procedures}
        return [(k, vi, en) for k, (vi, en) in CATEGORIES.items() if k in present]

    def by_category(self, key: str) -> list[Procedure]:
        ordered = sorted(self.procedures, key=lambda p: (-p.popularity, p.code))
        return [p for p in ordered if p.category == key]


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


class _Reader:
    """Reads typed values out of a mapping, recording an error per bad field."""

    def __init__(self, file: str, errors: list[CatalogError]) -> None:
        self.file = file
        self.errors = errors
        self.failed = False

    def fail(self, path: str, reason: str) -> None:
        self.failed = True
        self.errors.append(CatalogError(self.file, path, reason))

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path + key, "missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(path + key, "must be a non-empty string")
            return ""
        return value

    def integer(
        self, data: Mapping[str, Any], key: str, path: str, *, allow_unknown: bool = False
    ) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if allow_unknown and value == UNKNOWN:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path + key, "must be a whole number >= 0" + (' or "unknown"' * allow_unknown))
            return None
        return value

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(path + key, "must be true or false")
            return default
        return value

    def texts(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path + key, "must be a list of strings")
            return ()
        return tuple(value)

    def table(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, Mapping):
            self.fail(path + key, "missing table" if value is None else "must be a table")
            return {}
        return value

    def tables(self, data: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(path + key, "must be a list of tables")
            return []
        return list(value)


_PROC_KEYS = frozenset(
    {
        "code", "name_vi", "name_en", "category", "level", "processing_days", "agency_vi",
        "agency_en", "description_vi", "description_en", "synonyms", "popularity", "fee",
        "documents", "form", "result_vi", "result_en", "legal_basis", "any_ward",
        "delivery", "delivery_note_vi", "delivery_note_en", "competent",
    }
)  # fmt: skip
_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RATE_KEYS = frozenset(f.name for f in dataclasses.fields(FeeRate))
_FEE_KEYS = frozenset(f.name for f in dataclasses.fields(FeeRule))
_DOC_KEYS = frozenset(f.name for f in dataclasses.fields(Document))
_FIELD_KEYS = frozenset(f.name for f in dataclasses.fields(FieldSpec))


def _unknown_keys(r: _Reader, data: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in data:
        if key not in allowed:
            r.fail(path + str(key), "unknown key")


def parse_procedure(data: Any, file: str, errors: list[CatalogError]) -> Procedure | None:
    """A :class:`Procedure` from its TOML/JSON mapping, or None after recording the errors."""
    r = _Reader(file, errors)
    if not isinstance(data, Mapping):
        r.fail("", "a procedure must be a table / object")
        return None
    _unknown_keys(r, data, _PROC_KEYS, "")
    code = r.text(data, "code", "")
    if code and not CODE_PATTERN.match(code):
        r.fail("code", f"{code!r} is not a national code like 1.001193")
    category = r.text(data, "category", "")
    if category and category not in CATEGORIES:
        r.fail("category", f"{category!r} is not one of {', '.join(CATEGORIES)}")
    level_text = r.text(data, "level", "")
    level = ServiceLevel.PARTIAL
    if level_text:
        try:
            level = ServiceLevel(level_text)
        except ValueError:
            r.fail("level", 'must be "full" or "partial"')
    if "processing_days" not in data:
        r.fail("processing_days", 'missing (write "unknown" when the law gives no figure)')
    days = r.integer(data, "processing_days", "", allow_unknown=True)
    popularity = r.integer(data, "popularity", "") or 0
    fee = _parse_fee(r, r.table(data, "fee", ""))
    docs = tuple(
        _parse_document(r, d, f"documents[{i}].")
        for i, d in enumerate(r.tables(data, "documents", ""))
    )
    form = _parse_form(r, r.table(data, "form", ""))
    proc = Procedure(
        code=code,
        name_vi=r.text(data, "name_vi", ""),
        name_en=r.text(data, "name_en", ""),
        category=category,
        level=level,
        fee=fee,
        processing_days=days,
        documents=docs,
        agency_vi=r.text(data, "agency_vi", ""),
        agency_en=r.text(data, "agency_en", ""),
        form=form,
        description_vi=r.text(data, "description_vi", "", required=False),
        description_en=r.text(data, "description_en", "", required=False),
        synonyms=r.texts(data, "synonyms", ""),
        popularity=popularity,
        source_file=file,
        result_vi=r.text(data, "result_vi", "", required=False),
        result_en=r.text(data, "result_en", "", required=False),
        legal_basis=r.texts(data, "legal_basis", ""),
        any_ward=r.boolean(data, "any_ward", "", True),
        delivery=r.text(data, "delivery", "", required=False) or "post",
        delivery_note_vi=r.text(data, "delivery_note_vi", "", required=False),
        delivery_note_en=r.text(data, "delivery_note_en", "", required=False),
        competent=r.text(data, "competent", "", required=False) or "filing",
    )
    if proc.delivery not in ("post", "counter"):
        r.fail("delivery", 'must be "post" or "counter"')
    address_keys = {f.key for f in form.fields if f.kind is FieldKind.ADDRESS}
    if proc.competent not in {"filing", "residence"} | address_keys:
        r.fail("competent", 'must be "filing", "residence" or the key of an address field')
    return None if r.failed else proc


def _parse_fee(r: _Reader, data: Mapping[str, Any]) -> FeeRule:
    if not data:
        return FeeRule(kind=UNKNOWN)
    _unknown_keys(r, data, _FEE_KEYS, "fee.")
    kind = r.text(data, "kind", "fee.")
    if kind and kind not in FEE_KINDS:
        r.fail("fee.kind", f"{kind!r} is not one of {', '.join(sorted(FEE_KINDS))}")
    rule = FeeRule(
        kind=kind or UNKNOWN,
        amount=r.integer(data, "amount", "fee."),
        online_amount=r.integer(data, "online_amount", "fee."),
        first_pages=r.integer(data, "first_pages", "fee.") or 0,
        first_pages_amount=r.integer(data, "first_pages_amount", "fee."),
        next_page_amount=r.integer(data, "next_page_amount", "fee."),
        cap=r.integer(data, "cap", "fee."),
        note_vi=r.text(data, "note_vi", "fee.", required=False),
        note_en=r.text(data, "note_en", "fee.", required=False),
        exemptions_vi=r.texts(data, "exemptions_vi", "fee."),
        exemptions_en=r.texts(data, "exemptions_en", "fee."),
        set_by=r.text(data, "set_by", "fee.", required=False),
    )
    if rule.kind in {"fixed", "per_copy"} and "amount" not in data:
        r.fail("fee.amount", f'missing for kind "{rule.kind}" (use kind "unknown" if not known)')
    if rule.kind == "per_page":
        for key in ("first_pages", "first_pages_amount", "next_page_amount"):
            if key not in data:
                r.fail("fee." + key, 'missing for kind "per_page"')
    if len(rule.exemptions_vi) != len(rule.exemptions_en):
        r.fail("fee.exemptions_en", "must have as many entries as exemptions_vi")
    if rule.set_by not in ("", "ministry", "council"):
        r.fail("fee.set_by", 'must be "ministry" or "council" (leave it out when not known)')
    rates = tuple(
        _parse_rate(r, d, f"fee.rates[{i}].") for i, d in enumerate(r.tables(data, "rates", "fee."))
    )
    return dataclasses.replace(rule, rates=rates) if rates else rule


def _parse_rate(r: _Reader, data: Mapping[str, Any], path: str) -> FeeRate:
    _unknown_keys(r, data, _RATE_KEYS, path)
    rate = FeeRate(
        channel=r.text(data, "channel", path),
        legal_basis=r.text(data, "legal_basis", path),
        kind=r.text(data, "kind", path),
        amount=r.integer(data, "amount", path),
        first_pages=r.integer(data, "first_pages", path) or 0,
        first_pages_amount=r.integer(data, "first_pages_amount", path),
        next_page_amount=r.integer(data, "next_page_amount", path),
        cap=r.integer(data, "cap", path),
        valid_from=r.text(data, "valid_from", path, required=False),
        valid_to=r.text(data, "valid_to", path, required=False),
        support=r.text(data, "support", path, required=False) or "none",
        settlement=r.text(data, "settlement", path, required=False),
        note_vi=r.text(data, "note_vi", path, required=False),
        note_en=r.text(data, "note_en", path, required=False),
    )
    if rate.channel and rate.channel not in CHANNELS:
        r.fail(path + "channel", f"must be one of {', '.join(CHANNELS)}")
    if rate.kind and rate.kind not in FEE_KINDS:
        r.fail(path + "kind", f"{rate.kind!r} is not one of {', '.join(sorted(FEE_KINDS))}")
    if rate.kind in {"fixed", "per_copy"} and "amount" not in data:
        r.fail(path + "amount", f'missing for kind "{rate.kind}"')
    if rate.kind == "per_page":
        for key in ("first_pages", "first_pages_amount", "next_page_amount"):
            if key not in data:
                r.fail(path + key, 'missing for kind "per_page"')
    for key in ("valid_from", "valid_to"):
        value = getattr(rate, key)
        if value and not _DATE_PATTERN.match(value):
            r.fail(path + key, "must be a date yyyy-mm-dd")
    if rate.valid_from and rate.valid_to and rate.valid_to < rate.valid_from:
        r.fail(path + "valid_to", "is before valid_from")
    if rate.support not in SUPPORTS:
        r.fail(path + "support", f"must be one of {', '.join(SUPPORTS)}")
    if rate.support == "covered" and rate.settlement not in SETTLEMENTS:
        r.fail(path + "settlement", f"a covered fee needs one of {', '.join(SETTLEMENTS)}")
    if rate.support != "covered" and rate.settlement:
        r.fail(path + "settlement", 'only for support = "covered"')
    return rate


def _parse_document(r: _Reader, data: Mapping[str, Any], path: str) -> Document:
    _unknown_keys(r, data, _DOC_KEYS, path)
    copies = r.integer(data, "copies", path)
    if copies == 0:
        r.fail(path + "copies", "must be at least 1")
    return Document(
        name_vi=r.text(data, "name_vi", path),
        name_en=r.text(data, "name_en", path),
        copies=copies or 1,
        original=r.boolean(data, "original", path, False),
        note_vi=r.text(data, "note_vi", path, required=False),
        note_en=r.text(data, "note_en", path, required=False),
    )


def parse_form(data: Any, file: str, errors: list[CatalogError]) -> FormSchema:
    """A form from its ``{"fields": [...]}`` mapping (errors recorded in ``errors``)."""
    r = _Reader(file, errors)
    if not isinstance(data, Mapping):
        r.fail("form", "must be a table")
        return FormSchema(())
    return _parse_form(r, data)


def _parse_form(r: _Reader, data: Mapping[str, Any]) -> FormSchema:
    _unknown_keys(r, data, frozenset({"fields"}), "form.")
    specs: list[FieldSpec] = []
    seen: set[str] = set()
    for i, fd in enumerate(r.tables(data, "fields", "form.")):
        spec = _parse_field(r, fd, f"form.fields[{i}].", seen)
        if spec is not None:
            specs.append(spec)
            seen.add(spec.key)
    if not specs and not r.failed:
        r.fail("form.fields", "a form needs at least one field")
    keys = {s.key for s in specs}
    for i, s in enumerate(specs):
        for rule in s.rules:
            if rule.startswith(("id_birth:", "id_sex:")) and rule.split(":", 1)[1] not in keys:
                r.fail(f"form.fields[{i}].rules", f"{rule!r} names no field of this form")
        for source in s.default_from:
            if source.split(".", 1)[0] not in keys:
                r.fail(f"form.fields[{i}].default_from", f"{source!r} names no field of this form")
    return FormSchema(tuple(specs))


def _parse_field(
    r: _Reader, data: Mapping[str, Any], path: str, earlier: set[str]
) -> FieldSpec | None:
    _unknown_keys(r, data, _FIELD_KEYS, path)
    key = r.text(data, "key", path)
    if key and not KEY_PATTERN.match(key):
        r.fail(path + "key", "must be lower_snake_case")
    if key in earlier:
        r.fail(path + "key", f"{key!r} is used twice")
    kind_text = r.text(data, "kind", path)
    try:
        kind = FieldKind(kind_text)
    except ValueError:
        if kind_text:
            r.fail(path + "kind", f"{kind_text!r} is not one of {', '.join(FieldKind)}")
        return None
    choices = tuple(
        Choice(
            value=r.text(c, "value", f"{path}choices[{j}]."),
            label_vi=r.text(c, "label_vi", f"{path}choices[{j}]."),
            label_en=r.text(c, "label_en", f"{path}choices[{j}]."),
        )
        for j, c in enumerate(r.tables(data, "choices", path))
    )
    if kind is FieldKind.CHOICE and not choices:
        r.fail(path + "choices", "a choice field needs choices")
    show_if = _condition(r, data, "show_if", path, earlier)
    from_card = r.text(data, "from_card", path, required=False)
    if from_card and from_card not in CARD_ATTRIBUTES:
        r.fail(path + "from_card", f"{from_card!r} is not a field of the ID card")
    rules = r.texts(data, "rules", path)
    for rule in rules:
        if not _RULE_PATTERN.match(rule):
            r.fail(path + "rules", f"unknown rule {rule!r}")
    bounds: list[float | None] = []
    for name in ("minimum", "maximum"):
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            r.fail(path + name, "must be a number")
            value = None
        bounds.append(value)
    return FieldSpec(
        key=key,
        kind=kind,
        label_vi=r.text(data, "label_vi", path),
        label_en=r.text(data, "label_en", path),
        required=r.boolean(data, "required", path, True),
        help_vi=r.text(data, "help_vi", path, required=False),
        help_en=r.text(data, "help_en", path, required=False),
        from_card=from_card,
        editable=r.boolean(data, "editable", path, True),
        choices=choices,
        show_if=show_if,
        minimum=bounds[0],
        maximum=bounds[1],
        rules=rules,
        max_length=r.integer(data, "max_length", path),
        **_known_answer_keys(r, data, path, earlier, kind),
    )


def _known_answer_keys(
    r: _Reader, data: Mapping[str, Any], path: str, earlier: set[str], kind: FieldKind
) -> dict[str, Any]:
    """The keys saying where a field's answer is already known from, and its page."""
    resident_if = _condition(r, data, "resident_if", path, earlier)
    spouse_if = _condition(r, data, "spouse_if", path, earlier)
    implied = None
    if "implied" in data:
        cond = _condition(r, data, "implied", path, earlier)
        value = r.text(r.table(data, "implied", path), "value", path + "implied.")
        if cond is not None:
            implied = Implied(cond.field, cond.equals, value)
    parts = r.texts(data, "parts", path)
    for part in parts:
        if part not in PERSON_PARTS:
            r.fail(path + "parts", f"{part!r} is not one of {', '.join(PERSON_PARTS)}")
    if (parts or resident_if or spouse_if) and kind is not FieldKind.PERSON:
        r.fail(path + "kind", "parts, resident_if and spouse_if are for person fields")
    default_from = r.texts(data, "default_from", path)
    return {
        "page": r.integer(data, "page", path) or 0,
        "parts": parts,
        "resident_if": resident_if,
        "spouse_if": spouse_if,
        "implied": implied,
        "default_from": default_from,
    }


def _condition(
    r: _Reader, data: Mapping[str, Any], key: str, path: str, earlier: set[str]
) -> ShowIf | None:
    """A ``{ field = "...", equals = [...] }`` table naming an earlier field, or None."""
    if key not in data:
        return None
    table = r.table(data, key, path)
    ref = r.text(table, "field", f"{path}{key}.")
    if ref and ref not in earlier:
        r.fail(f"{path}{key}.field", f"{ref!r} is not an earlier field")
    return ShowIf(field=ref, equals=r.texts(table, "equals", f"{path}{key}."))


def procedure_to_dict(p: Procedure) -> dict[str, Any]:
    """The TOML/JSON structure of ``p`` (what the backend serves); round-trips with
    :func:`parse_procedure`. Unknown figures are left out or written as "unknown"."""
    fee: dict[str, Any] = {"kind": p.fee.kind}
    for f in dataclasses.fields(FeeRule):
        v = getattr(p.fee, f.name)
        if f.name == "rates":
            if v:
                fee["rates"] = [_rate_to_dict(rate) for rate in v]
        elif f.name != "kind" and v not in (None, "", (), 0):
            fee[f.name] = list(v) if isinstance(v, tuple) else v
    out: dict[str, Any] = {
        "code": p.code,
        "name_vi": p.name_vi,
        "name_en": p.name_en,
        "category": p.category,
        "level": p.level.value,
        "processing_days": UNKNOWN if p.processing_days is None else p.processing_days,
        "agency_vi": p.agency_vi,
        "agency_en": p.agency_en,
        "description_vi": p.description_vi,
        "description_en": p.description_en,
        "synonyms": list(p.synonyms),
        "popularity": p.popularity,
        "result_vi": p.result_vi,
        "result_en": p.result_en,
        "legal_basis": list(p.legal_basis),
        "any_ward": p.any_ward,
        "delivery": p.delivery,
        "delivery_note_vi": p.delivery_note_vi,
        "delivery_note_en": p.delivery_note_en,
        "competent": p.competent,
        "fee": fee,
        "documents": [
            {k: v for k, v in dataclasses.asdict(d).items() if v not in ("",)} for d in p.documents
        ],
        "form": form_to_dict(p.form),
    }
    return out


def _rate_to_dict(rate: FeeRate) -> dict[str, Any]:
    out: dict[str, Any] = {"channel": rate.channel, "legal_basis": rate.legal_basis}
    for f in dataclasses.fields(FeeRate):
        v = getattr(rate, f.name)
        if (f.name not in out and v not in (None, "", f.default)) or f.name == "kind":
            out[f.name] = v
    return out


def form_to_dict(form: FormSchema) -> dict[str, Any]:
    return {"fields": [_field_to_dict(s) for s in form.fields]}


def _field_to_dict(s: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"key": s.key, "kind": s.kind.value}
    defaults = {f.name: f.default for f in dataclasses.fields(FieldSpec)}
    for f in dataclasses.fields(FieldSpec):
        if f.name in {"key", "kind"}:
            continue
        v = getattr(s, f.name)
        if f.name in {"label_vi", "label_en"} or v != defaults.get(f.name, ()):
            if f.name == "choices":
                v = [dataclasses.asdict(c) for c in v]
            elif isinstance(v, ShowIf | Implied):
                v = {
                    k: list(x) if isinstance(x, tuple) else x
                    for k, x in dataclasses.asdict(v).items()
                }
            elif isinstance(v, tuple):
                v = list(v)
            if v is None or v in ((), []):
                continue
            out[f.name] = v
    return out
