"""The on-screen keyboard's keys: the letter rows, the Vietnamese letters and tone keys, the
labels of the keys that are words, punctuation, and the number pads (data only; the widget is
:mod:`ui.widgets.keyboard`)."""

from __future__ import annotations

MODES = ("text", "numeric", "date", "phone")
KEY_MIN_HEIGHT = 64
KEY_MIN_WIDTH = 64

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
#: direct Vietnamese letters: key id -> lower-case letter
VI_LETTERS = {
    "vi_aw": "ă",
    "vi_aa": "â",
    "vi_dd": "đ",
    "vi_ee": "ê",
    "vi_oo": "ô",
    "vi_ow": "ơ",
    "vi_uw": "ư",
}
#: tone keys: key id -> (Telex tone, label)
TONES = {
    "tone_s": ("s", "◌́ sắc"),
    "tone_f": ("f", "◌̀ huyền"),
    "tone_r": ("r", "◌̉ hỏi"),
    "tone_x": ("x", "◌̃ ngã"),
    "tone_j": ("j", "◌̣ nặng"),
    "tone_z": ("z", "xóa dấu"),
}
#: labels of the keys that are words, by language (no English on a Vietnamese screen)
KEY_LABELS: dict[str, tuple[str, str]] = {
    "enter": ("Tiếp ↵", "Next ↵"),
    "caps": ("⇪ CHỮ HOA", "⇪ CAPS"),
    "telex": ("Tự bỏ dấu", "Auto marks"),
    "space": ("dấu cách", "space"),
    "symbols": ("123", "123"),
    "letters": ("abc", "abc"),
    "tone_z": ("xóa dấu", "no mark"),
}
PUNCTUATION = {
    "comma": ",",
    "period": ".",
    "dash": "-",
    "slash": "/",
    "apostrophe": "'",
    "quote": '"',
    "question": "?",
    "exclaim": "!",
}
#: keys of the symbols page that do what a letters-page key does
TWINS = {
    "backspace2": "backspace",
    "dash2": "dash",
    "comma2": "comma",
    "period2": "period",
    "caps_s": "caps",
    "telex_s": "telex",
    "space_s": "space",
    "enter_s": "enter",
}
CHECKABLE = {"shift", "caps", "telex", "caps_s", "telex_s"}
#: the number pads, three keys a row ("" = no key there)
NUMERIC_PADS: dict[str, tuple[str, ...]] = {
    "numeric": ("7", "8", "9", "4", "5", "6", "1", "2", "3", "", "0", ""),
    "date": ("7", "8", "9", "4", "5", "6", "1", "2", "3", "/", "0", ""),
    "phone": ("7", "8", "9", "4", "5", "6", "1", "2", "3", "+", "0", ""),
}
