"""Telex: typing Vietnamese with plain letters (pure Python, no Qt).

Keys (as in Unikey and bamboo, the common input methods; docs/telex.md names the sources):

- ``aa`` â, ``aw`` ă, ``ee`` ê, ``oo`` ô, ``ow`` ơ, ``uw`` ư, ``uow`` ươ, ``dd`` đ; ``w`` with
  no vowel to change types ư ("nhw" -> "như"), except after k and q;
- tones ``s`` sắc, ``f`` huyền, ``r`` hỏi, ``x`` ngã, ``j`` nặng, typed anywhere after the
  vowel ("tieengs" and "tieesng" both give "tiếng"); ``z`` removes the tone; mark keys too
  may come after the final ("tienge" -> "tiêng", "duongw" -> "dương", "dongd" -> "đong");
- the horn spreads over ươ once a letter follows the pair ("nguwoif" -> "người", "duwong" ->
  "dương", "thuowng" -> "thương"; "thuở" stays); ``o`` on ư+o gives uô ("buwoo" -> "buô");
- pressing the same key again undoes it and types the letter ("ass" -> "as", "aaa" -> "aa",
  "ddd" -> "dd", "duwongw" -> "duongw"), and that key then stays a plain letter for the rest
  of the word;
- ``dd`` in a word of consonants only is đ, for abbreviations ("NDD-CP" -> "NĐ-CP",
  "HDDND" -> "HĐND");
- capitals are kept ("NGUYEENX" -> "NGUYỄN", "Dd" -> "Đ"); output is NFC.

Where the tone goes (re-computed after every key, so "hoaf" + "n" gives "hoàn"): on the vowel
with a mark (â ă ê ô ơ ư; the ơ of ươ), else the middle of three vowels, else the second of two
when a final consonant follows, else the first. The open syllables oa, oe, uy follow
:attr:`TelexEngine.style`: ``"old"`` (the default: "hòa", "thủy", "khỏe") is how ID cards and
most texts write them; ``"new"`` ("hoà", "thuỷ", "khoẻ") is the school orthography. Text typed
either way is understood: the word is read back into letters, marks and one tone before each
key, so a tone can be changed or removed whatever its position. Tones that a syllable cannot
carry (huyền, hỏi, ngã after c, ch, k, p, t), marks that make no rime ("ach" + "a" stays
"acha": there is no "âch") and words that are not a Vietnamese syllable (a final like "s" or
"x"; "aloo" stays) take the key as a plain letter. "k" is a final only after ă ("Đắk Lắk").
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field

from kiosk.domain.syllable import (
    STOP_FINALS,
    TONE_KEYS,
    VALID_FINALS,
    Letter,
    Style,
    Word,
    analyse,
    is_word_char,
    parse_word,
    render_word,
    syllable_ok,
)

#: initials that never take a lone "w" as ư (Unikey's isValidCV: k, q only before other vowels)
_NO_U_HORN_AFTER = frozenset({"k", "q"})


@dataclass
class _WordState:
    """What was undone in the current word, so the same key stays a plain letter."""

    literal: set[str] = field(default_factory=set)
    standalone_w: int | None = None  # index of an ư typed by a lone "w"


class TelexEngine:
    """Applies Telex keys to the word before the cursor.

    The engine keeps the undo state of the word being typed; it resets itself when the text
    before the cursor no longer ends with the word it produced (cursor moved, field changed).
    """

    def __init__(self, style: Style = "old") -> None:
        self.style: Style = style
        self._state = _WordState()
        self._last = ""

    def reset(self) -> None:
        self._state = _WordState()
        self._last = ""

    def type_key(self, before: str, key: str) -> str:
        """The new text before the cursor after typing ``key`` (one character)."""
        head, word = split_word(before)
        if word != self._last:
            self._state = _WordState()
        if not is_word_char(key):
            self.reset()
            return before + key
        new = self._step(word, key)
        self._last = new
        return head + new

    def type_text(self, keys: str, before: str = "") -> str:
        """Type every character of ``keys`` in turn (tests, hardware keyboards)."""
        text = before
        for key in keys:
            text = self.type_key(text, key)
        return text

    def set_tone(self, before: str, tone: str) -> str:
        """A tone key of the on-screen keyboard: ``tone`` in "sfrxj" sets (again: removes)
        the tone of the word before the cursor; "z" removes it. No word: nothing changes."""
        head, word_text = split_word(before)
        word = parse_word(word_text)
        if not any(le.vowel for le in word.letters):
            return before
        word.tone = "" if tone in ("z", word.tone) else tone
        new = render_word(word, self.style)
        self._last = new
        return head + new

    def _step(self, text: str, key: str) -> str:
        if not key.isascii():
            # a Vietnamese letter typed directly (ă, ê, ơ, đ, or with a tone): join the word
            # and place the tone again
            word = parse_word(text + key)
            _join_horns(word.letters)
            return render_word(word, self.style)
        word = parse_word(text)
        lower = key.lower()
        state = self._state
        handled = lower not in state.literal and (
            (lower in TONE_KEYS and self._tone(word, key))
            or (lower == "z" and self._untone(word))
            or (lower == "d" and self._bar_d(word, key))
            or (lower in "aeo" and self._circumflex(word, key))
            or (lower == "w" and self._horn(word, key))
        )
        if not handled:
            word.letters.append(Letter(lower, "", key.isupper()))
        _join_horns(word.letters)
        return unicodedata.normalize("NFC", render_word(word, self.style))

    def _tone(self, word: Word, key: str) -> bool:
        lower = key.lower()
        if not syllable_ok(word.letters):
            return False
        if word.tone == lower:
            word.tone = ""
            word.letters.append(Letter(lower, "", key.isupper()))
            self._state.literal.add(lower)
            return True
        if analyse(word.letters).final in STOP_FINALS and lower not in "sj":
            return False
        word.tone = lower
        return True

    def _untone(self, word: Word) -> bool:
        if not word.tone:
            return False
        word.tone = ""
        return True

    def _bar_d(self, word: Word, key: str) -> bool:
        letters = word.letters
        if not letters:
            return False
        first = letters[0]
        if (
            first.base == "d"
            and not any(le.base == "d" for le in letters[1:])
            and (first.mark == "-" or len(letters) == 1 or syllable_ok(letters))
        ):
            target = first
        elif _abbreviation_d(letters):
            target = letters[-1]
        else:
            return False
        if target.mark == "-":
            target.mark = ""
            letters.append(Letter("d", "", key.isupper()))
            self._state.literal.add("d")
        else:
            target.mark = "-"
        return True

    def _circumflex(self, word: Word, key: str) -> bool:
        lower = key.lower()
        letters = word.letters
        if not syllable_ok(letters):
            return False
        nucleus = analyse(letters).nucleus
        for i in reversed(nucleus):
            le = letters[i]
            if le.base != lower:
                continue
            if le.mark == "^":
                le.mark = ""
                letters.append(Letter(lower, "", key.isupper()))
                self._state.literal.add(lower)
                return True
            saved = [x.mark for x in letters]
            le.mark = "^"
            if lower == "o" and i - 1 in nucleus and letters[i - 1].base == "u":
                # ư+o or ư+ơ, then o: uô (Unikey's processRoof; bamboo's "buwoo" -> "buô")
                letters[i - 1].mark = ""
            if not syllable_ok(letters):
                _restore_marks(letters, saved)
                return False
            return True
        return False

    def _horn(self, word: Word, key: str) -> bool:
        letters = word.letters
        state = self._state
        if state.standalone_w is not None and state.standalone_w == len(letters) - 1:
            # "ww": the ư typed by a lone w becomes the letter w
            letters[-1] = Letter("w", "", key.isupper())
            state.standalone_w = None
            state.literal.add("w")
            return True
        syl = analyse(letters)
        if not syl.nucleus:
            if any(le.vowel for le in letters):
                return False
            if "".join(le.base for le in letters) in _NO_U_HORN_AFTER:
                return False
            letters.append(Letter("u", "+", key.isupper()))
            state.standalone_w = len(letters) - 1
            return True
        if syl.final not in VALID_FINALS and syl.final != "k":
            return False
        targets = _horn_targets(letters, syl.nucleus)
        if not targets:
            return False
        wanted = {i: ("(" if letters[i].base == "a" else "+") for i in targets}
        if all(letters[i].mark == m for i, m in wanted.items()):
            for i in targets:
                letters[i].mark = ""
            letters.append(Letter("w", "", key.isupper()))
            state.literal.add("w")
            return True
        saved = [x.mark for x in letters]
        for i, m in wanted.items():
            letters[i].mark = m
        if not syllable_ok(letters):
            _restore_marks(letters, saved)
            return False
        return True


def _restore_marks(letters: list[Letter], marks: list[str]) -> None:
    for le, mark in zip(letters, marks, strict=True):
        le.mark = mark


def _abbreviation_d(letters: list[Letter]) -> bool:
    """A word of consonants only that ends in d: "dd" there is đ ("NDD" -> "NĐ", "HDDND" ->
    "HĐND"), as Unikey allows for abbreviations; "Todd" and "oddp" keep their letters."""
    return (
        len(letters) >= 2
        and letters[-1].base == "d"
        and letters[-2].base != "d"
        and not any(le.vowel for le in letters)
    )


def _join_horns(letters: list[Letter]) -> None:
    """The horn spreads over "ươ" once a letter follows the pair: "uơ" + "ng" ("thuơ" + "ng"
    -> "thương") and "ưo" + "i" or a final ("ngưo" + "i" -> "ngươi", "dưo" + "n" -> "dươn"),
    as in bamboo and Unikey; "thuở" (nothing after) stays."""
    nucleus = analyse(letters).nucleus
    for a, b in itertools.pairwise(nucleus):
        u, o = letters[a], letters[b]
        if u.base != "u" or o.base != "o" or b + 1 >= len(letters):
            continue
        if u.mark == "" and o.mark == "+":
            u.mark = "+"
        elif u.mark == "+" and o.mark == "":
            o.mark = "+"


def _horn_targets(letters: list[Letter], nucleus: tuple[int, ...]) -> list[int]:
    """The vowels a "w" changes: u+o together (ươ; only the o when nothing follows, as in
    "thuở"), the a of "oa", else the first a/o/u."""
    bases = [letters[i].base for i in nucleus]
    for j in range(len(bases) - 1):
        if bases[j] == "u" and bases[j + 1] == "o":
            if nucleus[j + 1] == len(letters) - 1 and letters[nucleus[j]].mark == "":
                return [nucleus[j + 1]]
            return [nucleus[j], nucleus[j + 1]]
    for j in range(len(bases) - 1):
        if bases[j] == "o" and bases[j + 1] == "a":
            return [nucleus[j + 1]]
    for j, b in enumerate(bases):
        if b in "aou":
            return [nucleus[j]]
    return []


def split_word(text: str) -> tuple[str, str]:
    """``("xin ", "chào")`` from ``"xin chào"``: the letters at the end are the word."""
    i = len(text)
    while i > 0 and is_word_char(text[i - 1]):
        i -= 1
    return text[:i], text[i:]


def telex(keys: str, style: Style = "old") -> str:
    """Convert a whole Telex key sequence: ``telex("Vieetj Nam")`` -> ``"Việt Nam"``."""
    return TelexEngine(style).type_text(keys)
