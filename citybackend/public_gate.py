"""Rate limits of the routes that need no device token, checked before anything else.

``POST /api/v1/enrol`` and the tracking page ``/tra-cuu/...`` are open to anyone. The gate
takes one token from the client address's bucket before the body is read or validated, so a
flood of junk costs a dictionary look-up, not a JSON parse and a database query. The client
address is the connection's, or, only when the connection comes from a configured proxy,
the one the proxy forwarded (uvicorn applies ``X-Forwarded-For`` from those addresses only).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from citybackend import API_PREFIX, TRACKING_PREFIX
from citybackend.ratelimit import RateLimiter
from citybackend.tracking_page import render_message

ENROL_PATH = f"{API_PREFIX}/enrol"


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"


class PublicGate:
    """ASGI middleware: 429 for the open routes once a client address exceeds ``limiter``."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        is_page = path.startswith(TRACKING_PREFIX)
        if scope["type"] != "http" or not (is_page or path == ENROL_PATH):
            await self.app(scope, receive, send)
            return
        wait = self.limiter.check(client_address(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry_after = str(max(1, round(wait))).encode()
        if is_page:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            lang = (query.get("lang") or ["vi"])[0]
            body = render_message(lang, "limited", TRACKING_PREFIX).encode("utf-8")
            ctype = b"text/html; charset=utf-8"
        else:
            detail = {"code": "rate_limited", "detail": "too many attempts; wait a minute"}
            body = json.dumps({"detail": detail}).encode()
            ctype = b"application/json"
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", ctype),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", retry_after),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
