"""Dossier preparation: the fee from the answers and the rule in force, due time, delivery,
units and slip (kiosk.domain.preparation), and the defaults proposed before the form."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from kiosk.config import defaults
from kiosk.domain.catalog_parsing import parse_procedure
from kiosk.domain.catalog_reader import CatalogError
from kiosk.domain.catalog_serialising import procedure_to_dict
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.fees import describe_fee_on, quote_fee, rule_for
from kiosk.domain.prefill import default_answers, residence_choices
from kiosk.domain.preparation import (
    SLIP_CT04,
    SLIP_FORM_01,
    Preparation,
    filed_due,
    prepare_dossier,
    prepare_filed,
)
from kiosk.domain.procedure import FeeRate, FeeRule
from kiosk.domain.receipt import PaymentAccount, PaymentState
from kiosk.domain.receipt_building import build_receipt
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import VisitSession
from tests.factories import (
    BIRTH,
    CERTIFIED_COPY,
    TEMP_RESIDENCE,
    card_result,
    catalog,
    procedure,
)

EXTRACT_COPY = "2.000635"
MARRIAGE = "1.000894"
MARITAL_STATUS = "1.004873"
# Wednesday 2 December 2026, 09:30: a working day after Resolution 77/2025 came into force
NOW = datetime(2026, 12, 2, 9, 30)
BEFORE_2026 = date(2025, 12, 15)
CFG = defaults()


def prepare(
    code: str, answers: dict[str, object], identity: CitizenIdentity | None = None
) -> Preparation:
    return prepare_dossier(procedure(code), answers, CFG, lambda: NOW, identity=identity)


# ------------------------------------------------------------------- fee from the answers
def test_three_copies_of_an_extract_are_three_times_the_rate() -> None:
    rule = procedure(EXTRACT_COPY).fee
    online = quote_fee(rule, {"copies": 3}, channel="online", day=NOW.date())
    assert online.amount == 24_000
    # covered 100% by the city; how (not collected, or refunded) is not known: no amount due
    assert online.due is None
    assert online.covered
    assert online.rate is not None
    assert "Nghị quyết 77/2025/NQ-HĐND" in online.legal_basis
    assert "Thông tư 281/2016/TT-BTC" in online.legal_basis
    counter = quote_fee(rule, {"copies": "3"}, channel="in_person", day=NOW.date())
    assert (counter.amount, counter.due) == (24_000, 24_000)
    assert counter.legal_basis == "Thông tư 281/2016/TT-BTC"
    assert not counter.covered
    before = quote_fee(rule, {"copies": 3}, channel="online", day=BEFORE_2026)
    assert (before.amount, before.due) == (24_000, 24_000)
    assert quote_fee(rule, {}, channel="in_person", day=NOW.date()).due == 8_000


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2_000),
        (2, 1, 4_000),
        (3, 1, 5_000),
        (10, 2, 2 * (4_000 + 8 * 1_000)),
        (500, 1, 200_000),  # at most 200,000 per copy
        (500, 3, 600_000),
    ],
)
def test_certified_copy_counts_pages_and_copies(pages: int, copies: int, expected: int) -> None:
    rule = procedure(CERTIFIED_COPY).fee
    q = quote_fee(rule, {"pages": pages, "copies": copies}, channel="in_person", day=NOW.date())
    assert (q.amount, q.due) == (expected, expected)
    assert q.legal_basis == "Thông tư 226/2016/TT-BTC"
    online = quote_fee(rule, {"pages": pages, "copies": copies}, channel="online", day=NOW.date())
    assert online.amount == expected
    assert online.due is None


def test_certified_copy_without_pages_is_unknown() -> None:
    q = quote_fee(procedure(CERTIFIED_COPY).fee, {}, channel="in_person", day=NOW.date())
    assert q.amount is None
    assert q.due is None


def test_council_fees_are_zero_online_from_2026_and_unknown_at_the_counter() -> None:
    rule = procedure(MARITAL_STATUS).fee
    assert rule.set_by == "council"
    online = quote_fee(rule, {}, channel="online", day=NOW.date())
    assert online.due == 0
    assert online.amount is None  # the city's figure is not on file; online it does not matter
    assert online.legal_basis == "Nghị quyết 77/2025/NQ-HĐND"
    assert quote_fee(rule, {}, channel="in_person", day=NOW.date()).due is None
    assert quote_fee(rule, {}, channel="online", day=BEFORE_2026).due is None


def test_birth_registration_on_time_is_free_on_every_channel() -> None:
    for channel in ("online", "in_person"):
        q = quote_fee(procedure(BIRTH).fee, {}, channel=channel, day=NOW.date())
        assert (q.amount, q.due) == (0, 0)
        assert q.legal_basis == "Luật Hộ tịch 2014, Điều 11"


def test_the_newest_rate_in_force_wins_and_a_channel_beats_any() -> None:
    rule = FeeRule(
        kind="fixed",
        rates=(
            FeeRate("any", "A", kind="fixed", amount=1),
            FeeRate("online", "B", kind="fixed", amount=2),
            FeeRate("online", "C", kind="fixed", amount=3, valid_from="2026-01-01"),
            FeeRate("online", "D", kind="fixed", amount=4, valid_to="2020-12-31"),
            FeeRate("in_person", "E", kind="fixed", amount=5, valid_from="2030-01-01"),
        ),
    )
    assert [r.legal_basis for r in rule.rates if r.applies("online", "2026-12-02")] == [
        "A",
        "B",
        "C",
    ]
    assert rule_for(rule, "online", date(2026, 12, 2)).legal_basis == "C"  # type: ignore[union-attr]
    assert rule_for(rule, "online", date(2025, 1, 1)).legal_basis == "B"  # type: ignore[union-attr]
    assert rule_for(rule, "in_person", date(2026, 1, 1)).legal_basis == "A"  # type: ignore[union-attr]
    assert rule_for(rule, "in_person", date(2030, 1, 1)).legal_basis == "E"  # type: ignore[union-attr]
    assert rule_for(FeeRule(kind="fixed", rates=(rule.rates[4],)), "online", NOW.date()) is None


def test_settlement_decides_what_is_due() -> None:
    def due(settlement: str) -> int | None:
        rate = FeeRate(
            "online", "X", kind="fixed", amount=7000, support="covered", settlement=settlement
        )
        return quote_fee(FeeRule("fixed", rates=(rate,)), {}, channel="online", day=NOW.date()).due

    assert due("not_collected") == 0
    assert due("refunded") == 7000  # paid now, refunded later
    assert due("unknown") is None


def test_rates_round_trip_and_are_checked() -> None:
    p = procedure(TEMP_RESIDENCE)
    errors: list[CatalogError] = []
    again = parse_procedure(procedure_to_dict(p), "again", errors)
    assert errors == []
    assert again is not None
    assert again.fee == p.fee
    assert len(p.fee.rates) == 3
    data = procedure_to_dict(p)
    data["fee"]["rates"][0]["channel"] = "fax"
    data["fee"]["rates"][1]["valid_to"] = "31/12/2025"
    data["fee"]["rates"][2]["settlement"] = ""
    data["delivery"] = "pigeon"
    parse_procedure(data, "bad", errors)
    assert {e.field for e in errors} == {
        "fee.rates[0].channel",
        "fee.rates[1].valid_to",
        "fee.rates[2].settlement",
        "delivery",
    }


# ----------------------------------------------------------------------- the preparation
def test_temporary_residence_today() -> None:
    answers = {
        "temporary_address": {"province_code": 1, "commune_code": 199, "street": "Số 5 ngõ 1"},
        "delivery": {
            "method": "post",
            "address": {"province_code": 1, "commune_code": 4, "street": "Số 12"},
        },
    }
    prep = prepare(TEMP_RESIDENCE, answers, identity=SAMPLE_CITIZEN)
    assert prep.channel == "online"
    assert prep.fee.amount == 7000
    assert prep.fee.due is None
    assert prep.slip == SLIP_CT04
    # 3 working days from Wednesday: Monday 7 December, at 16:00
    assert prep.due_at == datetime(2026, 12, 7, 16, 0)
    assert prep.receiving.name == "Điểm phục vụ hành chính công phường Ba Đình"
    assert prep.receiving.ward_code == 4
    # the police of the ward where the temporary residence is, not of the kiosk's ward
    assert prep.competent.name == "Công an phường Láng"
    assert prep.competent.ward_code == 199
    assert prep.delivery.method == "post"
    assert prep.delivery.address == "Số 12, Phường Ba Đình, Thành phố Hà Nội"
    assert prep.delivery.postage_covered is True
    assert "77/2025" in prep.delivery.postage_text("vi")
    assert prep.fee_rule_ref.startswith("Luật Cư trú 2020; Thông tư 75/2022/TT-BTC")
    assert prep.fee_rule_ref.endswith("| online | 2026-01-01")


def test_birth_registration_today() -> None:
    prep = prepare(BIRTH, {}, identity=SAMPLE_CITIZEN)
    assert prep.fee.due == 0
    assert prep.slip == SLIP_FORM_01
    assert prep.competent.name == "Ủy ban nhân dân phường Ba Đình"
    # same day: 16:00, as the counter's afternoon
    assert prep.due_at == datetime(2026, 12, 2, 16, 0)
    late = prepare_dossier(procedure(BIRTH), {}, CFG, lambda: datetime(2026, 12, 2, 15, 45))
    assert late.due_at == datetime(2026, 12, 2, 16, 45)


def test_an_unknown_competent_ward_names_the_catalogs_agency() -> None:
    prep = prepare(TEMP_RESIDENCE, {})
    assert prep.competent.ward_code is None
    assert prep.competent.name == "Công an cấp xã"


def test_a_counter_procedure_keeps_the_counter() -> None:
    assert procedure(MARRIAGE).delivery == "counter"
    prep = prepare(MARRIAGE, {})
    assert prep.delivery.method == "counter"
    assert prep.delivery.postage_covered is None
    assert prep.delivery.postage_text("vi") == ""


def test_postage_is_covered_only_online_from_2026() -> None:
    post = {"delivery": {"method": "post", "address": {}}}
    counter = prepare_dossier(
        procedure(BIRTH), post, CFG, lambda: NOW, channel="in_person"
    ).delivery
    assert counter.postage_covered is None
    old = prepare_dossier(procedure(BIRTH), post, CFG, lambda: datetime(2025, 12, 1, 9, 0))
    assert old.delivery.postage_covered is None


# -------------------------------------------------------------------------- defaults
def test_default_delivery_is_post_to_the_cards_residence() -> None:
    got = default_answers(procedure(TEMP_RESIDENCE), SAMPLE_CITIZEN, filing_ward=4)
    assert got["delivery"]["method"] == "post"
    assert got["delivery"]["address"]["commune_code"] == 4
    assert got["delivery"]["address"]["street"] == "Số 12 ngõ 34 phố Đội Cấn"
    assert got["filing"] == {"filing_ward": 4}
    assert "filing" not in default_answers(procedure(TEMP_RESIDENCE), SAMPLE_CITIZEN)
    assert default_answers(procedure(MARRIAGE), SAMPLE_CITIZEN)["delivery"] == {"method": "counter"}


def test_a_split_old_ward_is_left_for_the_resident() -> None:
    who = dataclasses.replace(
        SAMPLE_CITIZEN,
        place_of_residence="Số 1 Điện Biên Phủ, Phường Điện Biên, Quận Ba Đình, Thành phố Hà Nội",
    )
    got = default_answers(procedure(TEMP_RESIDENCE), who)
    assert got["delivery"] == {"method": "post"}  # no guessed address
    assert len(residence_choices(who)) == 4
    assert residence_choices(SAMPLE_CITIZEN) == ()


# --------------------------------------------------------------------- the catalog
def test_the_catalog_has_thirty_ward_procedures_with_dated_fee_rules() -> None:
    procs = catalog().procedures
    assert len(procs) >= 30
    by_category = {p.category for p in procs}
    assert {"civil_status", "residence", "certification", "social"} <= by_category
    for p in procs:
        assert p.fee.rates, p.code  # every fee is a rule with a channel and a legal basis
        for rate in p.fee.rates:
            assert rate.legal_basis, p.code
            assert rate.channel in ("online", "in_person", "any"), p.code
        # a figure not on file is shown as unknown, never as 0
        q = quote_fee(p.fee, {"pages": 1}, channel="in_person", day=NOW.date())
        if p.fee.kind == "unknown":
            assert q.amount is None, p.code
            assert q.due is None, p.code
        assert p.delivery in ("post", "counter")


def test_unknown_processing_times_give_no_due_date() -> None:
    unknown = [p for p in catalog().procedures if p.processing_days is None]
    assert unknown  # some published procedures state none
    for p in unknown:
        assert prepare_dossier(p, {}, CFG, lambda: NOW).due_at is None


def test_the_slip_of_a_covered_fee_says_so_and_asks_nothing_at_the_kiosk() -> None:
    dossier = Dossier(
        procedure_code=TEMP_RESIDENCE,
        applicant=SAMPLE_CITIZEN,
        answers={"temporary_address": {"province_code": 1, "commune_code": 199, "street": "Số 5"}},
        kiosk_id="K",
        ward_code="00004",
        filed_at=NOW,
    )
    prep = prepare_dossier(procedure(TEMP_RESIDENCE), dossier.answers, CFG, lambda: NOW)
    filed = dataclasses.replace(
        dossier, fee_vnd=prep.fee.due, fee_rule=prep.fee_rule_ref, due_date=prep.due_date
    )
    outcome = SubmitOutcome(filed.dossier_uuid, "000.00.01.H26-261202-0001", True, "t", "u")
    account = PaymentAccount(bank_bin="970436", account="0011001234567")
    r = build_receipt(filed, outcome, procedure(TEMP_RESIDENCE), CFG, payment_account=account)
    assert r.fee_vnd is None
    assert r.fee_amount_vnd == 7000
    assert r.fee_covered
    assert r.fee_text == (
        "7.000 đồng, được thành phố hỗ trợ 100% - số phải nộp: cán bộ sẽ thông báo"
    )
    fee_row = dict(r.rows())["Phí, lệ phí"]
    assert fee_row.endswith(
        "(Luật Cư trú 2020; Thông tư 75/2022/TT-BTC; Nghị quyết 77/2025/NQ-HĐND)"
    )
    assert "Nghị quyết 77/2025/NQ-HĐND" in r.fee_rule_text
    assert r.payment_state is PaymentState.UNKNOWN
    assert r.payment_payload == ""  # no QR for an amount not known to be due
    assert r.competent_agency == "Công an phường Láng"
    assert r.temporary_residence == "Số 5, Phường Láng, Thành phố Hà Nội"
    assert r.due_at == datetime(2026, 12, 7, 16, 0)
    assert r.postage_text.startswith("được hỗ trợ 100%")


def test_the_procedure_page_describes_todays_rule() -> None:
    temp = procedure(TEMP_RESIDENCE).fee
    online = describe_fee_on(temp, "vi", channel="online", day=NOW.date())
    assert online.startswith("7.000 đ - thành phố hỗ trợ 100%")
    assert online.endswith("Nghị quyết 77/2025/NQ-HĐND)")
    counter = describe_fee_on(temp, "en", channel="in_person", day=NOW.date())
    assert counter == "15.000 đ (Luật Cư trú 2020; Thông tư 75/2022/TT-BTC)"
    before = describe_fee_on(temp, "vi", channel="online", day=BEFORE_2026)
    assert before == "7.000 đ (Luật Cư trú 2020; Thông tư 75/2022/TT-BTC)"
    council = describe_fee_on(procedure(MARITAL_STATUS).fee, "vi", channel="online", day=NOW.date())
    assert council.startswith("Miễn phí - lệ phí do HĐND thành phố quy định")
    no_rates = FeeRule("fixed", 10000)
    assert describe_fee_on(no_rates, "vi", channel="online", day=NOW.date()) == "10.000 đ"


def test_the_session_proposes_post_and_files_with_the_preparation() -> None:
    s = VisitSession(clock=lambda: NOW)
    s.choose_procedure(procedure(EXTRACT_COPY))
    s.to_consent()
    s.give_consent()
    s.identified(card_result())
    assert s.answers["delivery"]["method"] == "post"
    assert s.answers["delivery"]["address"]["commune_code"] == 4
    # proposed from the card's residence, and the resident may change it
    assert "delivery" not in s.prefilled or s.prefilled["delivery"].editable
    s.set_answer("copies", 3)
    s.to_review()
    prep = prepare_dossier(procedure(EXTRACT_COPY), s.answers, CFG, lambda: NOW)
    dossier = s.start_submit(kiosk_id="K1", ward_code="00004", prepared=prep)
    assert dossier.fee_vnd is None  # covered online; settlement not known
    assert dossier.fee_rule == prep.fee_rule_ref
    assert "Thông tư 281/2016/TT-BTC" in dossier.fee_rule
    assert dossier.due_date == date(2026, 12, 2)
    assert dossier.competent_ward_code == "4"
    assert dossier.units_version == prep.units_version


# --- the due time of a filed dossier (was repeated in ui/window/main_window.py) -------------------
def _filed(code: str, at: datetime) -> tuple[Dossier, Preparation]:
    p = procedure(code)
    prep = prepare_dossier(p, {}, CFG, lambda: at, identity=SAMPLE_CITIZEN)
    dossier = Dossier(
        procedure_code=code,
        applicant=SAMPLE_CITIZEN,
        answers={},
        kiosk_id="K",
        ward_code="00004",
        filed_at=at,
        fee_vnd=prep.fee.due,
        fee_rule=prep.fee_rule_ref,
        due_date=prep.due_date,
    )
    return dossier, prep


@pytest.mark.parametrize(
    ("code", "filed", "due"),
    [
        # 3 working days, at the counter's afternoon hour
        (TEMP_RESIDENCE, datetime(2026, 12, 2, 9, 30), datetime(2026, 12, 7, 16, 0)),
        # the same day: 16:00, or not sooner than an hour after filing
        (EXTRACT_COPY, datetime(2026, 12, 2, 9, 30), datetime(2026, 12, 2, 16, 0)),
        (EXTRACT_COPY, datetime(2026, 12, 2, 15, 30), datetime(2026, 12, 2, 16, 30)),
    ],
)
def test_the_receipt_takes_the_due_time_from_the_preparation(
    code: str, filed: datetime, due: datetime
) -> None:
    dossier, prep = _filed(code, filed)
    assert prep.due_at == due
    assert filed_due(dossier.due_date, prep) == due
    assert prepare_filed(dossier, procedure(code), CFG) == prep
    outcome = SubmitOutcome(dossier.dossier_uuid, "000.00.01.H26-261202-0001", True, "t", "u")
    for prepared in (prep, None):  # given, or prepared again from the dossier
        r = build_receipt(dossier, outcome, procedure(code), CFG, prepared=prepared)
        assert r.due_at == due


def test_a_due_date_prepared_at_another_moment_keeps_its_date() -> None:
    _, prep = _filed(EXTRACT_COPY, datetime(2026, 12, 2, 15, 30))
    assert filed_due(date(2026, 12, 3), prep) == datetime(2026, 12, 3, 16, 0)
    assert filed_due(None, prep) == prep.due_at
    unknown = dataclasses.replace(prep, due_at=None)
    assert filed_due(None, unknown) is None
    assert filed_due(date(2026, 12, 3), unknown) == datetime(2026, 12, 3, 16, 0)
