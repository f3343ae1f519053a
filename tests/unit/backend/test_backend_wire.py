"""Dossier JSON on the wire: round trips and refusals."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citybackend.models import DossierSubmission
from kiosk.backend.wire import (
    answer_from_json,
    answer_to_json,
    dossier_from_json,
    dossier_to_json,
    tracking_from_json,
)
from kiosk.domain.citizen import CitizenIdentity, IdentitySource
from kiosk.domain.dossier import Dossier, DossierStatus

# what a kiosk can put in a form: no control characters (the card's strings are cleaned of
# them when read), dates within 1900-2100 (the city refuses others, as its databases must)
answers = st.dictionaries(
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    st.one_of(
        st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
        st.integers(-(10**9), 10**9),
        st.booleans(),
        st.dates(date(1900, 1, 1), date(2100, 12, 31)),
        st.none(),
    ),
    max_size=8,
)


def identity() -> CitizenIdentity:
    return CitizenIdentity(
        "001099000001",
        "Trần Thị Bình",
        date(1985, 2, 3),
        sex="Nữ",
        issue_date=date(2021, 4, 1),
        expiry_text="Không thời hạn",
        source=IdentitySource.STAFF,
        entered_by="staff-7",
        extra={14: b"\x00\xff"},
    )


@given(answers=answers)
def test_dossier_round_trip(answers: dict[str, object]) -> None:
    d = Dossier(
        "1.004194",
        identity(),
        answers,
        "K1",
        "00004",
        datetime(2026, 9, 30, 9, 41, tzinfo=timezone(timedelta(hours=7))),
        fee_vnd=15000,
        due_date=date(2026, 10, 5),
    )
    doc = json.loads(json.dumps(dossier_to_json(d, provisional_ref="TAM-K1-260930-ABCDEF")))
    back = dossier_from_json(doc)
    assert back == d
    assert back.applicant.extra == {14: b"\x00\xff"}
    assert type(back.answers) is dict
    for k, v in answers.items():
        assert type(back.answers[k]) is type(v)
    # and the city's validator accepts exactly this shape
    DossierSubmission.model_validate(doc)


def test_naive_filed_at_survives() -> None:
    d = Dossier("1.004194", identity(), {}, "K1", "00004", datetime(2026, 1, 2, 3, 4))
    assert dossier_from_json(dossier_to_json(d)).filed_at == d.filed_at


@pytest.mark.parametrize("value", [datetime(2026, 1, 1), 1.5, ["a"], {"a": 1}])
def test_unsupported_answers_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        answer_to_json(value)


@pytest.mark.parametrize(
    "item",
    [
        {"type": "int", "value": "3"},
        {"type": "bool", "value": 1},
        {"type": "date", "value": 5},
        {"type": "x", "value": None},
        "str",
    ],
)
def test_mistyped_answers_are_refused(item: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError subclass
        answer_from_json(item)


def test_tracking_shape_is_checked() -> None:
    doc = {
        "code": "C-1",
        "procedure_code": "1.004194",
        "status": 4,
        "due_date": "2026-10-05",
        "applicant_masked": "Trần T** B***",
        "paid": True,
        "history": [{"status": 1, "at": "2026-09-30T02:41:00+00:00", "note": ""}],
    }
    t = tracking_from_json(doc)
    assert t.status is DossierStatus.PROCESSING
    assert t.history[0].status is DossierStatus.NEW
    for broken in (
        {**doc, "status": "4"},
        {**doc, "history": None},
        {**doc, "paid": "yes"},
        {**doc, "status": 11},
    ):
        with pytest.raises(ValueError):  # noqa: PT011
            tracking_from_json(broken)
