"""Dossiers a kiosk sends the city, for the tests and ``bench/``: a sample one, one of a
resident whose personal values the log searches look for, and the values no database
stores (what a broken or hostile kiosk sends; the backend must answer each with 422 and go
on storing the other kiosks' dossiers)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from kiosk.backend.wire import dossier_to_json
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier

#: the personal values the log search looks for (made up, but shaped like real ones)
NAME = "Phạm Thị Hồng Nhung"
ID_NUMBER = "079188004321"
PHONE = "0912345678"
ADDRESS = "Số 17 ngõ 41 phố Thái Hà"


def make_dossier(kiosk_id: str, **changes: Any) -> Dossier:
    """A valid residence registration (1.004194) of ``kiosk_id``; ``changes`` replace fields."""
    values: dict[str, Any] = {
        "procedure_code": "1.004194",
        "applicant": CitizenIdentity(
            "001099000001", "Nguyễn Văn An", date(1990, 5, 17), extra={7: b"\x01\x02"}
        ),
        "answers": {
            "address": "Số 1 phố Huế",
            "people": 2,
            "moved_on": date(2026, 1, 5),
            "post": False,
        },
        "kiosk_id": kiosk_id,
        "ward_code": "00004",
        "filed_at": datetime(2026, 9, 30, 9, 41),
        "fee_vnd": 15000,
    }
    values.update(changes)
    return Dossier(**values)


def resident() -> CitizenIdentity:
    """The applicant whose name, ID number and address must never reach a log."""
    return CitizenIdentity(ID_NUMBER, NAME, date(1988, 4, 12), place_of_residence=ADDRESS)


def dossier_doc(kiosk_id: str, **answers: Any) -> dict[str, Any]:
    """The wire document of :func:`resident`'s dossier, with :data:`PHONE` among the answers."""
    d = make_dossier(kiosk_id, applicant=resident())
    doc = dossier_to_json(d)
    doc["answers"]["phone"] = {"type": "str", "value": PHONE}
    for key, value in answers.items():
        doc["answers"][key] = value
    return doc


def set_path(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``doc`` with the value at the dotted ``path`` (``"applicant.full_name"``) replaced."""
    target = doc
    *parents, last = path.split(".")
    for p in parents:
        target = target[p]
    target[last] = value
    return doc


#: (where, value): each is refused with 422 (the value cannot be stored or is no value)
UNSTORABLE: list[tuple[str, Any]] = [
    ("filed_at", "0001-01-01T00:00:00"),
    ("filed_at", "9999-12-31T23:59:59-23:59"),
    ("due_date", "2200-01-01"),
    ("applicant.date_of_birth", "0001-01-01"),
    ("applicant.issue_date", "1899-12-31"),
    ("applicant.full_name", f"{NAME}\x00"),
    ("applicant.full_name", f"{NAME}\ud800"),
    ("applicant.full_name", "   "),
    ("applicant.place_of_residence", f"{ADDRESS}\x00"),
    ("answers.note", {"type": "str", "value": f"{PHONE}\x00"}),
    ("fee_rule", "Nghị quyết\x00"),
    ("units_version", "2026.9\x00"),
    ("answers.moved_on", {"type": "date", "value": "0001-01-01"}),
    ("answers.people", {"type": "int", "value": 10**30}),
    ("fee_vnd", float("nan")),
    ("fee_vnd", float("inf")),
    ("fee_vnd", float("-inf")),
    ("fee_vnd", "1e400"),  # written as a bare number below
    ("answers.people", {"type": "int", "value": "1e400"}),
]


def hostile_body(kiosk_id: str, where: str, value: Any) -> str:
    """The wire text of :func:`dossier_doc` with ``value`` at ``where`` (one of
    :data:`UNSTORABLE`); ``"1e400"`` goes in as a bare number, which no float holds."""
    doc = set_path(dossier_doc(kiosk_id), where, 987654321 if value == "1e400" else value)
    if isinstance(value, dict) and value.get("value") == "1e400":
        doc = set_path(dossier_doc(kiosk_id), where, {**value, "value": 987654321})
    text = json.dumps(doc)  # NaN and Infinity as Python writes them; surrogates escaped
    return text.replace("987654321", "1e400")
