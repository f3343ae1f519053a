"""Declarative form schema: what a procedure asks, field by field.

Answer values by kind (what the UI stores in ``answers[key]`` and what validation accepts):

- ``text``, ``person_name``, ``id_number``, ``phone``, ``email``: ``str``
- ``date``: :class:`datetime.date`, or text ``dd/mm/yyyy`` as typed
- ``number``: ``int`` / ``float``, or its text
- ``choice``: the ``Choice.value`` (``str``)
- ``yes_no``: ``bool``, or ``"yes"`` / ``"no"``
- ``address``: ``{"province_code": int, "commune_code": int, "street": str}`` (two-tier units
  from :mod:`kiosk.domain.address`), or a ``str`` kept exactly as read from an ID card (older
  cards name districts)
- ``person``: ``{"full_name": str, "date_of_birth": date | "dd/mm/yyyy", "sex": "Nam"|"Nữ",
  "id_number": str}`` (``id_number`` may be empty, e.g. for a newborn); a person who is the
  card holder also carries ``ethnicity``, ``nationality`` and ``residence`` from the card
- ``delivery``: ``{"method": "counter" | "post", "address": <address value when post>}``
- ``agency``: ``{"filing_ward": int (commune code where filed), "competent": str}``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.lang import Lang


class FieldKind(StrEnum):
    TEXT = "text"
    PERSON_NAME = "person_name"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    YES_NO = "yes_no"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"  # province + commune pickers and a street line
    PERSON = "person"  # another person (child, spouse): name, date of birth, ID number
    DELIVERY = "delivery"  # counter or post (with postal address)
    AGENCY = "agency"  # filing location and competent agency


#: on-screen keyboard mode for each kind (see ``ui.widgets.keyboard``)
KEYBOARD_MODES: dict[FieldKind, str] = {
    FieldKind.DATE: "date",
    FieldKind.NUMBER: "numeric",
    FieldKind.ID_NUMBER: "numeric",
    FieldKind.PHONE: "phone",
}


@dataclass(frozen=True)
class Choice:
    value: str
    label_vi: str
    label_en: str

    def label(self, lang: Lang) -> str:
        return self.label_vi if lang == "vi" else self.label_en


@dataclass(frozen=True)
class ShowIf:
    """Show a field only when another field has one of these values.

    The same shape says when a person *is* the resident (``resident_if``) or the resident's
    spouse (``spouse_if``): "when ``relationship`` is ``father``".
    """

    field: str
    equals: tuple[str, ...]

    def holds(self, answers: Mapping[str, object]) -> bool:
        return answer_token(answers.get(self.field)) in self.equals


@dataclass(frozen=True)
class Implied:
    """The field's answer follows from another answer, so it is not asked: "has a father"
    is "yes" when the resident said they are the father."""

    field: str
    equals: tuple[str, ...]
    value: str

    def holds(self, answers: Mapping[str, object]) -> bool:
        return answer_token(answers.get(self.field)) in self.equals


#: the parts of a ``person`` answer the resident can be asked, in screen order
PERSON_PARTS: tuple[str, ...] = ("full_name", "date_of_birth", "sex", "id_number")


def answer_token(value: object) -> str:
    """The text a :class:`ShowIf` compares: booleans as "yes"/"no", delivery by its method."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        method = value.get("method")
        return str(method) if method is not None else ""
    if value is None:
        return ""
    return str(value)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: FieldKind
    label_vi: str
    label_en: str
    required: bool = True
    help_vi: str = ""
    help_en: str = ""
    #: name of a CitizenIdentity attribute that pre-fills this field
    from_card: str = ""
    #: whether a card-filled value may be changed by the resident
    editable: bool = True
    choices: tuple[Choice, ...] = ()
    show_if: ShowIf | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: extra rules by name, e.g. "not_future", "age_at_least:18"
    rules: tuple[str, ...] = field(default_factory=tuple)
    #: longest accepted text (characters); None = the kind's default
    max_length: int | None = None
    #: the form page (from 1) the field is on; 0 = laid out automatically (see kiosk.domain.pages)
    page: int = 0
    #: for ``person``: the parts asked (a subset of PERSON_PARTS); empty = all of them
    parts: tuple[str, ...] = ()
    #: for ``person``: this person is the resident (the card holder) when this holds
    resident_if: ShowIf | None = None
    #: for ``person``: this person is the resident's spouse (name from the card) when this holds
    spouse_if: ShowIf | None = None
    #: the answer follows from another one and is not asked when this holds
    implied: Implied | None = None
    #: answers to default from, first one present wins: "father.ethnicity", "phone"
    default_from: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def help(self, lang: Lang) -> str:
        return self.help_vi if lang == "vi" else self.help_en

    def keyboard_mode(self) -> str:
        """Which on-screen keyboard layout suits this field: text, numeric, date or phone."""
        return KEYBOARD_MODES.get(self.kind, "text")

    def person_parts(self) -> tuple[str, ...]:
        """The parts of a ``person`` answer this field asks for."""
        return self.parts or PERSON_PARTS


@dataclass(frozen=True)
class FormSchema:
    fields: tuple[FieldSpec, ...]

    def visible_fields(self, answers: dict[str, object]) -> list[FieldSpec]:
        return [f for f in self.fields if f.show_if is None or f.show_if.holds(answers)]

    def get(self, key: str) -> FieldSpec | None:
        """The field called ``key``, or None."""
        for f in self.fields:
            if f.key == key:
                return f
        return None

    def keys(self) -> list[str]:
        return [f.key for f in self.fields]
