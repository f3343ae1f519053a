"""The Telex engine against the habits of Unikey and bamboo (telex_habit_cases.py)."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from kiosk.domain.telex import TelexEngine, telex
from tests.unit.domain.telex_cases import TELEX_TABLE
from tests.unit.domain.telex_habit_cases import HABIT_TABLE, HABITS, SOURCES, HabitCase


def test_the_table_is_large_and_covers_every_habit_and_source() -> None:
    assert len(HABIT_TABLE) >= 150
    assert len({case.keys for case in HABIT_TABLE}) == len(HABIT_TABLE)  # no duplicate rows
    assert {case.habit for case in HABIT_TABLE} == HABITS
    assert {case.source for case in HABIT_TABLE} == set(SOURCES)
    per_habit = Counter(case.habit for case in HABIT_TABLE)
    assert min(per_habit.values()) >= 3
    assert per_habit["horn-spread"] >= 30
    assert sum(any(ch.isupper() for ch in case.keys) for case in HABIT_TABLE) >= 50
    texts = " ".join(case.expected for case in HABIT_TABLE)
    for word in ("Nguyễn", "Trần", "Phường", "hộ khẩu", "đăng ký khai sinh", "tạm trú"):
        assert word in texts
    assert "chứng thực" in texts


@pytest.mark.parametrize("case", HABIT_TABLE, ids=[c.keys for c in HABIT_TABLE])
def test_habit_table(case: HabitCase) -> None:
    out = telex(case.keys)
    assert out == case.expected
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize("case", HABIT_TABLE, ids=[c.keys for c in HABIT_TABLE])
def test_habit_table_key_by_key_into_one_field(case: HabitCase) -> None:
    """The same keys typed after other text in the same field (the engine keeps no stale
    state from the word before)."""
    engine = TelexEngine()
    before = engine.type_text("Hanf Quoocs, ")
    assert before == "Hàn Quốc, "
    assert engine.type_text(case.keys, before) == before + case.expected


def test_the_existing_table_still_passes() -> None:
    # the habits change nothing that was right before (#17, point 3)
    assert [telex(keys) for keys, _ in TELEX_TABLE] == [e for _, e in TELEX_TABLE]


def test_horn_spreads_only_once_a_letter_follows() -> None:
    engine = TelexEngine()
    seen = []
    text = ""
    for key in "nguwoif":
        text = engine.type_key(text, key)
        seen.append(text)
    assert seen == ["n", "ng", "ngu", "ngư", "ngưo", "ngươi", "người"]


def test_a_spread_horn_is_undone_by_w_like_a_typed_one() -> None:
    assert telex("duwong") == "dương"
    assert telex("duwongw") == "duongw"
    assert telex("duwowngw") == "duongw"


def test_circumflex_on_the_o_of_uo_drops_the_horn_of_the_u() -> None:
    assert telex("buwo") == "bưo"
    assert telex("buwoo") == "buô"
    assert telex("buwowo") == "buô"
    assert telex("buoocw") == "bươc"  # and w turns uô back into ươ


def test_abbreviation_d_needs_a_word_without_vowels() -> None:
    assert telex("NDD") == "NĐ"
    assert telex("NDDD") == "NDD"
    assert telex("ndd") == "nđ"
    assert telex("Eddie") == "Eddie"
    assert telex("oddp") == "oddp"  # bamboo gives "ođp"; Unikey keeps a d after a vowel


def test_stop_final_k_takes_only_sac_and_nang() -> None:
    assert telex("Ddawks") == "Đắk"
    assert telex("Ddawkj") == "Đặk"
    assert telex("Ddawkf") == "Đăkf"
    assert telex("Ddakw") == "Đăk"  # the breve typed after the k
    assert telex("Daks") == "Daks"  # a + k is no rime


def test_marks_that_make_no_rime_are_letters() -> None:
    assert telex("acha") == "acha"  # no "âch"
    assert telex("anhw") == "anhw"  # no "ănh"
    assert telex("eche") == "êch"  # ê + ch is a rime ("ếch")
    assert telex("onhw") == "onhw"


def test_lone_w_is_refused_after_k_and_q() -> None:
    assert telex("kw") == "kw"
    assert telex("qw") == "qw"
    assert telex("khw") == "khư"
    assert telex("gw") == "gư"
