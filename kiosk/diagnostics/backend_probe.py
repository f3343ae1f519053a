"""Backend reachability, round-trip latency and clock skew.

One authenticated ``GET`` of the city API's health endpoint. The skew compares the server's
time with the midpoint of the request on the kiosk's clock: from the JSON ``server_time`` when
the body carries one, else from the HTTP ``Date`` header (whole seconds, so +-1 s).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiosk.diagnostics.report import ProbeResult, Status

NAME = "backend"
HEALTH_PATH = "/api/v1/health"
#: beyond this the kiosk's dates (receipts, due dates, signatures) are suspect
SKEW_WARN_S = 60.0
LATENCY_WARN_MS = 2000


@dataclass(frozen=True)
class HttpAnswer:
    status_code: int
    headers: Mapping[str, str]
    body: Any = None  # parsed JSON, or None
    extra: dict[str, str] = field(default_factory=dict)


#: (url, headers, (connect, read) timeout, verify) -> answer; raises OSError-like on failure
HttpGet = Callable[[str, Mapping[str, str], tuple[float, float], "bool | str"], HttpAnswer]


def requests_get(
    url: str, headers: Mapping[str, str], timeout: tuple[float, float], verify: bool | str
) -> HttpAnswer:
    import requests

    response = requests.get(
        url, headers=dict(headers), timeout=timeout, verify=verify, allow_redirects=False
    )
    try:
        body = response.json()
    except ValueError:
        body = None
    return HttpAnswer(response.status_code, dict(response.headers), body)


def health_url(base_url: str, path: str = HEALTH_PATH) -> str:
    """``path`` under the base URL's path (its query and fragment dropped)."""
    parts = urlsplit(base_url)
    joined = parts.path.rstrip("/") + "/" + path.lstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, joined, "", ""))


def public_url(url: str) -> str:
    """``url`` without credentials, query or fragment (safe for a report)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def probe_backend(
    base_url: str,
    token: str,
    *,
    http_get: HttpGet = requests_get,
    path: str = HEALTH_PATH,
    connect_timeout_s: float = 3.0,
    read_timeout_s: float = 5.0,
    verify: bool | str = True,
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    monotonic: Callable[[], float] = time.monotonic,
) -> ProbeResult:
    url = health_url(base_url, path)
    data: dict[str, Any] = {"url": public_url(url), "token_present": bool(token)}
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    sent_wall, t0 = wall_clock(), monotonic()
    try:
        answer = http_get(url, headers, (connect_timeout_s, read_timeout_s), verify)
    except Exception as exc:  # requests raises many types; all mean "not reachable"
        data["error"] = type(exc).__name__
        return ProbeResult(NAME, Status.FAIL, f"backend not reachable ({type(exc).__name__})", data)
    rtt = monotonic() - t0
    midpoint = sent_wall.timestamp() + rtt / 2
    data["http_status"] = answer.status_code
    data["latency_ms"] = round(rtt * 1000, 1)
    server_time, source = _server_time(answer)
    if server_time is not None:
        data["server_time"] = server_time.isoformat()
        data["clock_skew_s"] = round(server_time.timestamp() - midpoint, 3)
        data["clock_skew_source"] = source
    else:
        data["clock_skew_s"] = None
    status, summary = _judge(answer.status_code, data)
    return ProbeResult(NAME, status, summary, data)


def _server_time(answer: HttpAnswer) -> tuple[datetime | None, str]:
    body = answer.body
    if isinstance(body, dict) and isinstance(body.get("server_time"), str):
        try:
            parsed = datetime.fromisoformat(body["server_time"])
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed, "server_time"
    date = next((v for k, v in answer.headers.items() if k.lower() == "date"), None)
    if date:
        try:
            return parsedate_to_datetime(date), "date_header"
        except (TypeError, ValueError):
            pass
    return None, ""


def _judge(code: int, data: Mapping[str, Any]) -> tuple[Status, str]:
    latency = f"{data['latency_ms']:.0f} ms"
    skew = data.get("clock_skew_s")
    if code in (401, 403):
        return Status.WARN, f"backend reachable ({latency}) but the device token was refused"
    if code >= 500:
        return Status.FAIL, f"backend answered HTTP {code} ({latency})"
    if code >= 300:
        return Status.WARN, f"backend answered HTTP {code} ({latency}); check backend.url"
    if skew is None:
        return Status.WARN, f"backend reachable ({latency}); server time unknown"
    if abs(skew) > SKEW_WARN_S:
        return Status.WARN, f"backend reachable ({latency}); kiosk clock off by {skew:+.0f} s"
    if data["latency_ms"] > LATENCY_WARN_MS:
        return Status.WARN, f"backend slow ({latency}); clock skew {skew:+.1f} s"
    return Status.OK, f"backend reachable ({latency}); clock skew {skew:+.1f} s"
