"""Error answers and error logs that hold no submitted value.

- Validation errors answer 422 with where and why (``loc``, ``msg``, ``type``), never the
  input: an echoed value may be a name or an ID number, and a NaN or an unpaired surrogate
  cannot even be written as JSON (that used to turn a 422 into a 500).
- :class:`ServerErrors` catches whatever escapes the application, answers 500 in the API's
  error shape and logs the exception's type and route, plus the stack (file, line, function:
  no message, no local values, no SQL parameters) at most once a minute per kind.
- A locked or unreachable database answers 503 with Retry-After (:func:`database_unavailable`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citybackend.stores.errors import StoreBusyError

log = logging.getLogger("citybackend.errors")

#: the longest ``msg`` kept from a validation error (pydantic's messages are short)
MAX_MESSAGE_CHARS = 200
#: at most this many field issues are returned
MAX_ISSUES = 50


def _safe_loc(part: Any) -> str | int:
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    text = str(part)
    # a dict key is part of the location and is submitted text: keep it only when plain
    if len(text) <= 64 and text.isascii() and text.isprintable():
        return text
    return "?"


def validation_issues(errors: Any) -> list[dict[str, Any]]:
    """``loc``, ``msg`` and ``type`` of each pydantic error; inputs and contexts dropped."""
    issues: list[dict[str, Any]] = []
    for error in list(errors)[:MAX_ISSUES]:
        msg = str(error.get("msg", ""))[:MAX_MESSAGE_CHARS]
        issues.append(
            {
                "loc": [_safe_loc(p) for p in error.get("loc", ())],
                "msg": msg.encode("utf-8", "replace").decode("utf-8"),
                "type": str(error.get("type", "")),
            }
        )
    return issues


async def validation_failed(_request: Request, exc: Exception) -> JSONResponse:
    """422 without the submitted values (the default handler echoes them)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    issues = validation_issues(errors)
    log.info("request refused: %d validation issue(s): %s", len(issues), _kinds(issues))
    return JSONResponse({"detail": issues}, status_code=422)


_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


async def http_error(_request: Request, exc: Exception) -> Response:
    """Every HTTP error in the one documented shape ``{"detail": {"code", "detail"}}``, also
    those raised by the framework with a plain text (a body that is not UTF-8: 400)."""
    if not isinstance(exc, StarletteHTTPException):  # registered for that type only
        raise exc
    detail: Any = exc.detail  # FastAPI's HTTPException carries any JSON value
    if not (isinstance(detail, dict) and "code" in detail):
        detail = {"code": _CODES.get(exc.status_code, "error"), "detail": str(detail)[:200]}
    headers = dict(exc.headers or {})
    if exc.status_code == 429:  # a refusal of this moment: no cache may keep it
        headers.setdefault("Cache-Control", "no-store")
    if exc.status_code == 304 or exc.status_code < 200:
        return Response(status_code=exc.status_code, headers=headers)
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)


async def database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """A locked or unreachable database is the server's trouble, not the kiosk's: 503
    with Retry-After, which the kiosk's client retries and its outbox keeps."""
    detail = "database busy" if isinstance(exc, StoreBusyError) else "database unavailable"
    if isinstance(exc, OperationalError):  # the driver's words only: no SQL parameters
        log.warning("database error: %s", str(exc.orig)[:200])
    return JSONResponse(
        {"detail": {"code": "unavailable", "detail": detail}},
        status_code=503,
        headers={"Retry-After": "1"},
    )


def _kinds(issues: list[dict[str, Any]]) -> str:
    """``body.applicant.full_name:string_too_short`` etc.: locations and types only."""
    return ", ".join(".".join(str(p) for p in i["loc"]) + ":" + str(i["type"]) for i in issues[:10])


class TracebackLimiter:
    """Allows one full stack per kind (exception type + where it was raised) per period."""

    def __init__(
        self, period_s: float = 60.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.period_s = period_s
        self._clock = clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def allow(self, kind: str) -> bool:
        now = self._clock()
        with self._lock:
            last = self._last.get(kind)
            if last is not None and now - last < self.period_s:
                return False
            if len(self._last) > 1000:  # bounded: many kinds at once means a flood anyway
                self._last.clear()
            self._last[kind] = now
            return True


def stack_without_values(exc: BaseException) -> tuple[str, str]:
    """``(kind, stack)``: the exception chain as types and frames (file, line, function)
    only. Exception messages are left out: a database driver puts parameters in them."""
    lines: list[str] = []
    kind = ""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        name = f"{type(current).__module__}.{type(current).__qualname__}"
        if not kind:
            where = frames[-1] if frames else None
            kind = name + (f"@{where.filename}:{where.lineno}" if where else "")
        lines.append(name)
        lines.extend(f"  {f.filename}:{f.lineno} in {f.name}" for f in frames)
        current = current.__cause__ or current.__context__
    return kind, "\n".join(lines)


class ServerErrors:
    """Outermost ASGI middleware: an unexpected exception becomes a 500 in the API's error
    shape, logged without values (see the module docstring)."""

    def __init__(self, app: ASGIApp, limiter: TracebackLimiter | None = None) -> None:
        self.app = app
        self.limiter = limiter or TracebackLimiter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            self.report(scope, exc)
            if not started:
                await _send_500(send)

    def report(self, scope: Scope, exc: BaseException) -> None:
        route = scope.get("route")
        where = getattr(route, "path", "") or "-"  # the template: a path may hold a token
        kind, stack = stack_without_values(exc)
        name = type(exc).__name__
        if self.limiter.allow(kind):
            log.error("unhandled %s on %s %s\n%s", name, scope["method"], where, stack)
        else:
            log.error("unhandled %s on %s %s (stack logged earlier)", name, scope["method"], where)


async def _send_500(send: Send) -> None:
    body = json.dumps({"detail": {"code": "internal", "detail": "internal error"}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
