"""The search rules of docs/catalog.md written the plain way: one pass over every procedure
and every indexed word per query. Slow, but easy to check by reading; the tests compare
:class:`kiosk.domain.search.SearchIndex` (bit sets, groups of scores) with it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from kiosk.domain.procedure import Procedure
from kiosk.domain.search import (
    CODE_WEIGHT,
    FUZZY,
    PHRASE_BONUS,
    PREFIX,
    RELATIVE_FLOOR,
    W_DESC,
    W_JOINED,
    W_NAME_EN,
    W_NAME_VI,
    W_SYNONYM,
    osa_distance,
    words,
)


def _weighted_words(p: Procedure) -> dict[str, float]:
    """Every indexed word of ``p`` with its best weight."""
    out: dict[str, float] = {}

    def add(word: str, weight: float) -> None:
        out[word] = max(out.get(word, 0.0), weight)

    code = p.code.lower()
    for form in (code, code.replace(".", ""), code.split(".")[-1]):
        add(form, CODE_WEIGHT)
    texts = [(p.name_vi, W_NAME_VI), (p.name_en, W_NAME_EN)]
    texts += [(s, W_SYNONYM) for s in p.synonyms]
    for text, weight in texts:
        ws = words(text)
        for w in ws:
            add(w, weight)
        for a, b in itertools.pairwise(ws):
            add(a + b, W_JOINED * weight)
    for w in words(p.description_vi + " " + p.description_en):
        add(w, W_DESC)
    return out


def _quality(qw: str, word: str, indexed: set[str], min_fuzzy: int) -> float | None:
    """How well ``word`` (an indexed word) answers the query word ``qw``, if at all."""
    if word == qw:
        return 1.0
    best: float | None = None
    if len(qw) >= 2 and word.startswith(qw):
        best = PREFIX
    if qw not in indexed and len(qw) >= min_fuzzy and not qw[0].isdigit():
        # edit distance 1 to a word long enough and not a code, or one letter less
        long_enough = len(word) >= min_fuzzy and not word[0].isdigit()
        one_less = len(word) == len(qw) - 1 and len(word) >= min_fuzzy - 1
        if (long_enough or one_less) and osa_distance(qw, word, 1) <= 1:
            best = max(best or 0.0, FUZZY)
    return best


class ReferenceSearch:
    """The plain search over ``procedures`` (their words are listed once, up front)."""

    def __init__(self, procedures: Sequence[Procedure], min_fuzzy: int = 3) -> None:
        self.procedures = tuple(procedures)
        self.min_fuzzy = min_fuzzy
        self.per_proc = [_weighted_words(p) for p in self.procedures]
        self.indexed = {w for ws in self.per_proc for w in ws}
        self.lines = [
            [" ".join(words(t)) for t in (p.name_vi, p.name_en, *p.synonyms)]
            for p in self.procedures
        ]

    def ranked(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """(code, rounded score) of the hits, best first."""
        qws = list(dict.fromkeys(words(query)))
        if not qws or limit <= 0:
            return []
        n = len(qws)
        qualities = [
            {w: _quality(qw, w, self.indexed, self.min_fuzzy) for w in self.indexed} for qw in qws
        ]
        scored: list[tuple[float, int, int]] = []
        for i, (p, ws) in enumerate(zip(self.procedures, self.per_proc, strict=True)):
            total, count = 0.0, 0
            for quality_of in qualities:
                best = 0.0
                for word, weight in ws.items():
                    quality = quality_of[word]
                    if quality is not None:
                        best = max(best, weight if quality == 1.0 else quality * weight)
                if best > 0:
                    total += best
                    count += 1
            if count == 0 or count < math.ceil(n / 2):
                continue
            score = total / n
            phrase = " ".join(qws)
            if n > 1 and count == n and any(phrase in line for line in self.lines[i]):
                score += PHRASE_BONUS
            scored.append((score, -p.popularity, i))
        if not scored:
            return []
        floor = RELATIVE_FLOOR * max(s for s, _, _ in scored)
        kept = sorted((t for t in scored if t[0] >= floor), key=lambda t: (-t[0], t[1], t[2]))
        return [(self.procedures[i].code, round(s, 4)) for s, _, i in kept[:limit]]
