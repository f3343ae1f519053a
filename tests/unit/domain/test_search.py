from __future__ import annotations

import dataclasses
import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.procedure import Procedure
from kiosk.domain.search import SearchIndex, fold, osa_distance, words
from tests.factories import catalog
from tests.unit.domain.search_reference import ReferenceSearch


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky ket hon", "1.000894"),
        ("Đăng ký kết hôn", "1.000894"),
        ("đăng kí kết hôn", "1.000894"),
        ("DANG KY KET HON", "1.000894"),
        ("dang ky ket hom", "1.000894"),  # typo
        ("dnag ky ket hon", "1.000894"),  # swapped letters
        ("dang ky kett hon", "1.000894"),  # doubled letter
        ("kethon", "1.000894"),  # no spaces
        ("ket h", "1.000894"),  # still typing
        ("giấy khai sinh", "1.001193"),  # synonym
        ("giay khai sinh", "1.001193"),
        ("khai sinh", "1.001193"),
        ("sao y ban chinh", "2.000815"),
        ("công chứng", "2.000815"),
        ("chung thuc chu ky", "2.000884"),
        ("nhap ho khau", "1.004222"),
        ("xoa ho khau", "1.003197"),
        ("tam tru", "1.004194"),
        ("gia han tam tru", "1.002755"),
        ("xoa dang ky tam tru", "1.010028"),
        ("tam vang", "1.003677"),
        ("xac nhan doc than", "1.004873"),
        ("trich luc", "2.000635"),
        ("khai tu", "1.000656"),
        ("nhan cha me con", "1.001022"),
        ("1.004194", "1.004194"),
        ("004194", "1.004194"),
        ("1004194", "1.004194"),
        ("1.00419", "1.004194"),  # code prefix
        ("marriage", "1.000894"),
        ("certified copy", "2.000815"),
        ("temporary residence", "1.004194"),
    ],
)
def test_search_cases(query: str, first: str) -> None:
    hits = catalog().search(query)
    assert hits, query
    assert hits[0].code == first, [p.code for p in hits]


@pytest.mark.parametrize("code", [p.code for p in catalog().procedures])
def test_each_name_finds_its_procedure_with_and_without_diacritics(code: str) -> None:
    p = catalog().get(code)
    assert p is not None
    assert catalog().search(p.name_vi)[0].code == code
    assert catalog().search(fold(p.name_vi))[0].code == code
    assert catalog().search(p.name_en)[0].code == code


def test_no_match_and_limits() -> None:
    assert catalog().search("") == []
    assert catalog().search("   ") == []
    assert catalog().search("qqqzzzxxx") == []
    assert len(catalog().search("dang ky", limit=2)) == 2
    assert catalog().search("dang ky", limit=0) == []


def test_ranked_scores_descend() -> None:
    hits = catalog().ranked("dang ky")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len(hits) >= 5


def test_fold_and_words() -> None:
    assert fold("Đăng Ký Kết Hôn") == "dang ky ket hon"
    assert fold("Nguyễn Thị Thủy") == "nguyen thi thuy"
    assert words("Thủ tục 1.004194, đăng ký.") == ["thu", "tuc", "1.004194", "dang", "ki"]


@pytest.mark.parametrize(
    ("a", "b", "d"),
    [("ket", "ket", 0), ("ket", "kett", 1), ("dnag", "dang", 1), ("hon", "hom", 1), ("ab", "", 2)],
)
def test_osa_distance(a: str, b: str, d: int) -> None:
    assert osa_distance(a, b) == d


@given(st.text(max_size=40))
def test_any_query_is_safe(query: str) -> None:
    hits = catalog().search(query, limit=5)
    assert len(hits) <= 5
    assert all(catalog().get(p.code) is p for p in hits)


@given(st.text(alphabet="aăâbdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠ ", max_size=20))
def test_fold_is_ascii_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded


_ACTIONS = ("Đăng ký", "Cấp lại", "Xác nhận", "Gia hạn", "Xóa đăng ký", "Chứng thực")
_OBJECTS = ("khai sinh", "kết hôn", "tạm trú", "thường trú", "hộ kinh doanh", "bản sao", "chữ ký")
_QUALIFIERS = ("", "lưu động", "cho người cao tuổi", "lần đầu", "có yếu tố nước ngoài")


@cache
def _variants() -> tuple[Procedure, ...]:
    """The bundled procedures and 150 variants with shared words and tied popularity."""
    rng = random.Random(5)
    bundled = catalog().procedures
    out = list(bundled)
    for i in range(150):
        name = " ".join(
            x for x in (rng.choice(_ACTIONS), rng.choice(_OBJECTS), rng.choice(_QUALIFIERS)) if x
        )
        base = rng.choice(bundled)
        out.append(
            dataclasses.replace(
                base, code=f"9.{i:06d}", name_vi=name, popularity=rng.choice((0, 10, 10, 50))
            )
        )
    return tuple(out)


@cache
def _variant_index() -> SearchIndex:
    return SearchIndex(_variants())


@cache
def _reference() -> ReferenceSearch:
    return ReferenceSearch(_variants())


@cache
def _variant_words() -> list[str]:
    return sorted({w for p in _variants() for w in words(f"{p.name_vi} {p.name_en} {p.code}")})


def _edited(word: str, edit: str, i: int, letter: str) -> str:
    edits = {
        "as is": word,
        "prefix": word[: i + 1],
        "delete": word[:i] + word[i + 1 :],
        "swap": word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :],
        "replace": word[:i] + letter + word[i + 1 :],
        "insert": word[:i] + letter + word[i:],
    }
    return edits[edit]


@st.composite
def _queries(draw: st.DrawFn) -> str:
    """Words of the catalog, some cut short (still typing) or with one typo."""
    out = []
    for word in draw(st.lists(st.sampled_from(_variant_words()), min_size=1, max_size=5)):
        edit = draw(st.sampled_from(("as is", "prefix", "delete", "swap", "replace", "insert")))
        i = draw(st.integers(0, max(len(word) - 2, 0)))
        out.append(_edited(word, edit, i, draw(st.sampled_from("aeghiknotu"))))
    return " ".join(out)


@settings(max_examples=150, deadline=None)
@given(_queries(), st.sampled_from((1, 5, 20, 200)))
def test_ranking_is_the_plain_rules(query: str, limit: int) -> None:
    hits = [(h.procedure.code, h.score) for h in _variant_index().ranked(query, limit)]
    assert hits == _reference().ranked(query, limit)


@pytest.mark.parametrize(
    "query",
    ["dang ky", "dang ky tam tru", "xoa dang ky thuong tru", "kethon", "ban sao", "dang k",
     "xac nhan ket hom", "cap lai khai sinh lan dau", "9.000001", "ho kinh", "luu dong"],
)  # fmt: skip
def test_ranking_is_the_plain_rules_for_typical_queries(query: str) -> None:
    hits = [(h.procedure.code, h.score) for h in _variant_index().ranked(query, 200)]
    assert hits
    assert hits == _reference().ranked(query, 200)
