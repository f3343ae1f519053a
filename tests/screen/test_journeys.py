"""Scripted visits in the real window, touching only what a resident can touch, counted."""

from __future__ import annotations

import pytest

from tests.screen.conftest import Walk

pytestmark = pytest.mark.slow


def test_birth_registration_by_the_father_is_short(walk: Walk) -> None:
    report = walk("journey:1.001193")
    assert report.get("error") is None, report.get("error")
    counts = report["counts"]
    names = counts["screen_names"]
    assert names[0] == "home"
    assert names[-1] == "end"
    assert counts["screens"] <= 12, names
    assert counts["touches_and_other_keys"] <= 40, counts
    assert counts["scans"] == 1  # the card's QR: nothing the card holds is typed
    assert set(counts["keys"]) <= {
        "child's name",
        "child's birth date",
        "child's birth place",
        "phone",
    }, counts["keys"]
    answers = counts["answers"]
    # what the card told: the father is the resident, the mother's name is his wife's
    assert answers["relationship"] == "father"
    assert answers["child"]["full_name"] == "Nguyễn Thị Mai"
    assert answers["father"]["full_name"] == "Nguyễn Văn An"
    assert answers["mother"]["full_name"] == "Trần Thị Hoa"
    assert answers["delivery"]["method"] == "post"


@pytest.mark.parametrize("code", ["1.004194", "2.000815"])
def test_other_procedures_finish_by_touch(walk: Walk, code: str) -> None:
    report = walk(f"journey:{code}")
    assert report.get("error") is None, report.get("error")
    counts = report["counts"]
    assert counts["screen_names"][-1] == "end"
    assert counts["scans"] == 1
    assert counts["screens"] <= 12
