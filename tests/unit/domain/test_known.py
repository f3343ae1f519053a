"""What the kiosk already knows: card, resident-as-parent, spouse, implied, once, defaults."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import pytest

from kiosk.card.identity import identity_from
from kiosk.card.lds.dg13 import parse_dg13
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema, ShowIf
from kiosk.domain.known import DEFAULT_DELIVERY_METHOD, VisitFacts, known_answers
from kiosk.domain.residence import residence_address
from kiosk.domain.validation import validate_form
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.simulators.virtual_card.file_tree import build_dg13
from kiosk.visit.session import Step, StepError, VisitSession
from tests.factories import BIRTH, CERTIFIED_COPY, TEMP_RESIDENCE, card_result, procedure
from tests.unit.domain.form_answers import TODAY

FACTS = VisitFacts(SAMPLE_CITIZEN, filing_ward=4)
BA_DINH = 4


def birth_known(answers: dict[str, Any], identity: Any = SAMPLE_CITIZEN) -> dict[str, Any]:
    known = known_answers(procedure(BIRTH).form, answers, VisitFacts(identity, 4))
    return {k: v for k, v in known.items()}


def test_the_demo_card_names_the_spouse_in_dg13_field_14() -> None:
    dg13 = parse_dg13(build_dg13(SAMPLE_CITIZEN))
    assert dg13.strings[14] == ["Trần Thị Hoa"]
    assert identity_from(dg13, None).spouse_name == "Trần Thị Hoa"


def test_resident_father_comes_from_the_card_and_is_locked() -> None:
    known = birth_known({"relationship": "father"})
    father = known["father"]
    assert (father.editable, father.from_card, father.asked) == (False, True, True)
    assert father.value == {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": SAMPLE_CITIZEN.date_of_birth,
        "sex": "Nam",
        "id_number": "001089012345",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
        "residence": SAMPLE_CITIZEN.place_of_residence,
    }
    # the mother's name is the card's spouse, editable and marked as from the card
    mother = known["mother"]
    assert mother.value == {"full_name": "Trần Thị Hoa"}
    assert (mother.editable, mother.from_card) == (True, True)
    # "has a father" is not asked when the resident is the father
    assert (known["has_father"].value, known["has_father"].asked) == ("yes", False)


def test_resident_mother_gets_the_spouse_as_father_and_is_asked_has_father() -> None:
    her = dataclasses.replace(
        SAMPLE_CITIZEN, full_name="Trần Thị Hoa", sex="Nữ", spouse_name="Nguyễn Văn An"
    )
    known = birth_known({"relationship": "mother"}, her)
    assert known["mother"].value["full_name"] == "Trần Thị Hoa"
    assert known["mother"].value["sex"] == "Nữ"
    assert not known["mother"].editable
    assert known["father"].value == {"full_name": "Nguyễn Văn An"}
    assert "has_father" not in known  # asked: she may declare no father


def test_no_spouse_on_the_card_means_no_name_is_made_up() -> None:
    single = dataclasses.replace(SAMPLE_CITIZEN, spouse_name="")
    known = birth_known({"relationship": "father"}, single)
    assert "mother" not in known


def test_grandparent_is_neither_parent() -> None:
    known = birth_known({"relationship": "grandparent"})
    assert not {"father", "mother", "has_father"} & set(known)
    assert "child_ethnicity" not in known  # no parent known yet: nothing to default from


def test_child_nationality_and_ethnicity_default_from_the_parents() -> None:
    known = birth_known({"relationship": "father"})
    assert known["child_ethnicity"].value == "Kinh"
    assert known["child_nationality"].value == "Việt Nam"
    assert known["child_ethnicity"].editable
    assert not known["child_ethnicity"].from_card
    # a mother the resident typed with her own ethnicity is used when no father is given
    typed = {"relationship": "other", "mother": {"full_name": "Lò Thị Hoa", "ethnicity": "Thái"}}
    assert birth_known(typed)["child_ethnicity"].value == "Thái"


def test_postal_address_defaults_to_the_card_residence_by_post() -> None:
    known = birth_known({})
    delivery = known["delivery"]
    assert delivery.value == {
        "method": DEFAULT_DELIVERY_METHOD,
        "address": {
            "province_code": 1,
            "commune_code": BA_DINH,
            "street": "Số 12 ngõ 34 phố Đội Cấn",
        },
    }
    assert delivery.editable


def test_a_residence_naming_an_old_district_is_not_guessed() -> None:
    old = dataclasses.replace(
        SAMPLE_CITIZEN, place_of_residence="Số 12 ngõ 34 phố Đội Cấn, Quận Ba Đình, Hà Nội"
    )
    assert residence_address(old.place_of_residence) is None
    assert birth_known({}, old)["delivery"].value == {"method": "post"}
    assert residence_address("Hà Nội") is None
    assert residence_address("Số 1, Phường Láng, Tỉnh Không Có") is None


def test_filing_agency_is_the_kiosks_ward_and_not_asked() -> None:
    known = known_answers(procedure(TEMP_RESIDENCE).form, {}, FACTS)
    assert known["filing"].value == {"filing_ward": 4}
    assert not known["filing"].asked
    unknown_ward = known_answers(procedure(TEMP_RESIDENCE).form, {}, VisitFacts(SAMPLE_CITIZEN))
    assert "filing" not in unknown_ward


def test_phone_and_email_are_asked_once() -> None:
    schema = FormSchema(
        (
            FieldSpec("phone", FieldKind.PHONE, "ĐT", "Phone"),
            FieldSpec("email", FieldKind.EMAIL, "Thư", "E-mail", required=False),
            FieldSpec("host_phone", FieldKind.PHONE, "ĐT chủ hộ", "Host phone"),
            FieldSpec("host_email", FieldKind.EMAIL, "Thư chủ hộ", "Host e-mail"),
        )
    )
    known = known_answers(schema, {"phone": "0912345678", "email": "an@example.com"}, FACTS)
    assert known["host_phone"].value == "0912345678"
    assert known["host_email"].value == "an@example.com"
    assert not known["host_phone"].asked
    assert not known["host_email"].asked
    assert "phone" not in known
    assert "email" not in known


def test_a_resident_answer_is_not_overridden_by_a_default() -> None:
    schema = FormSchema(
        (
            FieldSpec("a", FieldKind.TEXT, "A", "A"),
            FieldSpec("b", FieldKind.TEXT, "B", "B", default_from=("a",)),
        )
    )
    assert known_answers(schema, {"a": "x"}, FACTS)["b"].value == "x"
    assert known_answers(schema, {}, FACTS) == {}


# --- the session applies them -------------------------------------------------------------


def session_at(code: str) -> VisitSession:
    s = VisitSession(clock=lambda: datetime(2026, 11, 23, 9), ward_code="00004")
    s.choose_procedure(procedure(code))
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    assert s.step is Step.FORM
    return s


def test_session_fills_and_takes_back_what_follows_from_the_relationship() -> None:
    s = session_at(BIRTH)
    assert "father" not in s.answers
    s.set_answer("relationship", "father")
    assert s.answers["father"]["full_name"] == "Nguyễn Văn An"
    assert s.answers["has_father"] == "yes"
    assert s.answers["mother"] == {"full_name": "Trần Thị Hoa"}
    assert not s.is_shown(procedure(BIRTH).form.get("has_father"))  # type: ignore[arg-type]
    with pytest.raises(StepError):
        s.set_answer("father", {"full_name": "Someone Else"})
    # the resident was wrong: they are the grandparent; what came with "father" goes away
    s.set_answer("relationship", "grandparent")
    assert not {"father", "has_father", "mother"} & set(s.answers)
    assert s.is_shown(procedure(BIRTH).form.get("has_father"))  # type: ignore[arg-type]


def test_session_keeps_an_edited_default_and_an_emptied_one() -> None:
    s = session_at(BIRTH)
    s.set_answer("relationship", "father")
    s.set_answer("mother", {"full_name": "Trần Thị Hoà", "date_of_birth": "02/03/1992"})
    s.set_answer("relationship", "mother")  # a slip...
    assert s.answers["mother"]["full_name"] == "Nguyễn Văn An"  # the card holder, locked
    assert "Trần Thị Hoà" in s.personal_values()  # set aside, still redacted and wiped
    s.set_answer("relationship", "father")  # ...corrected: her typed answer stays
    assert s.answers["mother"]["full_name"] == "Trần Thị Hoà"
    s.clear_answer("child_ethnicity")
    assert "child_ethnicity" not in s.answers  # emptied by the resident: not filled again
    s.set_answer("phone", "0912345678")
    assert "child_ethnicity" not in s.answers


def test_birth_registration_as_the_father_needs_only_the_child_and_a_phone() -> None:
    s = session_at(BIRTH)
    s.set_answer("relationship", "father")
    s.set_answer(
        "child", {"full_name": "Nguyễn Thị Mai", "date_of_birth": "01/11/2026", "sex": "Nữ"}
    )
    s.set_answer("child_birth_place", "Bệnh viện Phụ sản Hà Nội")
    s.set_answer("phone", "0912345678")
    assert validate_form(procedure(BIRTH).form, s.answers, TODAY) == {}
    assert s.answers["delivery"]["method"] == "post"
    assert s.answers["filing"] == {"filing_ward": 4}


def test_child_sex_is_required_and_a_parents_birth_date_optional() -> None:
    s = session_at(BIRTH)
    s.set_answer("relationship", "father")
    s.set_answer("child", {"full_name": "Nguyễn Thị Mai", "date_of_birth": "01/11/2026"})
    s.set_answer("child_birth_place", "Bệnh viện Phụ sản Hà Nội")
    s.set_answer("phone", "0912345678")
    errors = validate_form(procedure(BIRTH).form, s.answers, TODAY)
    assert {k: m.code for k, m in errors.items()} == {"child": "sex.invalid"}
    s.set_answer("mother", {"full_name": "Trần Thị Hoa", "date_of_birth": "31/02/1990"})
    errors = validate_form(procedure(BIRTH).form, s.answers, TODAY)
    assert errors["mother"].code == "date.invalid"  # optional, but checked when typed


@pytest.mark.parametrize("code", [BIRTH, TEMP_RESIDENCE, CERTIFIED_COPY])
def test_wipe_forgets_known_answers(code: str) -> None:
    s = session_at(code)
    assert s.prefilled
    s.wipe()
    assert s.prefilled == {}
    assert s.answers == {}
    assert s.is_blank


def test_a_kiosk_without_a_ward_code_asks_the_agency() -> None:
    s = VisitSession(ward_code="")
    s.choose_procedure(procedure(TEMP_RESIDENCE))
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    assert "filing" not in s.answers
    assert any(f.key == "filing" for page in s.form_pages() for f in page)


def test_show_if_shape_is_shared() -> None:
    cond = ShowIf("relationship", ("father",))
    assert cond.holds({"relationship": "father"})
    assert not cond.holds({})
