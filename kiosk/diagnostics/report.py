"""The diagnostics report: one result per probe, serialisable, free of personal data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from kiosk.runtime.logsetup import Redactor

REPORT_FORMAT = 1

JsonValue = str | int | float | bool | None | list[Any] | dict[str, Any]


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"


_SEVERITY = {Status.SKIPPED: 0, Status.OK: 0, Status.WARN: 1, Status.FAIL: 2}

#: masks anything that looks like personal data (ID numbers, phones, e-mails, dates) in text
_REDACTOR = Redactor()


def scrub(value: Any) -> Any:
    """``value`` with every string passed through the personal-data patterns, recursively."""
    if isinstance(value, str):
        return _REDACTOR.redact(value)
    if isinstance(value, Mapping):
        return {str(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


@dataclass(frozen=True)
class ProbeResult:
    """What one probe found. ``summary`` is one line for the screen; ``data`` the figures."""

    name: str
    status: Status
    summary: str
    data: Mapping[str, JsonValue] = field(default_factory=dict)
    duration_ms: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "summary": scrub(self.summary),
            "data": scrub(dict(self.data)),
            "duration_ms": self.duration_ms,
        }


@dataclass(frozen=True)
class DiagnosticsReport:
    created_at: datetime
    kiosk_id: str
    probes: tuple[ProbeResult, ...]

    @property
    def status(self) -> Status:
        worst = Status.OK
        for p in self.probes:
            if _SEVERITY[p.status] > _SEVERITY[worst]:
                worst = p.status
        return worst

    def probe(self, name: str) -> ProbeResult | None:
        return next((p for p in self.probes if p.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; every string scrubbed of anything that looks personal."""
        return {
            "format": REPORT_FORMAT,
            "created_at": self.created_at.isoformat(),
            "kiosk_id": scrub(self.kiosk_id),
            "status": self.status.value,
            "probes": {p.name: p.as_dict() for p in self.probes},
        }

    def as_text(self) -> str:
        """A plain-text rendering for people (the on-screen view, the exported .txt)."""
        doc = self.as_dict()
        lines = [
            f"Ward kiosk diagnostics - {doc['kiosk_id']} - {doc['created_at']}",
            f"Overall: {doc['status'].upper()}",
            "",
        ]
        for name, probe in doc["probes"].items():
            lines.append(f"[{probe['status'].upper():^7}] {name}: {probe['summary']}")
            lines.extend(_text_data(probe["data"], "    "))
        return "\n".join(lines) + "\n"


def _text_data(data: Any, indent: str) -> list[str]:
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                out.append(f"{indent}{key}:")
                out.extend(_text_data(value, indent + "  "))
            else:
                out.append(f"{indent}{key}: {_scalar(value)}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                out.append(f"{indent}-")
                out.extend(_text_data(item, indent + "  "))
            else:
                out.append(f"{indent}- {_scalar(item)}")
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return "none"
    return str(value)
