"""Rate limits of the routes that need no device token, and the device token of the others,
checked before anything else.

``POST /api/v1/enrol`` and the tracking page ``/tra-cuu/...`` are open to anyone. The gate
takes one token from the client address's bucket before the body is read or validated, so a
flood of junk costs a dictionary look-up, not a JSON parse and a database query. Every other
``/api/v1`` call but ``/health`` needs a device token: the gate checks it before the body
too (from the token cache, else one look-up), and a call without a valid one costs the
address a token from the same bucket and is answered 401 (429 once the bucket is empty)
without its body being read; FastAPI would otherwise parse and validate the body first and
answer a tokenless junk body 422, unlimited. The client address is the connection's, or,
only when the connection comes from a configured proxy, the one the proxy forwarded
(uvicorn applies ``X-Forwarded-For`` from those addresses only).
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs

from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from citybackend import API_PREFIX, TRACKING_PREFIX
from citybackend.ratelimit import RateLimiter
from citybackend.stores.errors import StoreBusyError
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store
from citybackend.tracking_page import page_lang, render_message

log = logging.getLogger(__name__)

ENROL_PATH = f"{API_PREFIX}/enrol"
HEALTH_PATH = f"{API_PREFIX}/health"
#: the scope key under which the gate leaves the authenticated kiosk for the routes (the
#: scope is the request's own; ``scope["state"]`` may be copied from shared lifespan state)
KIOSK_STATE = "citybackend_kiosk"


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"


def bearer_token(scope: Scope) -> str:
    """The token of an ``Authorization: Bearer`` header, "" without one."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return ""


class PublicGate:
    """ASGI middleware: 429 for the open routes once a client address exceeds ``limiter``;
    401 (then 429) for the other API calls without a valid device token, before the body."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, store: Store | None = None) -> None:
        self.app = app
        self.limiter = limiter
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_page = path.startswith(TRACKING_PREFIX)
        if is_page or path == ENROL_PATH:
            await self._open_route(scope, receive, send, is_page=is_page)
        elif self.store is not None and path.startswith(f"{API_PREFIX}/") and path != HEALTH_PATH:
            await self._token_route(scope, receive, send, self.store)
        else:
            await self.app(scope, receive, send)

    async def _open_route(
        self, scope: Scope, receive: Receive, send: Send, *, is_page: bool
    ) -> None:
        wait = self.limiter.check(client_address(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        if is_page:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            lang = page_lang((query.get("lang") or ["vi"])[0])
            body = render_message(lang, "limited", TRACKING_PREFIX).encode("utf-8")
            await _answer(send, 429, body, b"text/html; charset=utf-8", _retry_after(wait))
        else:
            await _refuse(send, 429, "rate_limited", "too many attempts; wait a minute", wait)

    async def _token_route(self, scope: Scope, receive: Receive, send: Send, store: Store) -> None:
        token = bearer_token(scope)
        kiosk: KioskIdentity | None = None
        if token:
            kiosk = store.cached_kiosk(token)
            if kiosk is None:
                try:
                    kiosk = await run_in_threadpool(store.authenticate, token)
                except (StoreBusyError, OperationalError) as exc:
                    if isinstance(exc, OperationalError):  # the driver's words, no parameters
                        log.warning("database error: %s", str(exc.orig)[:200])
                    await _refuse(send, 503, "unavailable", "database unavailable", 1.0)
                    return
        if kiosk is not None:
            scope[KIOSK_STATE] = kiosk
            await self.app(scope, receive, send)
            return
        wait = self.limiter.check(client_address(scope))
        if wait > 0:
            await _refuse(send, 429, "rate_limited", "too many failed attempts", wait)
        else:
            await _refuse(send, 401, "unauthorised", "missing or unknown device token")


def _retry_after(wait: float) -> tuple[bytes, bytes]:
    return (b"retry-after", str(max(1, round(wait))).encode())


async def _refuse(send: Send, status: int, code: str, detail: str, wait: float = 0.0) -> None:
    """An error answer in the API's shape, ``Retry-After`` when there is a wait."""
    body = json.dumps({"detail": {"code": code, "detail": detail}}).encode()
    extra = [_retry_after(wait)] if wait > 0 else []
    if status == 401:
        extra.append((b"www-authenticate", b"Bearer"))
    await _answer(send, status, body, b"application/json", *extra)


async def _answer(
    send: Send, status: int, body: bytes, ctype: bytes, *extra: tuple[bytes, bytes]
) -> None:
    """The whole answer; never cached (a refusal holds for this moment only)."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", ctype),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
