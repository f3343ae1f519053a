"""Reading one procedure's structure (a TOML file's table) into a checked :class:`Procedure`.

The JSON the backend serves has the same structure as a TOML file (see docs/catalog.md); the
``form`` table is read by :mod:`kiosk.domain.form_parsing`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from kiosk.domain.catalog import CATEGORIES
from kiosk.domain.catalog_reader import UNKNOWN, CatalogError, FieldReader
from kiosk.domain.fees import FEE_KINDS
from kiosk.domain.form import FieldKind
from kiosk.domain.form_parsing import parse_form_table
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

CODE_PATTERN = re.compile(r"^\d\.\d{6}$")

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


def parse_procedure(data: Any, file: str, errors: list[CatalogError]) -> Procedure | None:
    """A :class:`Procedure` from its TOML/JSON mapping, or None after recording the errors."""
    r = FieldReader(file, errors)
    if not isinstance(data, Mapping):
        r.fail("", "a procedure must be a table / object")
        return None
    r.unknown_keys(data, _PROC_KEYS, "")
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
    form = parse_form_table(r, r.table(data, "form", ""))
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


def _parse_fee(r: FieldReader, data: Mapping[str, Any]) -> FeeRule:
    if not data:
        return FeeRule(kind=UNKNOWN)
    r.unknown_keys(data, _FEE_KEYS, "fee.")
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


def _parse_rate(r: FieldReader, data: Mapping[str, Any], path: str) -> FeeRate:
    r.unknown_keys(data, _RATE_KEYS, path)
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


def _parse_document(r: FieldReader, data: Mapping[str, Any], path: str) -> Document:
    r.unknown_keys(data, _DOC_KEYS, path)
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
