"""The visit's engine steps: the fee follows the answers from review to receipt."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.backend.api import Satisfaction
from kiosk.config import defaults
from kiosk.domain.dossier import SubmitOutcome
from kiosk.printing.errors import PrinterError, PrinterPaperOutError, PrintJobError
from kiosk.visit.flow import VisitFlow, print_failure
from kiosk.visit.session import ClockError, Step, StepError, VisitSession
from tests.factories import card_result, procedure

EXTRACT_COPY = "2.000635"  # 8,000 a copy; covered online by the city
# Wednesday 2 December 2026, 09:30: a working day after Resolution 77/2025 came into force
NOW = datetime(2026, 12, 2, 9, 30)


def flow_at_review(copies: int, *, now: datetime = NOW) -> VisitFlow:
    cfg = defaults()
    s = VisitSession(clock=lambda: now, ward_code=cfg.kiosk.ward_code)
    s.choose_procedure(procedure(EXTRACT_COPY))
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    s.set_answer("copies", copies)
    s.to_review()
    return VisitFlow(s, cfg, lambda: now)


def outcome_for(flow: VisitFlow) -> SubmitOutcome:
    assert flow.session.dossier is not None
    uuid = flow.session.dossier.dossier_uuid
    return SubmitOutcome(uuid, "000.00.01.H26-261202-0001", True, "t", "u")


def step_of(flow: VisitFlow) -> Step:
    """The step now (read afresh: mypy would keep an earlier assert's narrowing)."""
    return flow.session.step


def test_the_fee_follows_the_answers_from_review_to_receipt() -> None:
    flow = flow_at_review(copies=3)
    shown = flow.preparation()
    assert shown.fee.amount == 24_000
    flow.session.set_answer("copies", 2)
    assert flow.preparation().fee.amount == 16_000
    dossier = flow.start_submit()
    assert step_of(flow) is Step.SUBMITTING
    assert dossier.fee_rule == flow.preparation().fee_rule_ref
    assert dossier.filed_at == NOW
    filed = flow.filed(outcome_for(flow))
    assert step_of(flow) is Step.RECEIPT
    assert filed.receipt.fee_amount_vnd == 16_000
    assert filed.prepared.fee.amount == 16_000
    assert filed.receipt.dossier_code == "000.00.01.H26-261202-0001"
    assert filed.receipt.due_at == datetime(2026, 12, 2, 16, 0)


def test_the_dossier_carries_the_configured_kiosk_and_ward() -> None:
    flow = flow_at_review(copies=1)
    dossier = flow.start_submit()
    assert dossier.kiosk_id == flow.config.kiosk.id
    assert dossier.ward_code == flow.config.kiosk.ward_code


def test_a_wrong_clock_files_nothing_and_keeps_the_answers() -> None:
    flow = flow_at_review(copies=1, now=datetime(2000, 1, 1, 9, 0))
    with pytest.raises(ClockError):
        flow.start_submit()
    assert flow.session.dossier is None
    assert step_of(flow) is Step.REVIEW
    assert flow.session.answers["copies"] == 1


def test_the_rating_names_the_dossier_and_ends_the_visit() -> None:
    flow = flow_at_review(copies=1)
    dossier = flow.start_submit()
    flow.filed(outcome_for(flow))
    flow.session.to_rating()
    rating = flow.rate(Satisfaction.NOT_SATISFIED, ("slow",))
    assert rating is not None
    assert rating.dossier_uuid == dossier.dossier_uuid
    assert rating.procedure_code == EXTRACT_COPY
    assert rating.kiosk_id == flow.config.kiosk.id
    assert (rating.satisfaction, rating.reasons, rating.rated_at) == (
        Satisfaction.NOT_SATISFIED,
        ("slow",),
        NOW,
    )
    assert step_of(flow) is Step.END
    assert flow.session.dossier is None  # forgotten once rated


def test_no_procedure_no_preparation() -> None:
    flow = VisitFlow(VisitSession(clock=lambda: NOW), defaults(), lambda: NOW)
    with pytest.raises(StepError):
        flow.preparation()


def test_a_printer_error_is_told_as_it_is_and_a_bug_as_the_printers_generic_one() -> None:
    paper = PrinterPaperOutError("paper end sensor")
    assert print_failure(paper) is paper
    bug = print_failure(ValueError("layout"))
    assert isinstance(bug, PrintJobError)
    assert bug.detail == "ValueError"
    assert bug.message("vi") == PrinterError.message_vi
    assert "chụp lại mã hồ sơ" in bug.message("vi")
