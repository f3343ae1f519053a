"""Working days in Vietnam and the due date printed on the receipt.

A working day is Monday to Friday and not a public holiday known to the ``holidays`` package
for Vietnam (Tết, Hùng Kings' day and the government's substituted days off included). No lunar
calendar is written by hand here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache

from kiosk.lang import Lang

#: safety limit: no statutory time is anywhere near this
MAX_DAYS = 3660


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    import holidays  # ~50 ms to import: on the first date computed, not at start-up

    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_holiday(day: date) -> bool:
    return day in _holidays_for(day.year)


def is_working_day(day: date, *, is_off: Callable[[date], bool] = is_holiday) -> bool:
    return day.weekday() < 5 and not is_off(day)


def next_working_day(day: date, *, is_off: Callable[[date], bool] = is_holiday) -> date:
    """``day`` itself if it is a working day, else the next one."""
    for _ in range(MAX_DAYS):
        if is_working_day(day, is_off=is_off):
            return day
        day += timedelta(days=1)
    raise ValueError("no working day found")  # pragma: no cover - only with a broken calendar


def add_working_days(
    start: datetime, days: int, *, is_off: Callable[[date], bool] = is_holiday
) -> datetime:
    """The moment ``days`` working days after ``start``, at the same time of day.

    ``days == 0`` (same-day procedures) gives ``start`` when it is a working day. A dossier
    received on a weekend or a holiday is counted from the next working day, as if received
    then. The date part moves; the time of day is kept.
    """
    if days < 0 or days > MAX_DAYS:
        raise ValueError("days must be between 0 and 3660")
    day = start.date()
    if not is_working_day(day, is_off=is_off):
        day = next_working_day(day, is_off=is_off)
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, is_off=is_off):
            remaining -= 1
    return datetime.combine(day, start.timetz())


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def format_due(dt: datetime, lang: Lang) -> str:
    """``"14 giờ 30 phút, ngày 19/02/2026"`` (Form 01) or ``"14:30, 19/02/2026"``."""
    if lang == "vi":
        return f"{dt.hour:02d} giờ {dt.minute:02d} phút, ngày {dt:%d/%m/%Y}"
    return f"{dt.hour:02d}:{dt.minute:02d}, {dt:%d/%m/%Y}"
