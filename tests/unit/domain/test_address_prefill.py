from __future__ import annotations

from datetime import date

from kiosk.domain import address
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.known import VisitFacts, known_answers
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from tests.factories import catalog


def test_two_tier_units() -> None:
    provinces = address.provinces()
    assert len(provinces) == 34
    assert provinces[0].code == address.HANOI
    hanoi = address.communes(address.HANOI)
    assert len(hanoi) == 126
    assert all(u.kind in {"phường", "xã"} for u in hanoi)
    assert [u.name for u in address.find_communes(1, "hoan kiem")] == ["Phường Hoàn Kiếm"]
    unit = address.commune(70)
    assert unit is not None
    assert unit.short_name == "Hoàn Kiếm"


def test_format_address() -> None:
    value = {"province_code": 1, "commune_code": 70, "street": "Số 5 Hàng Bạc"}
    assert address.format_address(value) == "Số 5 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert address.format_address("as read") == "as read"


def test_prefill_from_card() -> None:
    proc = catalog().get("1.004194")
    assert proc is not None
    pre = known_answers(proc.form, {}, VisitFacts(SAMPLE_CITIZEN))
    assert pre["applicant_name"].value == SAMPLE_CITIZEN.full_name
    assert pre["applicant_dob"].value == date(1989, 5, 14)
    assert pre["applicant_sex"].value == "Nam"
    assert pre["permanent_residence"].value == SAMPLE_CITIZEN.place_of_residence
    card_keys = {f.key for f in proc.form.fields if f.from_card}
    assert card_keys <= pre.keys()
    assert all(pre[k].from_card and not pre[k].editable for k in card_keys)
    assert "phone" not in pre


def test_prefill_shapes_and_skips_empty_values() -> None:
    schema = FormSchema(
        (
            FieldSpec("father", FieldKind.PERSON, "Cha", "Father", from_card="father_name"),
            FieldSpec("spouse", FieldKind.PERSON_NAME, "Vợ", "Spouse", from_card="spouse_name"),
            FieldSpec("sex", FieldKind.CHOICE, "Giới tính", "Sex", from_card="sex"),
        )
    )
    who = CitizenIdentity("001189012345", "Trần Thị Hoa", date(1989, 1, 2), sex="NỮ")
    pre = known_answers(schema, {}, VisitFacts(who))
    assert "spouse" not in pre
    assert "father" not in pre
    assert pre["sex"].value == "Nữ"
    pre = known_answers(schema, {}, VisitFacts(SAMPLE_CITIZEN))
    assert pre["father"].value == {"full_name": "Nguyễn Văn Bình"}
