from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kiosk.domain.form import Choice, FieldKind, FieldSpec, FormSchema, ShowIf
from kiosk.domain.idnumber import id_problem, id_warning, parse_id
from kiosk.domain.validation import (
    MESSAGES,
    normalize_phone,
    parse_date,
    validate_answer,
    validate_form,
)
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from tests.factories import catalog
from tests.unit.domain.form_answers import ADDRESS, TODAY, filled_form


def spec(kind: FieldKind, **kw: Any) -> FieldSpec:
    return FieldSpec(key=kw.pop("key", "f"), kind=kind, label_vi="Nhãn", label_en="Label", **kw)


def code_of(field: FieldSpec, value: Any, answers: dict[str, Any] | None = None) -> str | None:
    msg = validate_answer(field, value, answers or {}, TODAY)
    return None if msg is None else msg.code


def test_every_message_is_bilingual() -> None:
    for code, (vi, en) in MESSAGES.items():
        assert vi, code
        assert en, code
        assert vi != en, code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001089012345", None),
        ("079195012345", None),  # female born 1995 in Ho Chi Minh City
        ("001203012345", None),  # male born 2003
        ("00108901234", "id.format"),
        ("0010890123456", "id.format"),
        ("00108901234a", "id.format"),
        ("００1089012345", "id.format"),  # full-width digits
        ("003089012345", None),  # not an old province code: accepted since 1/7/2024
        ("099089012345", None),
    ],
)
def test_id_structure(value: str, expected: str | None) -> None:
    assert code_of(spec(FieldKind.ID_NUMBER), value) == expected


def test_id_consistent_with_birth_and_sex() -> None:
    field = spec(FieldKind.ID_NUMBER, rules=("id_birth:dob", "id_sex:sex"))
    ok = {"dob": date(1989, 5, 14), "sex": "Nam"}
    assert code_of(field, "001089012345", ok) is None
    assert code_of(field, "001089012345", {**ok, "dob": "14/05/1990"}) == "id.birth_year"
    assert code_of(field, "001089012345", {**ok, "sex": "Nữ"}) == "id.sex"
    # century digit 2 (born 2000s) with a 1989 birth date
    assert code_of(field, "001289012345", ok) == "id.birth_year"
    # the other fields not answered yet: structure only
    assert code_of(field, "001089012345", {}) is None


def test_parse_id() -> None:
    parts = parse_id("001195012345")
    assert parts is not None
    assert (parts.province_code, parts.sex, parts.year_of_birth) == (1, "Nữ", 1995)
    assert id_problem("001395012345", birth=date(2095, 1, 1), sex="female") is None


def test_an_unknown_prefix_is_a_staff_warning_not_a_problem() -> None:
    assert id_problem("099089012345") is None
    assert id_warning("099089012345") == "id.province_unknown"
    assert id_warning("001089012345") is None
    assert id_warning("0010890123") is None  # a format problem is id_problem's business


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0912345678", True),
        ("0987 654 321", True),
        ("+84912345678", True),
        ("84 912 345 678", True),
        ("0389.123.456", True),
        ("0523456789", True),
        ("0123456789", False),  # old 11-digit prefix era / not a mobile range
        ("091234567", False),
        ("09123456789", False),
        ("0243 826 1234", False),  # Hanoi landline
        ("0912abc678", False),
    ],
)
def test_mobile_numbers(value: str, ok: bool) -> None:
    assert (code_of(spec(FieldKind.PHONE), value) is None) is ok


def test_normalize_phone() -> None:
    assert normalize_phone("+84 (91) 234-5678") == "0912345678"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("an@example.com", True),
        ("nguyen.van.an+kiosk@mail.gov.vn", True),
        ("an@example", False),
        ("an example@example.com", False),
        ("an@@example.com", False),
        ("an..b@example.com", False),
        (".an@example.com", False),
        ("an@", False),
    ],
)
def test_email(value: str, ok: bool) -> None:
    assert (code_of(spec(FieldKind.EMAIL), value) is None) is ok


def test_dates() -> None:
    field = spec(FieldKind.DATE, rules=("not_future",))
    assert code_of(field, "05/09/1980") is None
    assert code_of(field, date(2026, 11, 23)) is None
    assert code_of(field, "24/11/2026") == "date.future"
    assert code_of(field, "31/02/2020") == "date.invalid"
    assert code_of(field, "1980-09-05") == "date.invalid"
    assert code_of(field, "05/09/1880") == "date.invalid"
    assert code_of(spec(FieldKind.DATE, rules=("not_past",)), "22/11/2026") == "date.past"
    assert parse_date("5.9.1980") == date(1980, 9, 5)


def test_age_rules() -> None:
    adult = spec(FieldKind.DATE, rules=("age_at_least:18",))
    assert code_of(adult, "23/11/2008") is None  # 18 today
    assert code_of(adult, "24/11/2008") == "age.too_young"
    child = spec(FieldKind.DATE, rules=("age_at_most:17",))
    assert code_of(child, "24/11/2008") is None
    msg = validate_answer(child, "23/11/2008", {}, TODAY)
    assert msg is not None
    assert msg.code == "age.too_old"
    assert "18" in msg.vi
    assert "18" in msg.en


def test_names() -> None:
    field = spec(FieldKind.PERSON_NAME)
    assert code_of(field, "Nguyễn Văn An") is None
    assert code_of(field, "H'Hen Niê") is None
    assert code_of(field, "Nguyen2") == "name.invalid"
    assert code_of(field, "  ") == "required"
    assert code_of(field, "A" * 101) == "too_long"


def test_required_and_optional() -> None:
    assert code_of(spec(FieldKind.TEXT), "") == "required"
    assert code_of(spec(FieldKind.TEXT, required=False), "") is None
    assert code_of(spec(FieldKind.TEXT, max_length=5), "123456") == "too_long"


def test_numbers() -> None:
    field = spec(FieldKind.NUMBER, minimum=1, maximum=24)
    assert code_of(field, "3") is None
    assert code_of(field, 24) is None
    assert code_of(field, "0") == "number.min"
    assert code_of(field, "25") == "number.max"
    assert code_of(field, "ba") == "number.invalid"
    assert code_of(field, True) == "number.invalid"


def test_choices_and_yes_no() -> None:
    field = spec(FieldKind.CHOICE, choices=(Choice("Nam", "Nam", "Male"), Choice("Nữ", "Nữ", "F")))
    assert code_of(field, "Nam") is None
    assert code_of(field, "NỮ") is None
    assert code_of(field, "X") == "choice.invalid"
    yn = spec(FieldKind.YES_NO)
    assert code_of(yn, True) is None
    assert code_of(yn, "no") is None
    assert code_of(yn, "maybe") == "yes_no.invalid"


def test_addresses() -> None:
    field = spec(FieldKind.ADDRESS)
    assert code_of(field, dict(ADDRESS)) is None
    assert code_of(field, {**ADDRESS, "commune_code": "70", "province_code": "1"}) is None
    assert code_of(field, "Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội") is None
    assert code_of(field, {**ADDRESS, "province_code": 2}) == "address.province"
    # a commune of Ho Chi Minh City with Hanoi as the province
    assert code_of(field, {**ADDRESS, "commune_code": 26734}) == "address.commune"
    assert code_of(field, {**ADDRESS, "street": ""}) == "address.street"
    assert code_of(field, ["x"]) == "address.invalid"


def test_person() -> None:
    field = spec(FieldKind.PERSON, rules=("age_at_least:18",))
    person = {"full_name": "Trần Thị Hoa", "date_of_birth": "02/03/1995", "sex": "Nữ"}
    assert code_of(field, person) is None
    assert code_of(field, {**person, "id_number": "001195012345"}) is None
    assert code_of(field, {**person, "id_number": "001095012345"}) == "id.sex"
    assert code_of(field, {**person, "date_of_birth": "02/03/2027"}) == "date.future"
    assert code_of(field, {**person, "date_of_birth": "02/03/2010"}) == "age.too_young"
    assert code_of(field, {**person, "full_name": ""}) == "required"
    assert code_of(field, {**person, "sex": "?"}) == "sex.invalid"
    assert code_of(field, "Trần Thị Hoa") == "person.invalid"


def test_delivery_and_agency() -> None:
    delivery = spec(FieldKind.DELIVERY)
    assert code_of(delivery, {"method": "counter"}) is None
    assert code_of(delivery, {"method": "post", "address": dict(ADDRESS)}) is None
    assert code_of(delivery, {"method": "post", "address": {}}) == "address.province"
    assert code_of(delivery, {"method": "post", "address": "Hà Nội"}) == "address.province"
    assert code_of(delivery, {"method": "drone"}) == "delivery.invalid"
    agency = spec(FieldKind.AGENCY)
    assert code_of(agency, {"filing_ward": 70}) is None
    assert code_of(agency, {"filing_ward": "70"}) is None
    assert code_of(agency, {"filing_ward": 999999}) == "agency.invalid"


def test_messages_never_repeat_what_was_typed() -> None:
    secret = "0010890123459"
    msg = validate_answer(spec(FieldKind.ID_NUMBER), secret, {}, TODAY)
    assert msg is not None
    assert secret not in msg.vi
    assert secret not in msg.en


def test_validate_form_checks_visible_fields_only() -> None:
    schema = FormSchema(
        (
            spec(FieldKind.YES_NO, key="has_father"),
            spec(FieldKind.PERSON_NAME, key="father", show_if=ShowIf("has_father", ("yes",))),
            spec(FieldKind.PHONE, key="phone"),
        )
    )
    assert set(validate_form(schema, {"has_father": False}, TODAY)) == {"phone"}
    errors = validate_form(schema, {"has_father": True, "phone": "0912345678"}, TODAY)
    assert set(errors) == {"father"}
    assert errors["father"].text("vi") != errors["father"].text("en")


@pytest.mark.parametrize("code", [p.code for p in catalog().procedures])
def test_every_bundled_form_accepts_a_complete_filing(code: str) -> None:
    proc = catalog().get(code)
    assert proc is not None
    answers = filled_form(proc.form, SAMPLE_CITIZEN)
    assert validate_form(proc.form, answers, TODAY) == {}
    for key in [f.key for f in proc.form.visible_fields(answers) if f.required]:
        emptied = {**answers, key: ""}
        assert key in validate_form(proc.form, emptied, TODAY), key
