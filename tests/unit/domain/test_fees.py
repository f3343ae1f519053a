from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.fees import compute_fee, describe_fee, fee_for_answers, format_vnd
from kiosk.domain.procedure import FeeRule
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
