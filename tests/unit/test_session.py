from datetime import date, datetime

import pytest

from kiosk.backend.api import Satisfaction
from kiosk.domain.dossier import SubmitOutcome
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step, StepError, VisitSession
from tests.factories import card_result, procedure

NOW = datetime(2026, 11, 23, 9, 30)


def session_at_form() -> VisitSession:
    s = VisitSession(clock=lambda: NOW)
    s.choose_procedure(procedure())
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    return s


def step_of(s: VisitSession) -> Step:
    """The step read afresh: mypy would keep an asserted `s.step` narrowed across `s.back()`."""
    return s.step


def test_full_visit_walks_every_step_in_order() -> None:
    seen: list[Step] = []
    s = VisitSession(clock=lambda: NOW)
    s.subscribe(seen.append)
    s.choose_procedure(procedure())
    assert s.progress() == (1, 6)
    s.to_consent()
    s.give_consent()
    assert s.progress() == (3, 6)
    s.identified(card_result())
    s.set_answer("phone", "0912345678")
    s.to_review()
    dossier = s.start_submit(kiosk_id="K1", ward_code="00004", fee_vnd=7000)
    assert dossier.applicant == SAMPLE_CITIZEN
    assert dossier.answers["phone"] == "0912345678"
    assert dossier.filed_at == NOW
    s.submitted(SubmitOutcome(dossier.dossier_uuid, "C-1", True, "t", "u"))
    assert s.progress() == (6, 6)
    s.to_rating()
    s.rate(Satisfaction.SATISFIED)
    assert seen == [
        Step.PROCEDURE,
        Step.CONSENT,
        Step.IDENTIFY,
        Step.FORM,
        Step.REVIEW,
        Step.SUBMITTING,
        Step.RECEIPT,
        Step.RATING,
        Step.END,
    ]
    # at END the thank-you screen shows, and nothing personal remains
    assert s.personal_values() == []
    assert s.dossier is None
    s.finish()
    assert s.is_blank


def test_prefill_marks_card_values_and_protects_locked_ones() -> None:
    s = session_at_form()
    assert s.prefilled, "the procedure pre-fills from the card"
    locked = [k for k, p in s.prefilled.items() if not p.editable]
    assert locked, "identity fields from the card are not editable"
    key = locked[0]
    assert s.answers[key] == s.prefilled[key].value
    with pytest.raises(StepError):
        s.set_answer(key, "someone else")


def test_transitions_out_of_order_are_refused() -> None:
    s = VisitSession()
    with pytest.raises(StepError):
        s.give_consent()
    with pytest.raises(StepError):
        s.identified(card_result())
    s.choose_procedure(procedure())
    with pytest.raises(StepError):
        s.identified(card_result())  # consent first
    with pytest.raises(StepError):
        s.to_review()


def test_back_goes_one_step_and_home_wipes() -> None:
    s = session_at_form()
    s.set_answer("phone", "0912345678")
    s.back()
    assert step_of(s) is Step.IDENTIFY
    s.back()
    s.back()
    assert step_of(s) is Step.PROCEDURE
    s.back()
    assert s.is_blank


def test_submit_failure_keeps_answers_and_reuses_the_dossier() -> None:
    s = session_at_form()
    s.set_answer("phone", "0912345678")
    s.to_review()
    first = s.start_submit(kiosk_id="K", ward_code="W")
    s.submit_failed()
    assert s.step is Step.REVIEW
    assert s.answers["phone"] == "0912345678"
    again = s.start_submit(kiosk_id="K", ward_code="W")
    assert again.dossier_uuid == first.dossier_uuid  # same idempotency key


def test_change_from_review_returns_to_that_page() -> None:
    s = session_at_form()
    s.to_review()
    s.change_answer(1)
    assert s.step is Step.FORM
    assert s.form_page == 1


def test_wipe_forgets_everything_personal() -> None:
    s = session_at_form()
    s.set_answer("phone", "0912345678")
    s.tracking_query = "ABC"
    values = s.personal_values()
    assert SAMPLE_CITIZEN.full_name in values
    assert "0912345678" in values
    assert SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y") in values
    s.wipe()
    assert s.is_blank
    assert s.personal_values() == []
    assert s.card is None
    assert s.identity is None
    assert s.prefilled == {}


def test_tracking_path() -> None:
    s = VisitSession()
    s.start_tracking()
    assert s.step is Step.TRACK
    assert s.progress() is None
    s.back()
    assert s.is_blank


def test_personal_values_flatten_nested_answers() -> None:
    s = session_at_form()
    s.set_answer("x", {"street": "Số 1 Tràng Tiền", "when": date(2020, 1, 2)})
    vals = s.personal_values()
    assert "Số 1 Tràng Tiền" in vals
    assert "02/01/2020" in vals


def test_structured_answers_survive_the_wire_format() -> None:
    from kiosk.backend.wire import flatten_answers, unflatten_answers

    answers = {
        "addr": {"province_code": 1, "commune_code": 4, "street": "Số 1"},
        "delivery": {"method": "post", "address": {"street": "x", "commune_code": 187}},
        "child": {"full_name": "A", "date_of_birth": date(2025, 3, 2)},
        "phone": "0912345678",
    }
    flat = flatten_answers(answers)
    assert flat["delivery.address.commune_code"] == 187
    assert all(not isinstance(v, dict) for v in flat.values())
    assert unflatten_answers(flat) == answers
    with pytest.raises(ValueError, match="dot"):
        flatten_answers({"a.b": 1})
