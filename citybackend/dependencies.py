"""What the routes take through ``Depends``: the backend's services, the calling kiosk, the
admin token check, and the error every refusal is raised as.

:func:`~citybackend.app.create_app` puts one :class:`Services` on ``app.state``; the routes
never reach for it themselves.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from citybackend.models import UUID_PATTERN
from citybackend.public_gate import KIOSK_STATE, client_address
from citybackend.ratelimit import RateLimiter
from citybackend.settings import BackendSettings
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store
from citybackend.submission_writer import SubmissionWriter


@dataclass
class Services:
    """One application's store, settings, group-commit writer and rate limiters."""

    store: Store
    settings: BackendSettings
    writer: SubmissionWriter
    #: per client address: the open routes and wrong tokens
    public_limiter: RateLimiter
    #: per kiosk: look-ups by code or token
    kiosk_limiter: RateLimiter
    #: procedure code -> (Vietnamese, English) name, for the tracking page
    procedure_names: dict[str, tuple[str, str]] = field(default_factory=dict)


def api_error(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None
) -> HTTPException:
    """A refusal in the API's error shape ``{"detail": {"code", "detail"}}``."""
    return HTTPException(
        status_code=status, detail={"code": code, "detail": detail}, headers=headers
    )


async def services(request: Request) -> Services:
    """The application's :class:`Services` (async: no thread pool hop per request)."""
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]
UuidPath = Annotated[str, PathParam(pattern=UUID_PATTERN)]

_bearer = HTTPBearer(auto_error=False, description="device token of an enrolled kiosk")


async def kiosk_auth(
    request: Request,
    backend: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> KioskIdentity:
    """The enrolled kiosk behind the bearer token, or 401. Under ``/api/v1`` the gate
    (:class:`~citybackend.public_gate.PublicGate`) has already authenticated it before the
    body was read; otherwise (an app without the gate) a token found valid in the last
    seconds is answered from memory, else the database is asked from the thread pool. Wrong
    tokens count against the client address's rate limit (429), so tokens cannot be guessed
    at speed."""
    store = backend.store
    kiosk: KioskIdentity | None = request.scope.get(KIOSK_STATE)
    if kiosk is not None:  # the gate authenticated it before the body was read
        return kiosk
    if credentials:
        kiosk = store.cached_kiosk(credentials.credentials)
        if kiosk is None:
            kiosk = await run_in_threadpool(store.authenticate, credentials.credentials)
    if kiosk is None:
        wait = backend.public_limiter.check(client_address(request.scope))
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


def limit_kiosk_lookups(backend: Services, kiosk: KioskIdentity) -> None:
    """429 when ``kiosk`` looks dossiers up faster than its rate (codes are sequential:
    this keeps a kiosk from walking them). Called by the route once the query is valid."""
    wait = backend.kiosk_limiter.check(kiosk.kiosk_id)
    if wait > 0:
        raise HTTPException(
            status_code=429,
            detail={"code": "rate_limited", "detail": "too many look-ups from this kiosk"},
            headers={"Retry-After": str(max(1, round(wait)))},
        )


async def admin_guard(request: Request, backend: ServicesDep) -> None:
    """The admin token (Authorization: Bearer) whatever the client address; without a
    configured token the admin pages are off. Compared in constant time."""
    admin_token = backend.settings.admin_token
    if not admin_token:
        raise api_error(403, "forbidden", "admin pages are off: start with --admin-token")
    auth = request.headers.get("authorization", "")
    given = auth.removeprefix("Bearer ").strip().encode("utf-8", "replace")
    if not hmac.compare_digest(given, admin_token.encode("utf-8")):
        raise api_error(
            401, "unauthorised", "admin token required", headers={"WWW-Authenticate": "Bearer"}
        )
