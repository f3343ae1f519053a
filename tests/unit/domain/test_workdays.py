from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.workdays import (
    add_working_days,
    format_due,
    is_holiday,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # an ordinary week: Friday + 1 -> Monday
        (datetime(2026, 11, 20, 9, 0), 1, datetime(2026, 11, 23, 9, 0)),
        # Tết 2026: 16-20 February (Monday to Friday) are holidays
        (datetime(2026, 2, 13, 10, 30), 1, datetime(2026, 2, 23, 10, 30)),
        (datetime(2026, 2, 12, 14, 0), 3, datetime(2026, 2, 24, 14, 0)),
        # Tết 2025: 27 January - 1 February
        (datetime(2025, 1, 24, 8, 0), 1, datetime(2025, 2, 3, 8, 0)),
        # Tết 2027: 4-10 February
        (datetime(2027, 2, 3, 16, 45), 1, datetime(2027, 2, 11, 16, 45)),
        # received on a Tết day: counted from the next working day
        (datetime(2026, 2, 17, 9, 0), 0, datetime(2026, 2, 23, 9, 0)),
        # received on a Saturday, same-day procedure
        (datetime(2026, 11, 21, 9, 0), 0, datetime(2026, 11, 23, 9, 0)),
        # 7 working days across Hùng Kings' day (observed 27/4), 30/4 and 1/5 of 2026
        (datetime(2026, 4, 20, 8, 0), 7, datetime(2026, 5, 4, 8, 0)),
        # same day on a working day
        (datetime(2026, 11, 23, 15, 0), 0, datetime(2026, 11, 23, 15, 0)),
    ],
)
def test_due_dates(start: datetime, days: int, due: datetime) -> None:
    assert add_working_days(start, days) == due


def test_tet_is_known() -> None:
    assert is_holiday(date(2026, 2, 17))  # Lunar New Year 2026
    assert not is_working_day(date(2026, 2, 18))
    assert is_working_day(date(2026, 2, 23))
    assert not is_working_day(date(2026, 11, 22))  # Sunday


def test_injected_calendar() -> None:
    closed = {date(2026, 11, 23)}
    due = add_working_days(datetime(2026, 11, 20, 9), 1, is_off=closed.__contains__)
    assert due == datetime(2026, 11, 24, 9)


def test_bad_day_counts() -> None:
    with pytest.raises(ValueError, match="days"):
        add_working_days(datetime(2026, 1, 5), -1)


def test_format_due() -> None:
    dt = datetime(2026, 2, 23, 14, 5)
    assert format_due(dt, "vi") == "14 giờ 05 phút, ngày 23/02/2026"
    assert format_due(dt, "en") == "14:05, 23/02/2026"


@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)),
    st.integers(1, 40),
)
def test_due_is_a_working_day_exactly_n_working_days_later(start: datetime, days: int) -> None:
    due = add_working_days(start, days)
    assert is_working_day(due.date())
    assert due.time() == start.time()
    first = start.date()
    while not is_working_day(first):
        first += timedelta(days=1)
    assert working_days_between(first, due.date()) == days
