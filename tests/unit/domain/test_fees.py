from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.fees import (
    compute_fee,
    describe_due_on,
    describe_fee,
    fee_for_answers,
    format_vnd,
)
from kiosk.domain.preparation import KIOSK_CHANNEL
from kiosk.domain.procedure import FeeRate, FeeRule
from tests.factories import procedure

COPY_RULE = FeeRule(
    kind="per_page", first_pages=2, first_pages_amount=2000, next_page_amount=1000, cap=200000
)


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2000),
        (2, 1, 4000),
        (3, 1, 5000),
        (10, 1, 12000),
        (198, 1, 200000),
        (199, 1, 200000),  # 4,000 + 197,000 = 201,000 -> capped
        (500, 1, 200000),
        (3, 4, 20000),
        (500, 2, 400000),
    ],
)
def test_certified_copy_per_page(pages: int, copies: int, expected: int) -> None:
    assert compute_fee(COPY_RULE, pages=pages, copies=copies) == expected


def test_certified_copy_without_page_count_is_unknown() -> None:
    assert compute_fee(COPY_RULE) is None


def test_bundled_rules_match_the_facts() -> None:
    assert compute_fee(procedure("2.000815").fee, pages=3) == 5000
    temp = procedure("1.004194").fee
    assert compute_fee(temp, online=True) == 7000
    assert compute_fee(temp, online=False) == 15000
    perm = procedure("1.004222").fee
    assert (compute_fee(perm, online=False), compute_fee(perm)) == (20000, 10000)
    split = procedure("1.010038").fee
    assert (compute_fee(split, online=False), compute_fee(split)) == (10000, 5000)
    assert compute_fee(procedure("2.000884").fee) == 10000
    assert compute_fee(procedure("2.000635").fee, copies=3) == 24000
    assert compute_fee(procedure("1.001193").fee) == 0
    assert compute_fee(procedure("1.003677").fee) == 0
    assert compute_fee(procedure("1.004873").fee) is None  # set by the province: unknown


def test_unknown_and_missing_figures_stay_unknown() -> None:
    assert compute_fee(FeeRule(kind="unknown")) is None
    assert compute_fee(FeeRule(kind="fixed")) is None
    assert compute_fee(FeeRule(kind="per_copy")) is None
    partial = FeeRule(kind="per_page", first_pages=2, first_pages_amount=2000)
    assert compute_fee(partial, pages=2) == 4000
    assert compute_fee(partial, pages=3) is None


def test_exemption_and_free() -> None:
    assert compute_fee(FeeRule(kind="fixed", amount=15000), exempt=True) == 0
    assert compute_fee(FeeRule(kind="free")) == 0


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="copies"):
        compute_fee(COPY_RULE, pages=1, copies=0)
    with pytest.raises(ValueError, match="pages"):
        compute_fee(COPY_RULE, pages=-1)


def test_fee_from_answers() -> None:
    assert fee_for_answers(COPY_RULE, {"pages": "3", "copies": "2"}) == 10000
    assert fee_for_answers(COPY_RULE, {"pages": 3.0}) == 5000
    assert fee_for_answers(COPY_RULE, {"pages": "three"}) is None


def test_formatting() -> None:
    assert format_vnd(10000, "vi") == "10.000 đ"
    assert format_vnd(1234567, "en") == "1.234.567 đ"
    assert format_vnd(0, "vi") == "Miễn phí"
    assert format_vnd(None, "en") == "Unknown"
    assert describe_fee(procedure("1.004194").fee, "vi") == "15.000 đ (nộp trực tuyến: 7.000 đ)"
    assert describe_fee(COPY_RULE, "en") == (
        "2.000 đ per page for the first 2 pages, 1.000 đ per page after, at most 200.000 đ per copy"
    )
    assert describe_fee(procedure("2.000635").fee, "vi") == "8.000 đ / bản"
    assert describe_fee(procedure("1.004873").fee, "vi").startswith("Chưa rõ - ")


@given(st.integers(1, 1000), st.integers(1, 50))
def test_per_page_is_monotonic_and_capped(pages: int, copies: int) -> None:
    fee = compute_fee(COPY_RULE, pages=pages, copies=copies)
    more = compute_fee(COPY_RULE, pages=pages + 1, copies=copies)
    assert fee is not None
    assert more is not None
    assert fee <= more <= 200000 * copies


# --- the procedure page: what is paid at the kiosk today, before any answer (#13) ----------
KIOSK_DAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("1.001022", "0 đ", "0 đ"),  # a council fee, 0 đ online (Resolution 77/2025)
        ("1.001193", "0 đ", "0 đ"),  # free when on time (Law on Civil Status, art. 11)
        ("1.004194", "Chưa rõ (được hỗ trợ 100%", "Not known (covered 100%"),  # settlement?
        ("2.000815", "Chưa rõ (được hỗ trợ 100%", "Not known (covered 100%"),
        ("1.001653", "Chưa rõ", "Unknown"),  # no figure in the sources: unknown, never 0
    ],
)
def test_due_at_the_kiosk_today(code: str, vi: str, en: str) -> None:
    rule = procedure(code).fee
    assert describe_due_on(rule, "vi", channel=KIOSK_CHANNEL, day=KIOSK_DAY).startswith(vi)
    assert describe_due_on(rule, "en", channel=KIOSK_CHANNEL, day=KIOSK_DAY).startswith(en)


def test_due_of_rates_by_copy_or_page_says_how_it_counts() -> None:
    by_copy = FeeRule(kind="per_copy", rates=(FeeRate("any", "TT 281/2016", "per_copy", 8000),))
    assert describe_due_on(by_copy, "vi", channel="online", day=KIOSK_DAY) == "8.000 đ / bản"
    assert describe_due_on(by_copy, "en", channel="online", day=KIOSK_DAY) == "8.000 đ per copy"
    by_page = FeeRule(
        kind="per_page",
        rates=(FeeRate("any", "TT 226/2016", "per_page", None, 2, 2000, 1000, 200000),),
    )
    assert describe_due_on(by_page, "vi", channel="online", day=KIOSK_DAY) == (
        "Tính theo số trang và số bản"
    )
    # in person, the extract copy's fee is collected: 8,000 đ a copy (Circular 281/2016)
    extract = procedure("2.000635").fee
    assert describe_due_on(extract, "vi", channel="in_person", day=KIOSK_DAY) == "8.000 đ / bản"
    # no rate in force that day: unknown, and the counter tells
    dated = FeeRule(
        kind="fixed", rates=(FeeRate("any", "X", "fixed", 5000, valid_from="2027-01-01"),)
    )
    assert describe_due_on(dated, "vi", channel="online", day=KIOSK_DAY).startswith("Chưa rõ")
