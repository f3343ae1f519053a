"""Access keys: the card QR, the candidate expiry dates, the identify-screen validation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.card.access.keys import (
    candidate_expiry_dates,
    check_birth_date,
    check_expiry_date,
    check_id_number,
    expiry_for_issue,
    parse_card_qr,
    parse_ddmmyyyy,
)
from kiosk.card.errors import AccessInputError

DOB = date(1989, 5, 14)
QR = "001089012345|012345678|Nguyễn Văn An|14051989|Nam|Số 12 ngõ 34 phố Đội Cấn, Hà Nội|10042021"


def test_qr_fields() -> None:
    qr = parse_card_qr(QR + "\r\n")
    assert qr.id_number == "001089012345"
    assert qr.old_id_number == "012345678"
    assert qr.full_name == "Nguyễn Văn An"
    assert qr.date_of_birth == DOB
    assert qr.sex == "Nam"
    assert qr.address == "Số 12 ngõ 34 phố Đội Cấn, Hà Nội"
    assert qr.issue_date == date(2021, 4, 10)
    assert qr.extra == ()
    assert "Nguy" not in repr(qr)


def test_qr_with_extra_fields_and_no_old_id() -> None:
    qr = parse_card_qr("001089012345||Nguyễn Văn An|14051989|Nam|Hà Nội|10042021|X|Y")
    assert qr.old_id_number == ""
    assert qr.extra == ("X", "Y")


def test_qr_is_parsed_by_content_whatever_the_order() -> None:
    # a 2024-card style list: fields in another order, an expiry, no old ID
    text = "Trần Thị Bích|079315001234|Nữ|02/08/2015|Phường Bến Nghé, TP HCM|15/08/2024|02/08/2029"
    qr = parse_card_qr(text)
    assert qr.id_number == "079315001234"
    assert qr.full_name == "Trần Thị Bích"
    assert qr.sex == "Nữ"
    assert qr.date_of_birth == date(2015, 8, 2)
    assert qr.issue_date == date(2024, 8, 15)
    assert qr.expiry_date == date(2029, 8, 2)
    assert qr.address == "Phường Bến Nghé, TP HCM"
    assert qr.old_id_number == ""
    assert qr.extra == ()


@pytest.mark.parametrize(
    "text",
    ["", "001089012345|x", "00108901234|||14051989|Nam|HN|10042021",
     "001089012345||A|31021989|Nam|HN|10042021", "001089012345||A|Nam|HN"],
)  # fmt: skip
def test_bad_qr_is_an_input_error_with_both_messages(text: str) -> None:
    with pytest.raises(AccessInputError) as info:
        parse_card_qr(text)
    assert info.value.message("vi")
    assert info.value.message("en")
    assert info.value.code == "card.input_invalid"


def test_expiry_rule_for_the_sample_citizen() -> None:
    assert expiry_for_issue(DOB, date(2021, 4, 10)) == date(2029, 5, 14)
    assert candidate_expiry_dates(DOB, date(2021, 4, 10))[0] == date(2029, 5, 14)


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        (date(2010, 1, 1), date(2014, 5, 14)),  # aged 20: until 25
        (date(2012, 5, 13), date(2014, 5, 14)),  # the day before turning 23
        (date(2012, 5, 14), date(2029, 5, 14)),  # within 2 years of 25: until 40
        (date(2027, 6, 1), date(2049, 5, 14)),  # aged 38: until 60
        (date(2047, 5, 14), None),  # aged 58: no expiry
        (date(2055, 1, 1), None),  # aged 65: no expiry
    ],
)
def test_expiry_rule_boundaries(issue: date, expected: date | None) -> None:
    assert expiry_for_issue(DOB, issue) == expected


def test_candidates_without_issue_date_start_with_the_next_milestone() -> None:
    got = candidate_expiry_dates(DOB, today=date(2026, 11, 23))
    # 14th (2003) and 25th (2014) birthdays are before the first chip cards: not tried
    assert got == [date(2029, 5, 14), date(2049, 5, 14)]
    child = date(2015, 3, 2)
    assert candidate_expiry_dates(child, today=date(2026, 11, 23)) == [
        date(2029, 3, 2), date(2040, 3, 2), date(2055, 3, 2), date(2075, 3, 2),
    ]  # fmt: skip
    teen = date(2008, 7, 1)  # turned 14 in 2022: an expired child's card still reads
    assert candidate_expiry_dates(teen, today=date(2026, 11, 23))[-1] == date(2022, 7, 1)


@pytest.mark.parametrize(
    ("dob", "issue", "expected"),
    [
        (date(2015, 3, 2), date(2024, 8, 1), date(2029, 3, 2)),  # aged 9: until 14
        (date(2012, 9, 1), date(2024, 10, 1), date(2037, 9, 1)),  # aged 12.1: within 2 y of 14
        (date(2012, 9, 1), date(2024, 8, 31), date(2026, 9, 1)),  # a day before turning 12
    ],
)
def test_the_age_14_milestone_of_the_2023_law(dob: date, issue: date, expected: date) -> None:
    assert expiry_for_issue(dob, issue) == expected
    assert candidate_expiry_dates(dob, issue)[0] == expected


def test_leap_day_birthdays() -> None:
    got = candidate_expiry_dates(date(2000, 2, 29), today=date(2020, 1, 1))
    assert got[0] == date(2025, 2, 28)


@given(
    dob=st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)),
    issue_age_days=st.integers(min_value=0, max_value=90 * 365),
)
def test_candidates_are_distinct_milestone_birthdays(dob: date, issue_age_days: int) -> None:
    from datetime import timedelta

    issue = dob + timedelta(days=issue_age_days)
    got = candidate_expiry_dates(dob, issue)
    assert 1 <= len(got) == len(set(got)) <= 4
    assert all(d.month in (dob.month, 2, 3) and d.year - dob.year in (14, 25, 40, 60) for d in got)
    expected = expiry_for_issue(dob, issue)
    if expected is not None:
        assert got[0] == expected
        assert expected > issue
        assert all(d > issue for d in got)


def test_id_number_validation() -> None:
    assert check_id_number(" 001 089 012 345 ") == "001089012345"
    for bad in ("00108901234", "0010890123456", "00108901234A"):
        with pytest.raises(AccessInputError):
            check_id_number(bad)


def test_date_input_validation() -> None:
    assert parse_ddmmyyyy("14/05/1989") == DOB
    assert parse_ddmmyyyy("14051989") == DOB
    with pytest.raises(AccessInputError):
        parse_ddmmyyyy("31/02/1989")
    with pytest.raises(AccessInputError):
        check_birth_date("14/05/2090", today=date(2026, 1, 1))
    assert check_birth_date("14/05/1989", today=date(2026, 1, 1)) == DOB
    with pytest.raises(AccessInputError):
        check_expiry_date("01/01/1980", DOB)
    assert check_expiry_date("14/05/2029", DOB) == date(2029, 5, 14)
