"""The JSON shapes of the city API, to and from the kiosk's domain objects.

Answers keep their type on the wire (``{"type": "date", "value": "2020-05-17"}``) so that a
dossier read back from the outbox equals the one the resident filed. Readers validate every
field they use and raise :class:`ValueError` (wrapped as ``InvalidResponseError`` by the client).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from kiosk.domain.citizen import CitizenIdentity, IdentitySource
from kiosk.domain.dossier import Dossier, DossierStatus, DossierTracking, StatusEvent

_IDENTITY_DATES = {"date_of_birth", "issue_date", "expiry_date"}
_IDENTITY_SKIP = {"extra"}


# ------------------------------------------------------------------- answers
def answer_to_json(value: Any) -> dict[str, Any]:
    """One answer with its type; ``bool`` before ``int``, ``date`` but not ``datetime``."""
    if value is None:
        return {"type": "null", "value": None}
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, int):
        return {"type": "int", "value": value}
    if isinstance(value, datetime):
        raise TypeError("answers hold dates, not datetimes")
    if isinstance(value, date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, str):
        return {"type": "str", "value": value}
    raise TypeError(f"unsupported answer type {type(value).__name__}")


def flatten_answers(answers: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Structured answers (an address, a person, a delivery) as dotted keys:
    ``{"addr": {"street": "x"}}`` -> ``{"addr.street": "x"}``. The API carries flat values."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        if "." in key:
            raise ValueError(f"answer key {key!r} must not contain a dot")
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            if value:
                out.update(flatten_answers(value, f"{name}."))
            else:
                out[name] = None
        else:
            out[name] = value
    return out


def unflatten_answers(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`flatten_answers`."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ValueError(f"answer {key!r} conflicts with another answer")
            node = child
        node[leaf] = value
    return out


def answer_from_json(item: Any) -> Any:
    if not isinstance(item, Mapping):
        raise ValueError("answer must be an object")
    kind, value = item.get("type"), item.get("value")
    if kind == "null" and value is None:
        return None
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == "str" and isinstance(value, str):
        return value
    raise ValueError(f"answer of type {kind!r} has a value of another type")


# ------------------------------------------------------------------ identity
def identity_to_json(identity: CitizenIdentity) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(identity):
        if f.name in _IDENTITY_SKIP:
            continue
        value = getattr(identity, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, IdentitySource):
            value = value.value
        out[f.name] = value
    out["extra"] = {
        str(k): base64.b64encode(v).decode("ascii") for k, v in sorted(identity.extra.items())
    }
    return out


def identity_from_json(doc: Any) -> CitizenIdentity:
    if not isinstance(doc, Mapping):
        raise ValueError("applicant must be an object")
    kwargs: dict[str, Any] = {}
    for f in fields(CitizenIdentity):
        if f.name in _IDENTITY_SKIP or f.name not in doc:
            continue
        value = doc[f.name]
        if f.name in _IDENTITY_DATES:
            value = None if value is None else date.fromisoformat(_str(value, f.name))
        elif f.name == "source":
            value = IdentitySource(_str(value, f.name))
        else:
            value = _str(value, f.name)
        kwargs[f.name] = value
    extra_doc = doc.get("extra", {})
    if not isinstance(extra_doc, Mapping):
        raise ValueError("applicant.extra must be an object")
    kwargs["extra"] = {
        int(k): base64.b64decode(_str(v, "extra"), validate=True) for k, v in extra_doc.items()
    }
    for required in ("id_number", "full_name", "date_of_birth"):
        if kwargs.get(required) is None:
            raise ValueError(f"applicant.{required} is missing")
    return CitizenIdentity(**kwargs)


# ------------------------------------------------------------------- dossier
def dossier_to_json(dossier: Dossier, *, provisional_ref: str | None = None) -> dict[str, Any]:
    """The body of ``POST /api/v1/dossiers``."""
    return {
        "dossier_uuid": dossier.dossier_uuid,
        "procedure_code": dossier.procedure_code,
        "kiosk_id": dossier.kiosk_id,
        "ward_code": dossier.ward_code,
        "filed_at": dossier.filed_at.isoformat(),
        "tracking_token": dossier.tracking_token,
        "fee_vnd": dossier.fee_vnd,
        "due_date": dossier.due_date.isoformat() if dossier.due_date else None,
        "provisional_ref": provisional_ref,
        "applicant": identity_to_json(dossier.applicant),
        "answers": {k: answer_to_json(v) for k, v in flatten_answers(dossier.answers).items()},
        **{
            key: value
            for key, value in (
                ("fee_rule", dossier.fee_rule),
                ("competent_ward_code", dossier.competent_ward_code),
                ("units_version", dossier.units_version),
            )
            if value  # left out when empty: older backends refuse unknown keys
        },
    }


def dossier_from_json(doc: Any) -> Dossier:
    """The inverse of :func:`dossier_to_json` (``provisional_ref`` is not part of a Dossier)."""
    if not isinstance(doc, Mapping):
        raise ValueError("dossier must be an object")
    answers = doc.get("answers", {})
    if not isinstance(answers, Mapping):
        raise ValueError("answers must be an object")
    fee = doc.get("fee_vnd")
    if fee is not None and (not isinstance(fee, int) or isinstance(fee, bool)):
        raise ValueError("fee_vnd must be an integer")
    due = doc.get("due_date")
    return Dossier(
        procedure_code=_str(doc.get("procedure_code"), "procedure_code"),
        applicant=identity_from_json(doc.get("applicant")),
        answers=unflatten_answers({str(k): answer_from_json(v) for k, v in answers.items()}),
        kiosk_id=_str(doc.get("kiosk_id"), "kiosk_id"),
        ward_code=_str(doc.get("ward_code"), "ward_code"),
        filed_at=datetime.fromisoformat(_str(doc.get("filed_at"), "filed_at")),
        dossier_uuid=_str(doc.get("dossier_uuid"), "dossier_uuid"),
        tracking_token=_str(doc.get("tracking_token"), "tracking_token"),
        fee_vnd=fee,
        due_date=date.fromisoformat(_str(due, "due_date")) if due is not None else None,
        fee_rule=str(doc.get("fee_rule") or ""),
        competent_ward_code=str(doc.get("competent_ward_code") or ""),
        units_version=str(doc.get("units_version") or ""),
    )


# ----------------------------------------------------------------- answers
def submit_result_from_json(doc: Any) -> tuple[str, str]:
    """``(official code, tracking token)`` from a submit answer."""
    if not isinstance(doc, Mapping):
        raise ValueError("submit answer must be an object")
    code = _str(doc.get("code"), "code")
    if not code or len(code) > 80:
        raise ValueError("code is empty or too long")
    return code, _str(doc.get("tracking_token"), "tracking_token")


def tracking_from_json(doc: Any) -> DossierTracking:
    if not isinstance(doc, Mapping):
        raise ValueError("tracking answer must be an object")
    history_doc = doc.get("history")
    if not isinstance(history_doc, list):
        raise ValueError("history must be a list")
    history = [
        StatusEvent(
            status=_status(e.get("status") if isinstance(e, Mapping) else None),
            at=datetime.fromisoformat(_str(e.get("at"), "history.at")),
            note=_str(e.get("note", ""), "history.note"),
        )
        for e in history_doc
    ]
    due = doc.get("due_date")
    paid = doc.get("paid", False)
    if not isinstance(paid, bool):
        raise ValueError("paid must be a boolean")
    return DossierTracking(
        code=_str(doc.get("code"), "code"),
        procedure_code=_str(doc.get("procedure_code"), "procedure_code"),
        status=_status(doc.get("status")),
        history=history,
        due_date=date.fromisoformat(_str(due, "due_date")) if due is not None else None,
        applicant_masked=_str(doc.get("applicant_masked"), "applicant_masked"),
        paid=paid,
    )


def payment_from_json(doc: Any) -> bool:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("paid"), bool):
        raise ValueError("payment answer must be an object with a boolean 'paid'")
    return bool(doc["paid"])


def _status(value: Any) -> DossierStatus:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("status must be an integer")
    return DossierStatus(value)


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    return value
