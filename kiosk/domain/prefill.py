"""Answers taken from the ID card, each marked as such.

A field with ``from_card`` gets the value of that :class:`CitizenIdentity` attribute
(:func:`card_value`; :func:`kiosk.domain.known.known_answers` applies it first). The screens
show these answers with the "from your ID card" marker; the resident may change one
only when its field says ``editable`` (the procedure allows it). Empty card values are not
pre-filled (the resident types them). What else follows from the card and the answers (a
parent who is the resident, a spouse, defaults) is in :mod:`kiosk.domain.known`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.domain.address import Unit, read_residence
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.form import FieldKind, FieldSpec
from kiosk.domain.idnumber import FEMALE, MALE
from kiosk.domain.procedure import Procedure


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


def default_answers(
    procedure: Procedure, identity: CitizenIdentity, *, filing_ward: int | None = None
) -> dict[str, Any]:
    """Answers the kiosk proposes before the resident types anything (all editable).

    - ``delivery`` fields: the procedure's way of returning a paper result - by post, Hanoi's
      rule since 1/1/2026, unless the procedure says "counter" - with the postal address
      taken from the card's place of residence (:func:`kiosk.domain.address.read_residence`;
      a district-era address is mapped to today's ward). When that address names no single
      ward today (an old ward that was split, or text not recognised), ``address`` is left
      out and the form asks; :func:`residence_choices` lists the wards to offer.
    - ``agency`` fields: the ward where the kiosk stands (``filing_ward``), when given.

    Card values (:func:`card_value`, applied by :func:`kiosk.domain.known.known_answers`)
    are not repeated here. Further defaults of a visit
    (for issue #11: phone and e-mail typed once per visit, the resident's own parent section
    from the card, the other parent's name from the card's spouse field) belong here too, each
    under its own field kind or key, with the visit's earlier answers passed in as an argument.
    """
    out: dict[str, Any] = {}
    for spec in procedure.form.fields:
        if spec.kind is FieldKind.DELIVERY:
            value: dict[str, Any] = {"method": procedure.delivery}
            if procedure.delivery == "post":
                postal = read_residence(identity.place_of_residence).answer()
                if postal is not None:
                    value["address"] = postal
            out[spec.key] = value
        elif spec.kind is FieldKind.AGENCY and filing_ward is not None:
            out[spec.key] = {"filing_ward": filing_ward}
    return out


def residence_choices(identity: CitizenIdentity) -> tuple[Unit, ...]:
    """Today's wards the card's residence may mean when the resident must choose (an old
    ward split between several); empty when there is nothing to choose."""
    reading = read_residence(identity.place_of_residence)
    return reading.candidates if len(reading.candidates) > 1 else ()
