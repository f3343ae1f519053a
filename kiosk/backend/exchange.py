"""One HTTP exchange with the city, bounded in time, and what its answer means.

:func:`bounded_exchange` sends one request and reads the whole answer, headers and body,
within ``connect + read`` timeout (and the call's deadline) however slowly the server sends
them (:mod:`kiosk.backend.total_deadline`: a dripping server cannot stretch a read timeout).
:func:`interpret` turns the answer into ``(status, parsed JSON)`` or a typed error; an answer
worth trying again (429, 5xx) is a :class:`RetryableError` carrying ``Retry-After``. The retry
policy is the client's (:mod:`kiosk.backend.client`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import urllib3

from kiosk.backend.errors import (
    BackendError,
    BackendRejectedError,
    BackendUnauthorisedError,
    BackendUnavailableError,
    DossierNotFoundError,
    InvalidResponseError,
)
from kiosk.backend.total_deadline import total_deadline

#: how long past an attempt's budget its caller waits for the cut exchange to end
CUT_GRACE_S = 0.25
#: the largest answer read; a longer one is refused as invalid (a hostile or broken server)
MAX_RESPONSE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    """One attempt's request; ``path`` (below the API root) names it in errors and logs."""

    method: str
    path: str
    url: str
    body: bytes | None
    params: Mapping[str, str] | None
    headers: Mapping[str, str]
    #: requests' ``(connect, read)`` timeouts for this attempt
    timeout: tuple[float, float]

    def timed_out(self, budget: float) -> BackendUnavailableError:
        return BackendUnavailableError(
            f"{self.method} {self.path}: no whole answer within {budget:.1f} s"
        )


class RetryableError(Exception):
    """An answer worth trying again (429, 5xx): the error to raise if no retry is left."""

    def __init__(self, error: BackendError, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def bounded_exchange(session: requests.Session, request: Request, budget: float) -> tuple[int, Any]:
    """The request's ``(status, parsed JSON or None)``, within ``budget`` seconds.

    The exchange runs on a helper thread and the caller waits for it at most the budget (and
    :data:`CUT_GRACE_S`): the timer of :func:`total_deadline` cuts a socket, but not a name
    lookup that hangs, nor a connect to the second and third address of a name (each gets the
    whole connect timeout). The helper then ends on its own, its socket cut as soon as it has
    one."""
    done = threading.Event()
    outcome: list[tuple[int, Any]] = []
    failure: list[BaseException] = []

    def exchange() -> None:
        try:
            outcome.append(_exchange(session, request, budget))
        except BaseException as exc:  # handed to the caller as it is
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=exchange, name="city-exchange", daemon=True).start()
    if not done.wait(max(0.0, budget) + CUT_GRACE_S):
        raise request.timed_out(budget)
    if failure:
        raise failure[0]
    return outcome[0]


def _exchange(session: requests.Session, request: Request, budget: float) -> tuple[int, Any]:
    """The exchange itself, its socket cut when ``budget`` runs out."""
    with total_deadline(budget) as exchange:
        try:
            response = session.request(
                request.method,
                request.url,
                data=request.body,
                params=request.params,
                headers=request.headers,
                timeout=request.timeout,
                allow_redirects=False,
                stream=True,
            )
            try:
                result = interpret(response)
            finally:
                exchange.finish()
                response.close()
        except (
            requests.exceptions.RequestException,
            urllib3.exceptions.HTTPError,
            BackendError,
            RetryableError,
        ):
            if not exchange.expired:
                raise
        # a cut answer can even parse (a status line, then end of file): once the time is up,
        # whatever was read is not the city's answer
        if not exchange.expired:
            return result
    raise request.timed_out(budget)


def interpret(response: requests.Response) -> tuple[int, Any]:
    """``(status, document)`` of a 2xx answer; a typed error for anything else."""
    status = response.status_code
    if status == 429 or status >= 500:
        raise RetryableError(
            BackendUnavailableError(f"city answered {status}", status=status),
            retry_after(response.headers.get("Retry-After")),
        )
    doc = read_json(response) if 200 <= status < 300 or status >= 400 else None
    if 200 <= status < 300:
        return status, doc
    reason = reason_code(doc)
    detail = f"city answered {status}" + (f" ({reason})" if reason else "")
    if status == 401:
        raise BackendUnauthorisedError(detail, status=status)
    if status == 404:
        raise DossierNotFoundError(detail, status=status)
    if 400 <= status < 500:
        raise BackendRejectedError(detail, status=status, reason_code=reason)
    raise InvalidResponseError(f"unexpected HTTP status {status}", status=status)


def read_json(response: requests.Response) -> Any:
    """The answer's JSON, at most :data:`MAX_RESPONSE_BYTES`; None for a proxy's error page."""
    ctype = response.headers.get("Content-Type", "")
    raw = response.raw.read(MAX_RESPONSE_BYTES + 1, decode_content=True)
    if len(raw) > MAX_RESPONSE_BYTES:
        raise InvalidResponseError("answer too large", status=response.status_code)
    if response.status_code >= 400 and "json" not in ctype:
        return None  # an error page from a proxy: the status says enough
    if "application/json" not in ctype:
        raise InvalidResponseError(
            f"answer is not JSON (Content-Type {ctype[:40]!r})", status=response.status_code
        )
    try:
        return json.loads(raw)
    except ValueError:
        raise InvalidResponseError(
            "answer is malformed JSON", status=response.status_code
        ) from None


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(when.tzinfo)).total_seconds())


def reason_code(doc: Any) -> str:
    """The city's error code from ``{"detail": {"code": ...}}``, if it has that shape."""
    if isinstance(doc, Mapping):
        detail = doc.get("detail")
        if isinstance(detail, Mapping) and isinstance(detail.get("code"), str):
            return str(detail["code"])[:64]
        if isinstance(detail, list):
            return "validation"
    return ""
