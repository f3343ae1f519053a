"""The journeys' scripts and their count of card facts (the walks themselves: tests/screen)."""

from __future__ import annotations

from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from ui.walkthrough.journeys import NO_CARD_FACTS, Pick, Tap, Type, card_values, journeys


def test_card_values_are_what_a_resident_would_type_from_the_card() -> None:
    values = card_values(SAMPLE_CITIZEN)
    assert SAMPLE_CITIZEN.spouse_name.casefold() in values
    assert SAMPLE_CITIZEN.full_name.casefold() in values
    assert "14/05/1989" in values  # the birth date as typed
    assert "số 12 ngõ 34 phố đội cấn" in values  # the residence's street alone
    assert "nguyễn thị mai" not in values


def test_no_script_types_what_the_card_holds() -> None:
    values = card_values(SAMPLE_CITIZEN)
    for code, actions in journeys().items():
        for a in actions:
            if isinstance(a, Type | Pick):
                typed = a.text if isinstance(a, Type) else a.row
                assert typed.casefold() not in values, (code, a)


def test_scripts_name_fields_their_forms_have() -> None:
    catalog = load_catalog(bundled_catalog_dir()).catalog
    for code, actions in journeys().items():
        procedure = catalog.get(code)
        assert procedure is not None, code
        keys = {f.key for f in procedure.form.fields}
        for a in actions:
            name = a.name.split("-", 1)[1]  # input-KEY[-part], choice-KEY-VALUE
            assert any(name == k or name.startswith(f"{k}-") for k in keys), (code, a.name)
    assert {a.fact for a in journeys()["1.001193"] if isinstance(a, Type)} >= set(NO_CARD_FACTS)
    assert any(isinstance(a, Tap) for a in journeys()["1.001193"])
