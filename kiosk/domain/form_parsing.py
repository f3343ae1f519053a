"""Reading a procedure's ``form`` table into a checked :class:`FormSchema`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from kiosk.domain.catalog_reader import CatalogError, FieldReader
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.form import (
    PERSON_PARTS,
    Choice,
    FieldKind,
    FieldSpec,
    FormSchema,
    Implied,
    ShowIf,
)

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
_FIELD_KEYS = frozenset(f.name for f in dataclasses.fields(FieldSpec))


def parse_form(data: Any, file: str, errors: list[CatalogError]) -> FormSchema:
    """A form from its ``{"fields": [...]}`` mapping (errors recorded in ``errors``)."""
    r = FieldReader(file, errors)
    if not isinstance(data, Mapping):
        r.fail("form", "must be a table")
        return FormSchema(())
    return parse_form_table(r, data)


def parse_form_table(r: FieldReader, data: Mapping[str, Any]) -> FormSchema:
    """The form of a procedure being read by ``r`` (its errors go where ``r``'s go)."""
    r.unknown_keys(data, frozenset({"fields"}), "form.")
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
    r: FieldReader, data: Mapping[str, Any], path: str, earlier: set[str]
) -> FieldSpec | None:
    r.unknown_keys(data, _FIELD_KEYS, path)
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
    r: FieldReader, data: Mapping[str, Any], path: str, earlier: set[str], kind: FieldKind
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
    r: FieldReader, data: Mapping[str, Any], key: str, path: str, earlier: set[str]
) -> ShowIf | None:
    """A ``{ field = "...", equals = [...] }`` table naming an earlier field, or None."""
    if key not in data:
        return None
    table = r.table(data, key, path)
    ref = r.text(table, "field", f"{path}{key}.")
    if ref and ref not in earlier:
        r.fail(f"{path}{key}.field", f"{ref!r} is not an earlier field")
    return ShowIf(field=ref, equals=r.texts(table, "equals", f"{path}{key}."))
