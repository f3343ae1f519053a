"""The one language type, and the check where a language string comes in."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, parse
from kiosk.lang import LANGS, is_lang, lang_problem, parse_lang


def test_the_two_languages_vietnamese_first() -> None:
    assert LANGS == ("vi", "en")
    assert [parse_lang(x) for x in LANGS] == ["vi", "en"]
    assert lang_problem("vi") is None


@pytest.mark.parametrize("value", ["fr", "VI", "", "vi ", None, 1])
def test_anything_else_is_refused_not_taken_for_english(value: object) -> None:
    assert not is_lang(value)
    assert lang_problem(value) == "must be 'vi' or 'en'"
    if isinstance(value, str):
        with pytest.raises(ValueError, match=r"unknown language .*'vi' or 'en'"):
            parse_lang(value)


def test_the_settings_file_is_checked_at_the_edge() -> None:
    with pytest.raises(ConfigError) as info:
        parse({"ui": {"language": "english"}}, "kiosk.toml")
    assert info.value.key == "ui.language"
    assert parse({"ui": {"language": "en"}}, "kiosk.toml").ui.language == "en"
