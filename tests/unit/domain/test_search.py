from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.search import fold, osa_distance, words
from tests.factories import catalog


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
