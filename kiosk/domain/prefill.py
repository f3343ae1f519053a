"""Answers taken from the ID card, each marked as such.

A field with ``from_card`` gets the value of that :class:`CitizenIdentity` attribute. The
screens show these answers with the "from your ID card" marker; the resident may change one
only when its field says ``editable`` (the procedure allows it). Empty card values are not
pre-filled (the resident types them). What else follows from the card and the answers (a
parent who is the resident, a spouse, defaults) is in :mod:`kiosk.domain.known`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.idnumber import FEMALE, MALE

CARD_MARKER_VI = "Lấy từ thẻ căn cước"
CARD_MARKER_EN = "From your ID card"


@dataclass(frozen=True)
class CardAnswer:
    """A pre-filled answer: the value and whether the resident may change it."""

    value: Any
    editable: bool
    from_card: bool = True


def card_marker(lang: str) -> str:
    return CARD_MARKER_VI if lang == "vi" else CARD_MARKER_EN


def card_sex(value: str) -> str:
    """The card's sex ("Nam", "Nữ", or an English spelling) as a form value."""
    v = value.strip().lower()
    if v in {"nam", "male", "m"}:
        return MALE
    if v in {"nữ", "nu", "female", "f"}:
        return FEMALE
    return value


def card_value(spec: FieldSpec, identity: CitizenIdentity) -> Any:
    """The value ``spec`` takes from the card, shaped for its kind (None when absent)."""
    if not spec.from_card:
        return None
    raw = getattr(identity, spec.from_card, None)
    if raw is None or raw == "":
        return None
    if spec.kind is FieldKind.CHOICE and spec.from_card == "sex" and isinstance(raw, str):
        return card_sex(raw)
    if spec.kind is FieldKind.PERSON and isinstance(raw, str):
        return {"full_name": raw}
    if spec.kind is FieldKind.DATE and isinstance(raw, date):
        return raw
    return raw


def prefill_answers(schema: FormSchema, identity: CitizenIdentity) -> dict[str, CardAnswer]:
    """Every answer of ``schema`` the card provides, by field key."""
    out: dict[str, CardAnswer] = {}
    for spec in schema.fields:
        value = card_value(spec, identity)
        if value is not None:
            out[spec.key] = CardAnswer(value, spec.editable)
    return out
