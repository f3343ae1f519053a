"""The input widget for a form field, by its kind."""

from __future__ import annotations

from kiosk.domain.form import FieldKind, FieldSpec
from kiosk.lang import Lang
from ui.widgets.fields import ChoiceField, FieldWidget, PersonField
from ui.widgets.place_fields import AddressField, AgencyField, DeliveryField


def make_field(spec: FieldSpec, lang: Lang) -> FieldWidget:
    if spec.kind in (FieldKind.CHOICE, FieldKind.YES_NO):
        return ChoiceField(spec, lang)
    if spec.kind is FieldKind.PERSON:
        return PersonField(spec, lang)
    if spec.kind is FieldKind.AGENCY:
        return AgencyField(spec, lang)
    if spec.kind is FieldKind.ADDRESS:
        return AddressField(spec, lang)
    if spec.kind is FieldKind.DELIVERY:
        return DeliveryField(spec, lang)
    return FieldWidget(spec, lang)
