"""Valid answers for any form field, to fill a whole bundled form in tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.prefill import card_value

TODAY = date(2026, 11, 23)
ADDRESS = {"province_code": 1, "commune_code": 70, "street": "Số 5 phố Hàng Bạc"}


def valid_answer(spec: FieldSpec) -> Any:
    if spec.kind is FieldKind.DATE:
        return "01/06/2026" if "not_past" not in spec.rules else "01/06/2027"
    if spec.kind is FieldKind.NUMBER:
        return str(int(spec.minimum or 1))
    if spec.kind is FieldKind.CHOICE:
        return spec.choices[0].value
    if spec.kind is FieldKind.YES_NO:
        return "yes"
    if spec.kind is FieldKind.ID_NUMBER:
        return "001089012345"
    if spec.kind is FieldKind.PHONE:
        return "0912 345 678"
    if spec.kind is FieldKind.EMAIL:
        return "an@example.com"
    if spec.kind is FieldKind.ADDRESS:
        return dict(ADDRESS)
    if spec.kind is FieldKind.PERSON:
        ages = [int(r.split(":")[1]) for r in spec.rules if r.startswith("age_at_least:")]
        born = date(1995, 3, 2) if ages else date(2026, 10, 1)
        return {"full_name": "Trần Thị Hoa", "date_of_birth": born, "sex": "Nữ", "id_number": ""}
    if spec.kind is FieldKind.DELIVERY:
        return {"method": "post", "address": dict(ADDRESS)}
    if spec.kind is FieldKind.AGENCY:
        return {"filing_ward": 70}
    if spec.kind is FieldKind.PERSON_NAME:
        return "Lê Thị Mai"
    return "Nội dung"


def filled_form(schema: FormSchema, identity: CitizenIdentity) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for spec in schema.fields:
        from_card = card_value(spec, identity)
        answers[spec.key] = valid_answer(spec) if from_card is None else from_card
    return answers
