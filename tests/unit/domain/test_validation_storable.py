"""Form answers the city could not store are refused on the kiosk already (#12)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.form import FieldKind, FieldSpec
from kiosk.domain.validation import validate_answer
from tests.unit.domain.form_answers import TODAY


def code_of(kind: FieldKind, value: object) -> str | None:
    field = FieldSpec(key="f", kind=kind, label_vi="Nhãn", label_en="Label")
    msg = validate_answer(field, value, {}, TODAY)
    return None if msg is None else msg.code


@pytest.mark.parametrize("value", ["01/01/2101", "31/12/9999", date(2200, 1, 1), "01/01/1899"])
def test_dates_outside_1900_2100_are_invalid(value: object) -> None:
    assert code_of(FieldKind.DATE, value) == "date.invalid"


def test_the_edges_are_dates() -> None:
    assert code_of(FieldKind.DATE, "01/01/1900") is None
    assert code_of(FieldKind.DATE, "31/12/2100") is None


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e400", float("nan")])
def test_non_finite_numbers_are_invalid(value: object) -> None:
    assert code_of(FieldKind.NUMBER, value) == "number.invalid"
