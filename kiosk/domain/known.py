"""What the kiosk already knows, so the resident is never asked it.

:func:`known_answers` looks at a form, the resident's identity and the answers so far, and says
for each field it can answer: the value, whether the resident may change it, whether it came
from the ID card (the screen marks it "from your ID card"), and whether the field is asked at
all. The rules, in the order they apply (a later rule does not override an earlier one):

1. ``from_card``: the card attribute (as :mod:`kiosk.domain.prefill` shapes it).
2. ``resident_if``: the person *is* the resident (birth registration, "I am the father"): the
   whole person from the card, locked.
3. ``spouse_if``: the person is the resident's spouse: the name from the card's spouse field
   (DG13 field 14) where the card has one, editable.
4. ``implied``: the answer follows from another one ("has a father" when the resident is the
   father): answered, not asked.
5. A second phone or e-mail field of the form takes the first one's answer, not asked.
6. ``default_from``: the first of the named answers (or answer parts) present, editable
   (the child's ethnicity and nationality from the parents').
7. Delivery: by post (:data:`DEFAULT_DELIVERY_METHOD`) to the card's residence when the card's
   text names a ward of the lists (:mod:`kiosk.domain.residence`), editable.
8. Filing agency: the kiosk's own ward, not asked (shown on the check-your-answers page).

The session (:meth:`kiosk.visit.session.VisitSession.refresh_known`) applies them after every
answer: a locked or unasked value always wins; an editable default fills only what the resident has
not answered, and is taken back when its reason goes away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.prefill import card_sex, card_value
from kiosk.domain.residence import residence_address

#: how a result is received unless the resident changes it
DEFAULT_DELIVERY_METHOD = "post"
#: kinds asked once per visit: a second field of the kind repeats the first one's answer
_ONCE = (FieldKind.PHONE, FieldKind.EMAIL)


@dataclass(frozen=True)
class Known:
    """An answer the kiosk gives on the resident's behalf."""

    value: Any
    #: the resident may change it
    editable: bool
    #: shown with the "from your ID card" marker
    from_card: bool
    #: shown on the form; False = answered by the kiosk alone
    asked: bool = True


@dataclass(frozen=True)
class VisitFacts:
    """What the kiosk knows besides the answers: who is there, and where."""

    identity: CitizenIdentity
    #: commune code of the kiosk's ward (where the dossier is filed); None = not configured
    filing_ward: int | None = None


def resident_person(identity: CitizenIdentity) -> dict[str, Any]:
    """The card holder as a ``person`` answer, with what a parent's section asks besides."""
    return {
        "full_name": identity.full_name,
        "date_of_birth": identity.date_of_birth,
        "sex": card_sex(identity.sex),
        "id_number": identity.id_number,
        "ethnicity": identity.ethnicity,
        "nationality": identity.nationality,
        "residence": identity.place_of_residence,
    }


def _lookup(answers: Mapping[str, Any], source: str) -> Any:
    key, _, part = source.partition(".")
    value = answers.get(key)
    if part:
        value = value.get(part) if isinstance(value, Mapping) else None
    return None if value in (None, "", {}) else value


def _rule(spec: FieldSpec, answers: Mapping[str, Any], facts: VisitFacts) -> Known | None:
    """The first rule that answers ``spec`` (rules 1-4 and 6-8 of the module docstring)."""
    identity = facts.identity
    value = card_value(spec, identity)
    if value is not None:
        return Known(value, spec.editable, from_card=True)
    if spec.resident_if is not None and spec.resident_if.holds(answers):
        return Known(resident_person(identity), editable=False, from_card=True)
    if spec.spouse_if is not None and spec.spouse_if.holds(answers) and identity.spouse_name:
        return Known({"full_name": identity.spouse_name}, editable=True, from_card=True)
    if spec.implied is not None and spec.implied.holds(answers):
        return Known(spec.implied.value, editable=False, from_card=False, asked=False)
    for source in spec.default_from:
        found = _lookup(answers, source)
        if found is not None:
            return Known(found, editable=True, from_card=False)
    if spec.kind is FieldKind.DELIVERY:
        address = residence_address(identity.place_of_residence)
        if address is not None:
            default = {"method": DEFAULT_DELIVERY_METHOD, "address": address}
            return Known(default, editable=True, from_card=True)
        return Known({"method": DEFAULT_DELIVERY_METHOD}, editable=True, from_card=False)
    if spec.kind is FieldKind.AGENCY and facts.filing_ward is not None:
        return Known(
            {"filing_ward": facts.filing_ward}, editable=False, from_card=False, asked=False
        )
    return None


def known_answers(
    schema: FormSchema, answers: Mapping[str, Any], facts: VisitFacts
) -> dict[str, Known]:
    """Every answer of ``schema`` the kiosk knows, by field key.

    ``answers`` are the resident's so far; rules see them together with what earlier fields
    of the form were given (a child's ethnicity defaults from a parent given by rule 2).
    """
    seen: dict[str, Any] = dict(answers)
    out: dict[str, Known] = {}
    first_of_kind: dict[FieldKind, str] = {}
    for spec in schema.fields:
        known: Known | None
        if spec.kind in _ONCE and spec.kind in first_of_kind:
            first = first_of_kind[spec.kind]
            known = Known(seen.get(first, ""), editable=False, from_card=False, asked=False)
        else:
            first_of_kind.setdefault(spec.kind, spec.key)
            known = _rule(spec, seen, facts)
        if known is not None:
            out[spec.key] = known
            if not known.editable or spec.key not in answers:
                seen[spec.key] = known.value
    # a default may name a field given later in the form (the parents after the child)
    for spec in schema.fields:
        if spec.key not in out and spec.key not in answers and spec.default_from:
            later = _rule(spec, seen, facts)
            if later is not None:
                out[spec.key] = later
    return out
