"""Searching procedures the way residents type: with or without diacritics, with a typo,
by code, by a synonym.

Text is *folded* (NFD, combining marks dropped, đ -> d, lower case) so "dang ky ket hon" and
"Đăng ký kết hôn" meet. Each procedure's words go into an inverted index with a weight per
field (Vietnamese name > English name, synonyms > description). A query word matches an index
word exactly, as a prefix (people stop typing), or at edit distance 1 (insert, delete, replace
or swap two letters) through a deletion index built once, so a query costs a few dictionary
look-ups rather than a pass over every procedure. Adjacent words of names are also indexed
joined ("dangki", "kethon") for people who skip spaces. "ky"/"ki", "ly"/"li"... are the
same word (both spellings are in use). Fuzzy matching applies only to query
words that are not in the index as typed, and hits far below the best one are dropped.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.domain.procedure import Procedure

_WORD = re.compile(r"[0-9a-z.]+")
_VOWELS = frozenset("aeiouy")

EXACT, PREFIX, FUZZY = 1.0, 0.75, 0.6
CODE_WEIGHT = 3.0
W_NAME_VI, W_NAME_EN, W_SYNONYM, W_JOINED, W_DESC = 1.0, 0.9, 0.9, 0.8, 0.3
PHRASE_BONUS = 0.5
#: hits scoring below this share of the best hit are noise and dropped
RELATIVE_FLOOR = 0.45


def fold(text: str) -> str:
    """Lower case without diacritics: ``"Đăng Ký"`` -> ``"dang ky"``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def words(text: str) -> list[str]:
    """Folded words; dots stay inside codes ("1.001193") and are dropped elsewhere."""
    out = []
    for raw in _WORD.findall(fold(text)):
        word = raw if any(ch.isdigit() for ch in raw) else raw.replace(".", "")
        word = word.strip(".")
        if len(word) >= 2 and word[-1] == "y" and word[-2] not in _VOWELS:
            word = word[:-1] + "i"  # "ky" and "ki", "ly" and "li" are both written
        if word:
            out.append(word)
    return out


def osa_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without substring moves)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class Hit:
    procedure: Procedure
    score: float


class SearchIndex:
    """An inverted index over a fixed list of procedures."""

    def __init__(self, procedures: Sequence[Procedure], *, min_fuzzy_len: int = 3) -> None:
        self._procs = tuple(procedures)
        self._min_fuzzy = min_fuzzy_len
        self._postings: dict[str, dict[int, float]] = {}
        self._phrases: list[tuple[str, ...]] = []
        self._codes: dict[str, int] = {}
        for i, p in enumerate(self._procs):
            self._index_procedure(i, p)
        self._vocab = sorted(self._postings)
        order = sorted(range(len(self._procs)), key=lambda i: (-self._procs[i].popularity, i))
        #: tie-break position of each procedure: more popular first, then catalog order
        self._rank = [0] * len(self._procs)
        for pos, i in enumerate(order):
            self._rank[i] = pos
        self._del_index: dict[str, list[str]] = {}
        for w in self._vocab:
            if len(w) >= self._min_fuzzy and not w[0].isdigit():
                for d in _deletes(w):
                    self._del_index.setdefault(d, []).append(w)

    def _add(self, word: str, idx: int, weight: float) -> None:
        post = self._postings.setdefault(word, {})
        if post.get(idx, 0.0) < weight:
            post[idx] = weight

    def _index_procedure(self, i: int, p: Procedure) -> None:
        code = p.code.lower()
        for form in {code, code.replace(".", ""), code.split(".")[-1]}:
            self._codes.setdefault(form, i)
            self._add(form, i, CODE_WEIGHT)
        for text, weight in (
            (p.name_vi, W_NAME_VI),
            (p.name_en, W_NAME_EN),
            *((s, W_SYNONYM) for s in p.synonyms),
        ):
            ws = words(text)
            for w in ws:
                self._add(w, i, weight)
            for a, b in itertools.pairwise(ws):
                self._add(a + b, i, W_JOINED * weight)
        for w in words(p.description_vi + " " + p.description_en):
            self._add(w, i, W_DESC)
        phrases = [" ".join(words(t)) for t in (p.name_vi, p.name_en, *p.synonyms)]
        self._phrases.append(tuple(phrases))

    def _matches(self, qw: str) -> dict[int, float]:
        """Procedure index -> best score of one query word."""
        best: dict[int, float] = dict(self._postings.get(qw, {}))  # exact: quality 1.0

        def take(word: str, quality: float) -> None:
            for idx, weight in self._postings.get(word, {}).items():
                s = quality * weight
                if best.get(idx, 0.0) < s:
                    best[idx] = s

        if len(qw) >= 2:
            lo = bisect.bisect_right(self._vocab, qw)
            hi = bisect.bisect_left(self._vocab, qw + "\uffff")
            for word in self._vocab[lo:hi]:
                take(word, PREFIX)
        if qw not in self._postings and len(qw) >= self._min_fuzzy and not qw[0].isdigit():
            seen: set[str] = set()
            for key in (qw, *_deletes(qw)):
                for word in self._del_index.get(key, ()):
                    if word not in seen and word != qw:
                        seen.add(word)
                        if osa_distance(qw, word, 1) <= 1:
                            take(word, FUZZY)
            for word in self._postings.keys() & _deletes(qw):
                if word not in seen and len(word) >= self._min_fuzzy - 1:
                    take(word, FUZZY)
        return best

    def ranked(self, query: str, limit: int = 20) -> list[Hit]:
        """Procedures for ``query``, best first (score, then popularity, then code)."""
        qws = list(dict.fromkeys(words(query)))
        if not qws or limit <= 0:
            return []
        n = len(qws)
        totals: dict[int, float] = {}
        counts: dict[int, int] = {}
        for qw in qws:
            for idx, s in self._matches(qw).items():
                totals[idx] = totals.get(idx, 0.0) + s
                counts[idx] = counts.get(idx, 0) + 1
        need = math.ceil(n / 2)
        phrase = " ".join(qws)
        phrases = self._phrases
        scored: list[tuple[float, int]] = []
        for idx, total in totals.items():
            c = counts[idx]
            if c < need:
                continue
            score = total / n
            # a phrase match implies every word matched exactly: test only those
            if n > 1 and c == n and any(phrase in ph for ph in phrases[idx]):
                score += PHRASE_BONUS
            scored.append((score, idx))
        if not scored:
            return []
        floor = RELATIVE_FLOOR * max(s for s, _ in scored)
        rank = self._rank
        best = heapq.nsmallest(
            limit, (t for t in scored if t[0] >= floor), key=lambda t: (-t[0], rank[t[1]])
        )
        return [Hit(self._procs[i], round(s, 4)) for s, i in best]

    def search(self, query: str, limit: int = 20) -> list[Procedure]:
        return [h.procedure for h in self.ranked(query, limit)]

    def by_code(self, code: str) -> Procedure | None:
        idx = self._codes.get(code.strip().lower())
        return None if idx is None else self._procs[idx]


def vocabulary(procedures: Iterable[Procedure]) -> set[str]:
    """Every folded word of the procedures' names (for the keyboard's suggestions)."""
    out: set[str] = set()
    for p in procedures:
        out.update(words(p.name_vi))
    return out
