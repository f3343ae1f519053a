"""Scripted visits in the real window, touching only what a resident can touch, counted.

Each visit is a ``kiosk --demo --walkthrough journey:CODE`` process (``ui/walkthrough/
journeys.py``): the card read from its printed QR by the scanner, every answer touched or typed
key by key on the on-screen keyboard. The report says what the resident did and what the engine
sent; the demo backend's own database says what arrived.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.address import HANOI, communes
from kiosk.lang import Lang
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from tests.screen.conftest import Walk

pytestmark = pytest.mark.slow

#: the keys the issue's budget leaves out: facts no card holds
NO_CARD_FACTS = {"child's name", "child's birth date", "child's birth place"}


def received(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The dossiers the demo backend stored (its database, read after the kiosk ended)."""
    db = Path(report["data_dir"]) / "citybackend" / "citybackend.sqlite3"
    assert db.exists(), "the demo backend kept no database"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT code, procedure_code, payload FROM dossiers").fetchall()
    return [{"code": c, "procedure": p, **json.loads(body)} for c, p, body in rows]


def flat(answers: dict[str, Any]) -> dict[str, Any]:
    """The backend's flat ``a.b.c`` answers as plain values."""
    return {k: v["value"] for k, v in answers.items()}


def finished(report: dict[str, Any], lang: Lang = "vi") -> dict[str, Any]:
    assert report.get("error") is None, (report.get("error"), report.get("counts"))
    assert report["exit"] == 0
    counts: dict[str, Any] = report["counts"]
    names = counts["screen_names"]
    assert names[0] == "home"
    assert names[-1] == "end"
    assert counts["scans"] == 1  # the card's printed QR, held under the scanner
    assert counts["keys_card_facts"] == 0, counts["keys"]
    assert counts["lang"] == lang  # nothing on the way switched the language
    assert counts["dossier_official"]  # an official code: the backend answered
    assert counts["first_question_out_of_view"] == [], counts["screen_names"]
    return counts


def only_dossier(report: dict[str, Any], code: str) -> dict[str, Any]:
    dossiers = received(report)
    assert [d["procedure"] for d in dossiers] == [code]
    assert dossiers[0]["code"] == report["counts"]["dossier_code"]
    return dossiers[0]


# at 1920x1080 and 1280x800 (the display fixture's sizes)
def test_birth_registration_by_the_father_is_short(walk: Walk) -> None:
    report = walk("journey:1.001193")
    counts = finished(report)
    names = counts["screen_names"]
    assert counts["screens"] <= 12, names
    assert counts["touches_and_other_keys"] <= 40, counts
    keys: dict[str, int] = counts["keys"]
    assert set(keys) - NO_CARD_FACTS <= {"phone"}, keys  # the phone: no card holds it
    assert keys.keys() >= NO_CARD_FACTS
    card = SAMPLE_CITIZEN
    assert card.spouse_name  # the demo card names his wife (DG13 field 14)
    residence_street = card.place_of_residence.split(",")[0]

    # what the engine was given to send
    answers = counts["answers"]
    assert answers["relationship"] == "father"
    assert answers["child"]["full_name"] == "Nguyễn Thị Mai"
    assert answers["child"]["sex"] == "Nữ"
    assert answers["father"]["full_name"] == card.full_name
    assert answers["father"]["id_number"] == card.id_number
    assert answers["father"]["date_of_birth"] == card.date_of_birth.isoformat()
    assert answers["mother"]["full_name"] == card.spouse_name
    assert answers["delivery"]["method"] == "post"
    assert answers["delivery"]["address"]["street"] == residence_street

    # and what the backend received
    dossier = only_dossier(report, "1.001193")
    assert dossier["applicant"]["id_number"] == card.id_number
    sent = flat(dossier["answers"])
    assert sent["relationship"] == "father"
    assert sent["child.full_name"] == "Nguyễn Thị Mai"
    assert sent["father.full_name"] == card.full_name
    assert sent["mother.full_name"] == card.spouse_name
    assert sent["delivery.method"] == "post"
    assert sent["delivery.address.street"] == residence_street


@pytest.mark.parametrize("display", ["1920x1080"], indirect=True)
def test_temporary_residence_finishes_by_touch(walk: Walk) -> None:
    report = walk("journey:1.004194")
    counts = finished(report)
    assert counts["screens"] <= 12, counts["screen_names"]
    sent = flat(only_dossier(report, "1.004194")["answers"])
    lang = next(u.code for u in communes(HANOI) if u.name == "Phường Láng")
    assert sent["temporary_address.commune_code"] == lang  # picked from the filtered list
    assert sent["temporary_address.street"] == "Số 5 ngõ 10 Láng Hạ"
    assert sent["housing"] == "rented"
    assert sent["host_name"] == "Trần Văn Hùng"
    assert sent["months"] in ("12", 12)
    assert sent["applicant_id"] == SAMPLE_CITIZEN.id_number


@pytest.mark.parametrize("display", ["1920x1080"], indirect=True)
def test_certified_copies_finish_by_touch(walk: Walk) -> None:
    report = walk("journey:2.000815")
    counts = finished(report)
    assert counts["screens"] <= 12, counts["screen_names"]
    sent = flat(only_dossier(report, "2.000815")["answers"])
    assert sent["document_name"] == "Bằng tốt nghiệp"
    assert sent["copies"] in ("2", 2)
    assert sent["delivery.method"] == "post"


@pytest.mark.parametrize("display", ["1280x800"], indirect=True)
def test_birth_registration_in_english_and_large_text_stays_short(walk: Walk) -> None:
    """The smaller screen, the longer words, the bigger letters: the same visit, one touch
    more ("Large text" on the home screen)."""
    report = walk("journey-large:1.001193", lang="en")
    counts = finished(report, lang="en")
    assert counts["large_text"]
    assert counts["screens"] <= 12, counts["screen_names"]
    assert counts["touches_and_other_keys"] <= 40 + 1, counts
    assert set(counts["keys"]) - NO_CARD_FACTS <= {"phone"}, counts["keys"]
    answers = counts["answers"]
    assert answers["father"]["id_number"] == SAMPLE_CITIZEN.id_number
    assert answers["mother"]["full_name"] == SAMPLE_CITIZEN.spouse_name
    assert only_dossier(report, "1.001193")["applicant"]["id_number"] == SAMPLE_CITIZEN.id_number
