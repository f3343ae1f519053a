"""Writing a :class:`Procedure` back to the TOML/JSON structure it was read from."""

from __future__ import annotations

import dataclasses
from typing import Any

from kiosk.domain.catalog_reader import UNKNOWN
from kiosk.domain.form import FieldSpec, FormSchema, Implied, ShowIf
from kiosk.domain.procedure import FeeRate, FeeRule, Procedure


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
