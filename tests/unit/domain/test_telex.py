from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.syllable import parse_word, render_word
from kiosk.domain.telex import TelexEngine, split_word, telex
from tests.unit.domain.telex_cases import TELEX_TABLE


def test_table_is_large_enough() -> None:
    assert len(TELEX_TABLE) >= 60
    assert sum(any(ch.isupper() for ch in keys) for keys, _ in TELEX_TABLE) >= 30


@pytest.mark.parametrize(("keys", "expected"), TELEX_TABLE)
def test_telex_table(keys: str, expected: str) -> None:
    out = telex(keys)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("keys", "old", "new"),
    [
        ("hoaf", "hòa", "hoà"),
        ("thuyr", "thủy", "thuỷ"),
        ("khoer", "khỏe", "khoẻ"),
        ("hoafn", "hoàn", "hoàn"),  # closed syllable: same in both styles
        ("muaf", "mùa", "mùa"),
        ("Quys", "Quý", "Quý"),
    ],
)
def test_tone_placement_styles(keys: str, old: str, new: str) -> None:
    assert telex(keys, "old") == old
    assert telex(keys, "new") == new


@pytest.mark.parametrize("typed", ["hòa", "hoà"])
def test_both_placements_are_understood(typed: str) -> None:
    engine = TelexEngine()
    assert engine.type_key(typed, "z") == "hoa"
    assert engine.type_key(typed, "n") == "hoàn"  # the tone moves to the right vowel
    assert TelexEngine("new").type_key(typed, "x") == "hoã"


def test_tone_follows_the_syllable_as_it_grows() -> None:
    engine = TelexEngine()
    text = ""
    seen = []
    for key in "hoafng":
        text = engine.type_key(text, key)
        seen.append(text)
    assert seen == ["h", "ho", "hoa", "hòa", "hoàn", "hoàng"]


def test_repeating_a_key_undoes_then_types_the_letter() -> None:
    assert telex("as") == "á"
    assert telex("ass") == "as"
    assert telex("asss") == "ass"
    assert telex("ddd") == "dd"
    assert telex("ooo") == "oo"
    assert telex("aww") == "aw"


def test_changing_the_tone_replaces_it() -> None:
    assert telex("asf") == "à"
    assert telex("mootj") == "một"
    assert telex("moojt") == "một"  # tone typed before the final consonant


def test_stop_finals_refuse_tones_they_cannot_carry() -> None:
    assert telex("hocs") == "hóc"
    assert telex("hocf") == "hocf"
    assert telex("baatx") == "bâtx"


def test_non_syllables_keep_the_letter() -> None:
    assert telex("bus") == "bú"  # "bu" is a syllable: Telex applies the tone
    assert telex("bust") == "bút"
    assert telex("test") == "tét"
    assert telex("tests") == "tets"  # a second s undoes the tone


def test_words_are_independent() -> None:
    assert telex("ass as") == "as á"
    assert telex("Haf Nooij, Vieetj Nam.") == "Hà Nội, Việt Nam."


def test_engine_resets_when_the_text_changes_under_it() -> None:
    engine = TelexEngine()
    text = engine.type_text("ass")
    assert text == "as"
    # the cursor moved to another word: its own state starts fresh
    assert engine.type_key("ba", "s") == "bá"


def test_direct_tone_keys() -> None:
    engine = TelexEngine()
    assert engine.set_tone("xin chao", "f") == "xin chào"
    assert engine.set_tone("xin chào", "f") == "xin chao"  # same tone again removes it
    assert engine.set_tone("xin chào", "s") == "xin cháo"
    assert engine.set_tone("xin chào", "z") == "xin chao"
    assert engine.set_tone("123 ", "s") == "123 "  # no word: nothing happens


def test_direct_vietnamese_letters_join_the_word() -> None:
    engine = TelexEngine()
    text = engine.type_text("Nguy")
    text = engine.type_key(text, "ê")
    text = engine.type_key(text, "n")
    text = engine.set_tone(text, "x")
    assert text == "Nguyễn"


def test_split_word() -> None:
    assert split_word("xin chào") == ("xin ", "chào")
    assert split_word("số 12") == ("số 12", "")
    assert split_word("") == ("", "")


@given(st.text(alphabet="abcdeghiklmnopqrstuvwxyADEGHNOQTUWXY ,.", max_size=30))
def test_any_keys_give_nfc_text_without_error(keys: str) -> None:
    out = telex(keys)
    assert unicodedata.is_normalized("NFC", out)
    assert out.count(" ") == keys.count(" ")


@given(st.sampled_from([e for _, e in TELEX_TABLE if " " not in e]))
def test_parse_then_render_is_identity(word: str) -> None:
    assert render_word(parse_word(word)) == word
