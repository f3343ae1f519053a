"""Searching procedures the way residents type: with or without diacritics, with a typo,
by code, by a synonym.

Text is *folded* (NFD, combining marks dropped, đ -> d, lower case) so "dang ky ket hon" and
"Đăng ký kết hôn" meet. Each procedure's words go into an inverted index with a weight per
field (Vietnamese name > English name, synonyms > description). A query word matches an index
word exactly, as a prefix (people stop typing), or at edit distance 1 (insert, delete, replace
or swap two letters) through a deletion index built once, so a query costs a few dictionary
look-ups and set operations rather than a pass over every procedure (see SearchIndex).
Adjacent words of names are also indexed joined ("dangki", "kethon") for people who skip
spaces. "ky"/"ki", "ly"/"li"... are the same word (both spellings are in use). Fuzzy matching
applies only to query words that are not in the index as typed, and hits far below the best
one are dropped.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.domain.procedure import Procedure

_WORD = re.compile(r"[0-9a-z.]+")
_VOWELS = frozenset("aeiouy")
_DIGITS = frozenset("0123456789")

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
        word = raw if not _DIGITS.isdisjoint(raw) else raw.replace(".", "")
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


#: one word's matches: (score, bit set of procedures), highest score first, sets disjoint
Levels = list[tuple[float, int]]


class SearchIndex:
    """An inverted index over a fixed list of procedures.

    Sets of procedures are Python ints used as bit sets, bit ``k`` standing for the procedure
    in position ``k`` of the tie-break order (more popular first, then catalog order). Each
    indexed word keeps its procedures grouped by weight. A query then works on a few sets of
    2,000 bits (``&``, ``|``, ``^`` run in C) rather than on each procedure: per query word,
    the procedures it matches are grouped by score (best source first: exact, prefix, fuzzy),
    and the procedures matched so far are grouped by (running total, words matched), the
    totals summed in query-word order exactly as a sum per procedure would be. Such groups are
    few (they are distinct scores, not procedures), so a common word or a short prefix that
    matches most of the catalog costs little more than a rare one.
    """

    def __init__(self, procedures: Sequence[Procedure], *, min_fuzzy_len: int = 3) -> None:
        self._procs = tuple(procedures)
        self._min_fuzzy = min_fuzzy_len
        postings: dict[str, dict[int, float]] = {}
        lines = [self._index_procedure(i, p, postings) for i, p in enumerate(self._procs)]
        #: procedure index by bit position: more popular first, then catalog order
        self._order = sorted(range(len(self._procs)), key=lambda i: (-self._procs[i].popularity, i))
        position = [0] * len(self._procs)
        for pos, i in enumerate(self._order):
            position[i] = pos
        #: word -> ((weight, bit set), ...), highest weight first
        self._levels: dict[str, tuple[tuple[float, int], ...]] = {}
        size = (len(self._procs) + 7) // 8
        for word, post in postings.items():
            groups: dict[float, list[int]] = {}
            for idx, weight in post.items():
                groups.setdefault(weight, []).append(position[idx])
            self._levels[word] = tuple(
                (w, _bitset(groups[w], size)) for w in sorted(groups, reverse=True)
            )
        self._vocab = sorted(postings)
        # names and synonyms as folded phrases, one a line, in bit order; a query phrase has
        # neither a line break nor a NUL, so it is found within one line of one procedure
        texts = [lines[i] for i in self._order]
        self._phrase_text = "\0".join(texts)
        self._phrase_starts: list[int] = []  # where each procedure's lines start
        start = 0
        for t in texts:
            self._phrase_starts.append(start)
            start += len(t) + 1
        self._del_index: dict[str, list[str]] = {}
        for w in self._vocab:
            if len(w) >= self._min_fuzzy and not w[0].isdigit():
                for d in _deletes(w):
                    self._del_index.setdefault(d, []).append(w)

    def _index_procedure(self, i: int, p: Procedure, postings: dict[str, dict[int, float]]) -> str:
        """Index ``p`` (at ``i``); its names and synonyms as folded phrases, one a line."""

        def add(word: str, weight: float) -> None:
            post = postings.setdefault(word, {})
            if post.get(i, 0.0) < weight:
                post[i] = weight

        code = p.code.lower()
        for form in {code, code.replace(".", ""), code.split(".")[-1]}:
            add(form, CODE_WEIGHT)
        phrases = []
        for text, weight in (
            (p.name_vi, W_NAME_VI),
            (p.name_en, W_NAME_EN),
            *((s, W_SYNONYM) for s in p.synonyms),
        ):
            ws = words(text)
            for w in ws:
                add(w, weight)
            for a, b in itertools.pairwise(ws):
                add(a + b, W_JOINED * weight)
            phrases.append(" ".join(ws))
        for w in words(p.description_vi + " " + p.description_en):
            add(w, W_DESC)
        return "\n".join(phrases)

    def _matches(self, qw: str) -> tuple[Levels, int]:
        """One query word's matches grouped by best score, and all the procedures it matches."""
        levels = self._levels
        # (score, procedures): exact words score their weight, the others quality * weight
        sources: Levels = list(levels.get(qw, ()))
        if len(qw) >= 2:
            lo = bisect.bisect_right(self._vocab, qw)
            hi = bisect.bisect_left(self._vocab, qw + "\uffff")
            for word in self._vocab[lo:hi]:
                sources.extend((PREFIX * w, bits) for w, bits in levels[word])
        for word in self._fuzzy_words(qw):
            sources.extend((FUZZY * w, bits) for w, bits in levels[word])
        if len(sources) <= 1:
            return sources, sources[0][1] if sources else 0
        sources.sort(key=_score, reverse=True)
        out: Levels = []
        taken = 0
        for score, bits in sources:  # a procedure keeps the first (best) score it gets
            fresh = bits & ~taken
            if not fresh:
                continue
            if out and out[-1][0] == score:
                out[-1] = (score, out[-1][1] | fresh)
            else:
                out.append((score, fresh))
            taken |= fresh
        return out, taken

    def _fuzzy_words(self, qw: str) -> list[str]:
        """Indexed words at edit distance 1 from ``qw``, when ``qw`` itself is not indexed."""
        levels = self._levels
        if qw in levels or len(qw) < self._min_fuzzy or qw[0].isdigit():
            return []
        found: list[str] = []
        seen: set[str] = set()
        for key in (qw, *_deletes(qw)):
            for word in self._del_index.get(key, ()):
                if word not in seen and word != qw:
                    seen.add(word)
                    if osa_distance(qw, word, 1) <= 1:
                        found.append(word)
        for word in levels.keys() & _deletes(qw):
            if word not in seen and len(word) >= self._min_fuzzy - 1:
                found.append(word)
        return found

    def _with_phrase(self, phrase: str) -> int:
        """The procedures with ``phrase`` in a name or synonym."""
        text, starts = self._phrase_text, self._phrase_starts
        found = bytearray((len(starts) + 7) // 8)
        at = text.find(phrase)
        while at >= 0:
            pos = bisect.bisect_right(starts, at) - 1
            found[pos >> 3] |= 1 << (pos & 7)
            if pos + 1 == len(starts):
                break
            at = text.find(phrase, starts[pos + 1])
        return int.from_bytes(found, "little")

    def _totals(self, qws: list[str]) -> dict[tuple[float, int], int]:
        """(total score, words matched) -> the procedures with it.

        A procedure's total adds its score of each query word in query-word order, exactly
        the floating-point sum a loop over procedures would compute.
        """
        groups: dict[tuple[float, int], int] = {}
        seen = 0  # procedures matched by an earlier word
        for qw in qws:
            levels, matched = self._matches(qw)
            if not matched:
                continue
            new: dict[tuple[float, int], int] = {}
            for (total, count), members in groups.items():
                hit = members & matched
                if hit != members:
                    new[total, count] = new.get((total, count), 0) | (members ^ hit)
                for score, bits in levels if hit else ():
                    both = hit & bits
                    if both:
                        key = (total + score, count + 1)
                        new[key] = new.get(key, 0) | both
                        hit ^= both
                        if not hit:
                            break
            first = matched & ~seen
            for score, bits in levels:
                both = first & bits
                if both:
                    new[score, 1] = new.get((score, 1), 0) | both
            seen |= matched
            groups = new
        return groups

    def _scores(self, qws: list[str]) -> dict[float, int]:
        """Final score -> the procedures with it (those matching enough query words)."""
        n = len(qws)
        need = math.ceil(n / 2)
        by_score: dict[float, int] = {}
        phrase_bits: int | None = None
        for (total, count), members in self._totals(qws).items():
            if count < need:
                continue
            score = total / n
            rest = members
            # a phrase match implies every word matched exactly: test only those
            if n > 1 and count == n:
                if phrase_bits is None:
                    phrase_bits = self._with_phrase(" ".join(qws))
                bonus = members & phrase_bits
                if bonus:
                    up = score + PHRASE_BONUS
                    by_score[up] = by_score.get(up, 0) | bonus
                    rest ^= bonus
            if rest:
                by_score[score] = by_score.get(score, 0) | rest
        return by_score

    def ranked(self, query: str, limit: int = 20) -> list[Hit]:
        """Procedures for ``query``, best first (score, then popularity, then code)."""
        qws = list(dict.fromkeys(words(query)))
        if not qws or limit <= 0:
            return []
        by_score = self._scores(qws)
        if not by_score:
            return []
        floor = RELATIVE_FLOOR * max(by_score)
        hits: list[Hit] = []
        for score in sorted(by_score, reverse=True):
            if score < floor or len(hits) >= limit:
                break
            members, shown = by_score[score], round(score, 4)
            while members and len(hits) < limit:
                low = members & -members  # the lowest bit: the most popular left
                hits.append(Hit(self._procs[self._order[low.bit_length() - 1]], shown))
                members ^= low
        return hits

    def search(self, query: str, limit: int = 20) -> list[Procedure]:
        return [h.procedure for h in self.ranked(query, limit)]


def _score(item: tuple[float, int]) -> float:
    return item[0]


def _bitset(positions: Iterable[int], size: int) -> int:
    """An int with the bits at ``positions`` set (``size`` bytes are enough)."""
    buf = bytearray(size)
    for pos in positions:
        buf[pos >> 3] |= 1 << (pos & 7)
    return int.from_bytes(buf, "little")
