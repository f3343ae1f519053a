"""The FastAPI application: kiosk API under /api/v1, public tracking page, admin pages."""

from __future__ import annotations

import gc
import hmac
import logging
import os
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from importlib import resources
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citybackend import API_PREFIX
from citybackend.agencies import load_agency_codes
from citybackend.catalog import Catalog, load_catalog
from citybackend.database import create_db_engine
from citybackend.error_handling import ServerErrors, http_error, validation_failed
from citybackend.models import (
    UUID_PATTERN,
    DossierSubmission,
    EnrolIn,
    EnrolOut,
    ErrorBody,
    HeartbeatIn,
    HeartbeatOut,
    PaymentOut,
    RatingIn,
    RatingOut,
    RatingSummaryRow,
    SubmitResult,
    TrackingOut,
    ValidationErrorBody,
)
from citybackend.public_gate import KIOSK_STATE, PublicGate, client_address
from citybackend.ratelimit import RateLimiter
from citybackend.security_headers import SecurityHeaders
from citybackend.statuses import LABELS
from citybackend.stores.errors import (
    IdempotencyConflictError,
    NotFoundError,
    StoreBusyError,
    UnstorableError,
)
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store
from citybackend.submission_writer import SubmissionWriter
from citybackend.tracking_page import render_message, render_tracking
from citybackend.visibility import code_view, public_view

log = logging.getLogger(__name__)

#: how long a thread may keep the interpreter lock while others wait, seconds
GIL_SWITCH_INTERVAL_S = 0.0005

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}\Z")
_CODE_RE = re.compile(r"^[A-Za-z0-9._-]{4,80}\Z")

#: what each status means, for the OpenAPI document (every route lists the ones it answers)
_STATUS_TEXT: dict[int, str] = {
    400: "malformed request (the body could not be read)",
    401: "missing or unknown device token",
    403: "kiosk_id is not the caller's",
    404: "not found (or not this kiosk's)",
    409: "Idempotency-Key or rating reused with another body",
    413: "request body too large",
    422: "invalid request: field issues (no values echoed) or one refusal",
    429: "too many requests from this kiosk or address; see Retry-After",
    503: "database busy or unavailable; retry after Retry-After",
}
_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}


def _responses(
    *statuses: int, extra: dict[int | str, dict[str, Any]] | None = None
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses of a route: the error statuses it answers, with their bodies."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {
            "model": ValidationErrorBody if status == 422 else ErrorBody,
            "description": _STATUS_TEXT[status],
        }
        if status in {429, 503}:
            entry["headers"] = _RETRY_AFTER
        out[status] = entry
    out.update(extra or {})
    return out


#: what every authenticated call may answer besides its own (413: any request with a body
#: over the limit, even one that should have none)
_AUTHED = (401, 413, 422, 429, 503)


@dataclass
class BackendSettings:
    """Settings of one backend instance."""

    catalog: Catalog = field(default_factory=Catalog.empty)
    #: requests per second per client address to the routes open without a token (tracking
    #: page, enrolment) and with a wrong token, and the burst allowed
    lookup_rate: float = 0.5
    lookup_burst: int = 20
    #: look-ups by code or token per second per kiosk, and the burst (codes are sequential:
    #: this is what keeps a kiosk from walking them)
    kiosk_lookup_rate: float = 0.2
    kiosk_lookup_burst: int = 30
    #: largest request body accepted, bytes
    max_body_bytes: int = 256 * 1024
    #: token for the admin pages; empty = the admin pages are off (403 for everyone)
    admin_token: str = ""
    #: serve /docs, /redoc and /openapi.json (off in production: the document is in docs/api)
    enable_docs: bool = False
    #: threads running database work per worker process. More threads than this do not
    #: make a 2-core server faster: they queue on Python's global lock (each database round
    #: trip gives it up and waits to get it back), which stretches the slowest requests.
    worker_threads: int = 8


class BodySizeLimit:
    """ASGI middleware refusing bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _send_413(send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # FastAPI turns errors while reading a body into 400, but passes an
                    # HTTPException raised here on as it is
                    raise HTTPException(413, detail=_TOO_LARGE)
            return message

        await self.app(scope, limited, send)


_TOO_LARGE = {"code": "too_large", "detail": "request body too large"}


async def _send_413(send: Send) -> None:
    body = b'{"detail":{"code":"too_large","detail":"request body too large"}}'
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _error(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None
) -> HTTPException:
    return HTTPException(
        status_code=status, detail={"code": code, "detail": detail}, headers=headers
    )


_bearer = HTTPBearer(auto_error=False, description="device token of an enrolled kiosk")


async def kiosk_auth(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> KioskIdentity:
    """The enrolled kiosk behind the bearer token, or 401. Under ``/api/v1`` the gate
    (:class:`PublicGate`) has already authenticated it before the body was read; otherwise
    (an app without the gate) a token found valid in the last seconds is answered from
    memory, else the database is asked from the thread pool. Wrong tokens count against the
    client address's rate limit (429), so tokens cannot be guessed at speed."""
    store: Store = request.app.state.store
    kiosk: KioskIdentity | None = request.scope.get(KIOSK_STATE)
    if kiosk is not None:  # the gate authenticated it before the body was read
        return kiosk
    if credentials:
        kiosk = store.cached_kiosk(credentials.credentials)
        if kiosk is None:
            kiosk = await run_in_threadpool(store.authenticate, credentials.credentials)
    if kiosk is None:
        limiter: RateLimiter = request.app.state.public_limiter
        wait = limiter.check(client_address(request.scope))
        if wait > 0:
            raise HTTPException(
                status_code=429,
                detail={"code": "rate_limited", "detail": "too many failed attempts"},
                headers={"Retry-After": str(max(1, round(wait)))},
            )
        raise HTTPException(
            status_code=401,
            detail={"code": "unauthorised", "detail": "missing or unknown device token"},
            headers={"WWW-Authenticate": "Bearer"},
        )
    return kiosk


Kiosk = Annotated[KioskIdentity, Depends(kiosk_auth)]
UuidPath = Annotated[str, PathParam(pattern=UUID_PATTERN)]


def create_app(store: Store, settings: BackendSettings | None = None) -> FastAPI:  # noqa: PLR0915 - the routes
    """The application over ``store``; the caller owns the store's engine."""
    settings = settings or BackendSettings()
    limiter = RateLimiter(settings.lookup_rate, settings.lookup_burst)
    kiosk_limiter = RateLimiter(settings.kiosk_lookup_rate, settings.kiosk_lookup_burst)
    names = settings.catalog.names()

    writer = SubmissionWriter(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        await run_in_threadpool(store.warm_up, settings.worker_threads + 1)
        # the event loop thread is busy under load; with Python's default 5 ms turns the
        # database threads (the writer, token look-ups) would wait that long each time they
        # take the interpreter lock back after a database call
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        writer.start()
        # the application's own objects (routes, models, validators) live as long as the
        # process: keep the collector from scanning them again on every full collection
        gc.collect()
        gc.freeze()
        yield
        writer.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Hanoi ward kiosk - city API (reference backend)",
        version="1.0.0",
        description=(
            "The API the ward kiosks use: procedures catalog, dossier submission with "
            "Idempotency-Key, status and history, payment state, ratings and heartbeats. "
            "Every /api/v1 call except /health and /enrol needs the kiosk's device token "
            '(Authorization: Bearer). Errors are {"detail": {"code", "detail"}}; '
            'field validation errors are {"detail": [{"loc", "msg", "type"}]}.'
        ),
        docs_url="/docs" if settings.enable_docs else None,
        redoc_url="/redoc" if settings.enable_docs else None,
        openapi_url="/openapi.json" if settings.enable_docs else None,
    )
    # outermost last: headers on every answer, then the 500 catcher, the open routes' rate
    # limit, and the body size limit closest to the routes
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(PublicGate, limiter=limiter, store=store)
    app.add_middleware(ServerErrors)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.state.store = store
    app.state.writer = writer
    app.state.public_limiter = limiter

    @app.exception_handler(StoreBusyError)
    @app.exception_handler(OperationalError)
    async def busy(_request: Request, exc: Exception) -> JSONResponse:
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

    @app.get(f"{API_PREFIX}/health", tags=["ops"], responses=_responses(413))
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        f"{API_PREFIX}/procedures",
        tags=["catalog"],
        responses=_responses(
            *_AUTHED,
            extra={
                200: {"content": {"application/json": {"schema": {}}}},
                304: {"description": "not modified (If-None-Match)"},
            },
        ),
    )
    def procedures(
        _kiosk: Kiosk,
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        """The procedures catalog as one JSON document, with an ETag."""
        headers = {"ETag": settings.catalog.etag, "Cache-Control": "no-cache"}
        if if_none_match and settings.catalog.etag in {t.strip() for t in if_none_match.split(",")}:
            return Response(status_code=304, headers=headers)
        return Response(settings.catalog.body, media_type="application/json", headers=headers)

    @app.post(
        f"{API_PREFIX}/dossiers",
        tags=["dossiers"],
        status_code=201,
        response_model=SubmitResult,
        responses=_responses(
            400,
            403,
            409,
            *_AUTHED,
            extra={200: {"model": SubmitResult, "description": "replay of an earlier submission"}},
        ),
    )
    async def submit_dossier(
        body: DossierSubmission,
        kiosk: Kiosk,
        idempotency_key: Annotated[str, Header(pattern=UUID_PATTERN)],
    ) -> Response:
        """File a dossier. The Idempotency-Key (the kiosk's dossier UUID) makes retries safe:
        the same key and body return the same code; the same key with another body is 409."""
        if idempotency_key != body.dossier_uuid:
            raise _error(422, "key_mismatch", "Idempotency-Key must equal dossier_uuid")
        if body.kiosk_id != kiosk.kiosk_id:
            raise _error(403, "kiosk_mismatch", "kiosk_id is not the authenticated kiosk")
        try:
            result, created = await writer.submit(kiosk, body)
        except IdempotencyConflictError as exc:
            raise _error(409, exc.code, str(exc)) from None
        except UnstorableError as exc:
            raise _error(422, exc.code, str(exc)) from None
        # serialised here, once: the result is already a validated model
        return Response(
            result.model_dump_json(),
            status_code=201 if created else 200,
            media_type="application/json",
        )

    @app.get(
        f"{API_PREFIX}/dossiers/{{dossier_uuid}}",
        tags=["dossiers"],
        responses=_responses(404, *_AUTHED),
    )
    def dossier_status(dossier_uuid: UuidPath, kiosk: Kiosk) -> TrackingOut:
        """Full status and history (notes included) of a dossier this kiosk filed; 404 for
        any other dossier, as for one that does not exist."""
        try:
            return store.tracking(dossier_uuid=dossier_uuid, kiosk_id=kiosk.kiosk_id)
        except NotFoundError:
            raise _error(404, "not_found", "dossier not found") from None

    def _kiosk_lookup(kiosk: KioskIdentity) -> None:
        wait = kiosk_limiter.check(kiosk.kiosk_id)
        if wait > 0:
            raise HTTPException(
                status_code=429,
                detail={"code": "rate_limited", "detail": "too many look-ups from this kiosk"},
                headers={"Retry-After": str(max(1, round(wait)))},
            )

    @app.get(
        f"{API_PREFIX}/tracking",
        tags=["dossiers"],
        responses=_responses(404, *_AUTHED),
    )
    def tracking(
        kiosk: Kiosk,
        code: Annotated[str, Query(max_length=80)] = "",
        token: Annotated[str, Query(max_length=64)] = "",
    ) -> TrackingOut:
        """A resident's look-up, rate-limited per kiosk. By tracking token: the public view
        (masked name, status, due date, history without notes). By official code or
        provisional reference alone: the least (code, procedure, status, due date)."""
        if bool(code) == bool(token):
            raise _error(422, "bad_query", "give exactly one of code or token")
        _kiosk_lookup(kiosk)
        code, token = code.strip(), token.strip()
        # what cannot be a code or a token is not looked up (nor sent to the database)
        if not (_CODE_RE.match(code) if code else _TOKEN_RE.match(token)):
            raise _error(404, "not_found", "dossier not found")
        try:
            if token:
                return public_view(store.tracking(token=token))
            return code_view(store.tracking(code=code))
        except NotFoundError:
            raise _error(404, "not_found", "dossier not found") from None

    @app.get(
        f"{API_PREFIX}/dossiers/{{dossier_uuid}}/payment",
        tags=["payments"],
        responses=_responses(404, *_AUTHED),
    )
    def payment(dossier_uuid: UuidPath, kiosk: Kiosk) -> PaymentOut:
        """Whether the fee of a dossier this kiosk filed has been paid (404 otherwise)."""
        try:
            return store.payment(dossier_uuid, kiosk_id=kiosk.kiosk_id)
        except NotFoundError:
            raise _error(404, "not_found", "dossier not found") from None

    @app.post(
        f"{API_PREFIX}/ratings",
        tags=["ratings"],
        status_code=201,
        responses=_responses(
            400,
            403,
            404,
            409,
            *_AUTHED,
            extra={200: {"model": RatingOut, "description": "the same rating again"}},
        ),
    )
    def rate(body: RatingIn, kiosk: Kiosk, response: Response) -> RatingOut:
        """Record a satisfaction rating: one per dossier (the same body again is accepted),
        for a dossier this kiosk filed or whose tracking token the body carries; 404 for
        any other dossier. The rating's kiosk is the caller."""
        if body.kiosk_id is not None and body.kiosk_id != kiosk.kiosk_id:
            raise _error(403, "kiosk_mismatch", "kiosk_id is not the authenticated kiosk")
        try:
            created = store.add_rating(kiosk, body)
        except IdempotencyConflictError as exc:
            raise _error(409, exc.code, str(exc)) from None
        except NotFoundError:
            raise _error(404, "not_found", "dossier not found") from None
        response.status_code = 201 if created else 200
        return RatingOut(dossier_uuid=body.dossier_uuid, accepted=True)

    @app.get(f"{API_PREFIX}/ratings/summary", tags=["ratings"], responses=_responses(*_AUTHED))
    def ratings_summary(
        _kiosk: Kiosk,
        ward_code: Annotated[str, Query(pattern=r"^[0-9A-Za-z]{0,16}$")] = "",
        procedure_code: Annotated[str, Query(pattern=r"^[0-9A-Za-z.]{0,32}$")] = "",
    ) -> list[RatingSummaryRow]:
        """Ratings per ward and procedure."""
        return store.ratings_summary(ward_code=ward_code, procedure_code=procedure_code)

    @app.post(f"{API_PREFIX}/heartbeat", tags=["ops"], responses=_responses(400, 403, *_AUTHED))
    def heartbeat(body: HeartbeatIn, kiosk: Kiosk, request: Request) -> HeartbeatOut:
        """A kiosk says it is alive and reports its outbox; the answer carries server time."""
        if body.kiosk_id != kiosk.kiosk_id:
            raise _error(403, "kiosk_mismatch", "kiosk_id is not the authenticated kiosk")
        addr = request.client.host if request.client else ""
        return HeartbeatOut(server_time=store.heartbeat(kiosk.kiosk_id, addr, body))

    @app.post(
        f"{API_PREFIX}/enrol", tags=["ops"], responses=_responses(400, 404, 413, 422, 429, 503)
    )
    def enrol(body: EnrolIn) -> EnrolOut:
        """Exchange a one-time enrolment code for the kiosk's device token (no token needed:
        this is how a kiosk gets one). Rate-limited per client address like the public page,
        before the body is read."""
        try:
            kiosk_id, token = store.redeem_enrolment_code(body.code)
        except NotFoundError:
            raise _error(404, "not_found", "enrolment code unknown, used or expired") from None
        return EnrolOut(kiosk_id=kiosk_id, token=token)

    # ------------------------------------------------------------- public page
    @app.get(
        "/tra-cuu/{token}",
        response_class=HTMLResponse,
        tags=["public"],
        responses={
            404: {"description": "unknown token", "content": {"text/html": {}}},
            429: {
                "description": _STATUS_TEXT[429],
                "content": {"text/html": {}},
                "headers": _RETRY_AFTER,
            },
            413: {"model": ErrorBody, "description": _STATUS_TEXT[413]},
            503: {"model": ErrorBody, "description": _STATUS_TEXT[503], "headers": _RETRY_AFTER},
        },
    )
    def tracking_page(token: str, lang: str = "vi") -> HTMLResponse:
        """The public tracking page of the QR code. Rate-limited per client address (before
        anything else, in :class:`PublicGate`). Any token and language are taken (an unknown
        one is not found, or Vietnamese): a resident sees a page, never a 422."""
        self_path = f"/tra-cuu/{token}" if _TOKEN_RE.match(token) else "/tra-cuu/"
        headers = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
        if not _TOKEN_RE.match(token):
            return HTMLResponse(
                render_message(lang, "not_found", self_path), status_code=404, headers=headers
            )
        try:
            view = store.tracking(token=token)
        except NotFoundError:
            return HTMLResponse(
                render_message(lang, "not_found", self_path), status_code=404, headers=headers
            )
        return HTMLResponse(
            render_tracking(public_view(view), lang, self_path, names), headers=headers
        )

    @app.get("/static/tracking.css", include_in_schema=False)
    def tracking_css() -> Response:
        css = resources.files("citybackend").joinpath("static/tracking.css").read_bytes()
        return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    # ------------------------------------------------------------- admin pages
    def admin_guard(request: Request) -> None:
        """The admin token (Authorization: Bearer) whatever the client address; without a
        configured token the admin pages are off. Compared in constant time."""
        if not settings.admin_token:
            raise _error(403, "forbidden", "admin pages are off: start with --admin-token")
        auth = request.headers.get("authorization", "")
        given = auth.removeprefix("Bearer ").strip().encode("utf-8", "replace")
        if not hmac.compare_digest(given, settings.admin_token.encode("utf-8")):
            raise _error(
                401, "unauthorised", "admin token required", headers={"WWW-Authenticate": "Bearer"}
            )

    @app.get(
        "/admin/kiosks",
        response_class=HTMLResponse,
        dependencies=[Depends(admin_guard)],
        include_in_schema=False,
    )
    def admin_kiosks() -> HTMLResponse:
        now = datetime.now(UTC)
        rows = []
        for k in store.list_kiosks():
            seen = k.last_heartbeat_at
            ago = f"{int((now - seen).total_seconds())} s" if seen else "-"
            rows.append(
                f"<tr><td>{escape(k.kiosk_id)}</td><td>{escape(k.agency_code)}</td>"
                f"<td>{escape(seen.isoformat(timespec='seconds') if seen else '-')}</td>"
                f"<td>{ago}</td><td>{'' if k.outbox_depth is None else k.outbox_depth}</td>"
                f"<td>{escape(k.last_error)}</td></tr>"
            )
        return HTMLResponse(
            _admin_page(
                "Ki-ốt / Kiosks",
                ["Kiosk", "Agency", "Last heartbeat (UTC)", "Ago", "Outbox", "Last error"],
                rows,
            )
        )

    @app.get(
        "/admin/ratings",
        response_class=HTMLResponse,
        dependencies=[Depends(admin_guard)],
        include_in_schema=False,
    )
    def admin_ratings() -> HTMLResponse:
        rows = []
        for r in store.ratings_summary():
            reasons = ", ".join(f"{escape(k)}: {v}" for k, v in r.reasons.items())
            rows.append(
                f"<tr><td>{escape(r.ward_code)}</td><td>{escape(r.procedure_code)}</td>"
                f"<td>{r.total}</td><td>{r.very_satisfied}</td><td>{r.satisfied}</td>"
                f"<td>{r.not_satisfied}</td><td>{r.satisfied_share:.0%}</td><td>{reasons}</td></tr>"
            )
        return HTMLResponse(
            _admin_page(
                "Đánh giá / Ratings",
                [
                    "Ward",
                    "Procedure",
                    "Total",
                    "Very satisfied",
                    "Satisfied",
                    "Not satisfied",
                    "Satisfied share",
                    "Reasons",
                ],
                rows,
            )
        )

    return app


def _admin_page(title: str, headings: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "\n".join(rows) or f'<tr><td colspan="{len(headings)}">-</td></tr>'
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        "margin:16px}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:4px 8px;text-align:left}</style></head>"
        f"<body><h1>{escape(title)}</h1><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )


def status_labels() -> dict[int, tuple[str, str]]:
    """Status number -> (Vietnamese, English) label, for CLIs and pages."""
    return {int(k): v for k, v in LABELS.items()}


# ----------------------------------------------------------------- multi-worker
ENV_DATABASE = "CITYBACKEND_DATABASE"
ENV_CATALOG = "CITYBACKEND_CATALOG"
ENV_AGENCIES = "CITYBACKEND_AGENCIES"  # ward code -> agency code (citybackend.agencies)
ENV_ADMIN_TOKEN = "CITYBACKEND_ADMIN_TOKEN"
ENV_LOOKUP_RATE = "CITYBACKEND_LOOKUP_RATE"
ENV_LOOKUP_BURST = "CITYBACKEND_LOOKUP_BURST"
ENV_THREADS = "CITYBACKEND_THREADS"
ENV_KIOSK_LOOKUP_RATE = "CITYBACKEND_KIOSK_LOOKUP_RATE"
ENV_KIOSK_LOOKUP_BURST = "CITYBACKEND_KIOSK_LOOKUP_BURST"
ENV_DOCS = "CITYBACKEND_DOCS"
ENV_LOG_LEVEL = "CITYBACKEND_LOG_LEVEL"


def settings_from_env() -> BackendSettings:
    defaults = BackendSettings()
    env = os.environ.get
    return BackendSettings(
        catalog=load_catalog(env(ENV_CATALOG) or None),
        admin_token=env(ENV_ADMIN_TOKEN, ""),
        lookup_rate=float(env(ENV_LOOKUP_RATE, str(defaults.lookup_rate))),
        lookup_burst=int(env(ENV_LOOKUP_BURST, str(defaults.lookup_burst))),
        kiosk_lookup_rate=float(env(ENV_KIOSK_LOOKUP_RATE, str(defaults.kiosk_lookup_rate))),
        kiosk_lookup_burst=int(env(ENV_KIOSK_LOOKUP_BURST, str(defaults.kiosk_lookup_burst))),
        worker_threads=int(env(ENV_THREADS, "8")),
        enable_docs=env(ENV_DOCS, "") == "1",
    )


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` worker processes; settings come from the environment.

    The database must already be migrated (``citybackend serve`` does it before forking).
    """
    _log_to_stderr(os.environ.get(ENV_LOG_LEVEL, "warning"))
    settings = settings_from_env()
    engine = create_db_engine(os.environ[ENV_DATABASE])
    store = Store(
        engine,
        processing_days=settings.catalog.processing_days(),
        agency_codes=load_agency_codes(os.environ.get(ENV_AGENCIES)),
    )
    return create_app(store, settings)


def _log_to_stderr(level: str) -> None:
    """The backend's own messages beside uvicorn's, at the level ``serve`` was given."""
    logger = logging.getLogger("citybackend")
    logger.setLevel(level.upper())
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
