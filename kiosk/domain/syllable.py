"""Vietnamese written syllables: letters with their marks, one tone, and where the tone goes.

A word is read into :class:`Letter` s (base letter, mark: circumflex, breve, horn or the bar
of đ) and one tone (named by its Telex key), whatever the position the tone was written in;
:func:`render_word` writes it back in NFC with the tone where :func:`tone_position` puts it
(the rules are in :mod:`kiosk.domain.telex`'s docstring). :func:`syllable_ok` says whether the
letters spell a syllable at all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Style = Literal["old", "new"]

TONE_KEYS = "sfrxj"
TONE_MARKS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_MARK_OF = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}
_MARK_CHAR = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}
_TONE_OF = {v: k for k, v in TONE_MARKS.items()}
VOWELS = frozenset("aeiouy")
VALID_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
STOP_FINALS = frozenset({"c", "ch", "k", "p", "t"})
_OPEN_PAIRS = frozenset({"oa", "oe", "uy"})


@dataclass
class Letter:
    base: str  # one lower-case letter ("d" for đ)
    mark: str = ""  # "^" circumflex, "(" breve, "+" horn, "-" the bar of đ
    upper: bool = False

    @property
    def vowel(self) -> bool:
        return self.base in VOWELS

    def render(self, tone: str = "") -> str:
        if self.base == "d" and self.mark == "-":
            return "Đ" if self.upper else "đ"
        text = self.base + _MARK_CHAR.get(self.mark, "") + TONE_MARKS.get(tone, "")
        text = unicodedata.normalize("NFC", text)
        return text.upper() if self.upper else text


@dataclass
class Word:
    letters: list[Letter]
    tone: str = ""  # "", or one of TONE_KEYS


def is_word_char(ch: str) -> bool:
    """Letters (with or without diacritics) belong to a word; anything else ends it."""
    return ch.isalpha()


def parse_word(text: str) -> Word:
    """Read a word (precomposed or not, tone anywhere) into letters, marks and its tone."""
    letters: list[Letter] = []
    tone = ""
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            letters.append(Letter("d", "-", ch == "Đ"))
            continue
        parts = unicodedata.normalize("NFD", ch)
        base = parts[0]
        letter = Letter(base.lower(), "", base.isupper())
        for comb in parts[1:]:
            if comb in _MARK_OF:
                letter.mark = _MARK_OF[comb]
            elif comb in _TONE_OF:
                tone = _TONE_OF[comb]
        letters.append(letter)
    return Word(letters, tone)


@dataclass(frozen=True)
class Syllable:
    """Positions in a word: ``nucleus`` are the vowel indices, ``final`` the text after."""

    nucleus: tuple[int, ...]
    final: str


def analyse(letters: list[Letter]) -> Syllable:
    """Where the vowels are ("qu" and "gi" before a vowel are the initial) and what follows."""
    n = len(letters)
    i = 0
    while i < n and not letters[i].vowel:
        i += 1
    if i >= n:
        return Syllable((), "")
    bases = "".join(le.base for le in letters)
    start = i
    # "qu" and "gi" (before another vowel) belong to the initial consonant
    joined_initial = i == 1 and (
        (bases[0] == "q" and bases[1] == "u")
        or (bases[0] == "g" and bases[1] == "i" and letters[1].mark == "")
    )
    if joined_initial and i + 1 < n and letters[i + 1].vowel:
        start = i + 1
    end = start
    while end < n and letters[end].vowel:
        end += 1
    nucleus = tuple(range(start, end))
    final = "".join(le.base + ("-" if le.mark == "-" else "") for le in letters[end:])
    return Syllable(nucleus, final)


def tone_position(letters: list[Letter], style: Style = "old") -> int | None:
    """Index of the vowel that carries the tone, or None when there is no vowel."""
    syl = analyse(letters)
    nucleus = syl.nucleus
    if not nucleus:
        vowels = [i for i, le in enumerate(letters) if le.vowel]
        return vowels[-1] if vowels else None
    marked = [i for i in nucleus if letters[i].mark in {"^", "(", "+"}]
    if marked:
        return marked[-1]
    if len(nucleus) == 1:
        return nucleus[0]
    if len(nucleus) >= 3:
        return nucleus[1]
    if syl.final:
        return nucleus[1]
    pair = "".join(letters[i].base for i in nucleus)
    if pair in _OPEN_PAIRS and style == "new":
        return nucleus[1]
    return nucleus[0]


def render_word(word: Word, style: Style = "old") -> str:
    """The word in NFC, its tone on the vowel :func:`tone_position` picks."""
    pos = tone_position(word.letters, style) if word.tone else None
    return "".join(le.render(word.tone if i == pos else "") for i, le in enumerate(word.letters))


def final_ok(letters: list[Letter], syl: Syllable) -> bool:
    """Whether the final consonants can follow the vowels, marks included.

    "k" only after a lone ă (Đắk Lắk, as bamboo accepts); "ch" and "nh" never after â ă ô ơ ư
    ("ach" + "a" stays "acha": Unikey's rime table has no "âch").
    """
    final = syl.final
    vowels = [letters[i] for i in syl.nucleus]
    if final == "k":
        return len(vowels) == 1 and vowels[0].base == "a" and vowels[0].mark == "("
    if final not in VALID_FINALS:
        return False
    if final in ("ch", "nh"):
        return all(le.mark == "" or (le.base == "e" and le.mark == "^") for le in vowels)
    return True


def syllable_ok(letters: list[Letter]) -> bool:
    """Whether the letters, marks included, spell a Vietnamese syllable (vowels, a final)."""
    syl = analyse(letters)
    return bool(syl.nucleus) and final_ok(letters, syl)
