"""Form pages stay the same whatever the answers; birth registration has three; the card's
facts are never a page of their own and never come before a question."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.domain.catalog_reader import CatalogError
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema, ShowIf
from kiosk.domain.form_parsing import parse_form
from kiosk.domain.pages import PAGE_WEIGHT, card_fixed, form_pages, page_of, weight
from kiosk.domain.procedure import Procedure
from kiosk.visit.session import VisitSession
from tests.factories import BIRTH, CERTIFIED_COPY, TEMP_RESIDENCE, card_result, catalog, procedure


def keys(pages: list[list[FieldSpec]]) -> list[list[str]]:
    return [[f.key for f in page] for page in pages]


def test_birth_registration_is_three_named_pages() -> None:
    pages = keys(form_pages(procedure(BIRTH).form))
    assert pages == [
        [
            "relationship",  # the question first: in view without scrolling
            "applicant_name", "applicant_dob", "applicant_sex", "applicant_id",
            "applicant_residence",
        ],
        ["child", "child_birth_place", "child_ethnicity", "child_nationality"],
        ["mother", "has_father", "father", "phone", "email", "delivery"],
    ]  # fmt: skip


@pytest.mark.parametrize(("code", "count"), [(TEMP_RESIDENCE, 2), (CERTIFIED_COPY, 2)])
def test_short_forms_stay_short(code: str, count: int) -> None:
    pages = form_pages(procedure(code).form)
    assert len(pages) == count
    # a question first, the card's facts after the first page's questions; no page holds
    # more questions than it can
    first = pages[0]
    assert not card_fixed(first[0])
    assert card_fixed(first[-1])
    assert not any(card_fixed(f) for page in pages[1:] for f in page)
    for page in pages:
        assert sum(weight(f) for f in page) <= PAGE_WEIGHT or len(page) == 1


def test_temporary_residence_asks_on_its_first_page() -> None:
    pages = keys(form_pages(procedure(TEMP_RESIDENCE).form))
    assert pages[0][:4] == ["temporary_address", "housing", "host_name", "months"]
    assert pages[1] == ["phone", "email", "delivery"]


def session_with_card(p: Procedure) -> VisitSession:
    s = VisitSession(clock=lambda: datetime(2026, 11, 23, 9), ward_code="00004")
    s.choose_procedure(p)
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    return s


def test_no_page_of_any_form_is_only_what_the_card_fixes() -> None:
    """Every page asks something, its first shown field is a question, and the pages stay
    the same whatever the resident answers ("Trang x/y" never changes)."""
    for p in catalog().procedures:
        for ask_agency in (False, True):
            for page in form_pages(p.form, ask_agency=ask_agency):
                assert not all(card_fixed(f) for f in page), (p.code, page)
                assert not card_fixed(page[0]), (p.code, page[0].key)
        s = session_with_card(p)
        pages = keys(s.form_pages())
        for n, page in enumerate(s.form_pages()):
            shown = [f for f in page if s.is_shown(f)]
            if not shown:
                continue  # passed over, its number kept
            first = s.prefilled.get(shown[0].key)
            assert first is None or first.editable, (p.code, n, shown[0].key)
        # every choice the resident can make, one after another: the pages do not move
        for f in p.form.fields:
            pre = s.prefilled.get(f.key)
            if pre is not None and not pre.editable:
                continue  # the card's, not the resident's
            for c in f.choices:
                s.set_answer(f.key, c.value)
                assert keys(s.form_pages()) == pages, (p.code, f.key, c.value)


def test_every_bundled_form_keeps_its_fields_on_pages_and_the_agency_off_them() -> None:
    for p in catalog().procedures:
        pages = form_pages(p.form)
        placed = [f.key for page in pages for f in page]
        asked = [f.key for f in p.form.fields if f.kind is not FieldKind.AGENCY]
        assert sorted(placed) == sorted(asked), p.code
        assert all(pages), p.code
        with_agency = form_pages(p.form, ask_agency=True)
        assert sum(len(page) for page in with_agency) == len(p.form.fields), p.code


def test_pages_ignore_answers() -> None:
    schema = FormSchema(
        (
            FieldSpec("housing", FieldKind.CHOICE, "Nhà", "Housing"),
            FieldSpec(
                "host",
                FieldKind.PERSON,
                "Chủ nhà",
                "Host",
                show_if=ShowIf("housing", ("rented",)),
            ),
            FieldSpec("months", FieldKind.NUMBER, "Tháng", "Months"),
            FieldSpec("phone", FieldKind.PHONE, "ĐT", "Phone"),
            FieldSpec("delivery", FieldKind.DELIVERY, "Nhận", "Receive"),
        )
    )
    # the signature takes no answers at all: the same list whatever is answered
    assert keys(form_pages(schema)) == [["housing", "host", "months"], ["phone", "delivery"]]
    assert page_of(form_pages(schema), "delivery") == 1
    assert page_of(form_pages(schema), "nothing") is None


def test_a_field_without_a_page_goes_on_the_last_named_page() -> None:
    schema = FormSchema(
        (
            FieldSpec("a", FieldKind.TEXT, "A", "A", page=2),
            FieldSpec("b", FieldKind.TEXT, "B", "B", page=5),
            FieldSpec("c", FieldKind.TEXT, "C", "C"),
        )
    )
    assert keys(form_pages(schema)) == [["a"], ["b", "c"]]


def test_catalog_reads_and_checks_the_new_field_keys() -> None:
    errors: list[CatalogError] = []
    form = parse_form(
        {
            "fields": [
                {"key": "rel", "kind": "choice", "label_vi": "Q", "label_en": "R",
                 "choices": [{"value": "father", "label_vi": "Cha", "label_en": "Father"}]},
                {"key": "father", "kind": "person", "label_vi": "Cha", "label_en": "Father",
                 "parts": ["full_name"], "page": 2, "rules": ["dob_optional"],
                 "resident_if": {"field": "rel", "equals": ["father"]}},
                {"key": "has", "kind": "yes_no", "label_vi": "Có", "label_en": "Has",
                 "implied": {"field": "rel", "equals": ["father"], "value": "yes"}},
                {"key": "eth", "kind": "text", "label_vi": "DT", "label_en": "Eth",
                 "default_from": ["father.ethnicity"]},
            ]
        },
        "x.toml",
        errors,
    )  # fmt: skip
    assert errors == []
    father = form.get("father")
    assert father is not None
    assert father.page == 2
    assert father.parts == ("full_name",)
    assert father.resident_if == ShowIf("rel", ("father",))
    has = form.get("has")
    assert has is not None
    assert has.implied is not None
    assert has.implied.value == "yes"
    bad: list[CatalogError] = []
    parse_form(
        {
            "fields": [
                {"key": "a", "kind": "text", "label_vi": "A", "label_en": "A",
                 "parts": ["shoe_size"], "default_from": ["nowhere"],
                 "spouse_if": {"field": "later", "equals": ["x"]}},
            ]
        },
        "x.toml",
        bad,
    )  # fmt: skip
    paths = sorted(e.field for e in bad)
    assert paths == [
        "form.fields[0].default_from",
        "form.fields[0].kind",
        "form.fields[0].parts",
        "form.fields[0].spouse_if.field",
    ]


def test_new_keys_survive_the_catalog_round_trip() -> None:
    from kiosk.domain.catalog_serialising import form_to_dict

    form = procedure(BIRTH).form
    errors: list[CatalogError] = []
    again = parse_form(form_to_dict(form), "round-trip", errors)
    assert errors == []
    assert again == form
