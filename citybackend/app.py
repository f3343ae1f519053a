"""The FastAPI application: kiosk API under /api/v1, public tracking page, admin pages.

:func:`create_app` assembles it: the middleware (outermost first: security headers, the 500
catcher, the open routes' rate limit and token gate, the body size limit), the error
handlers, one :class:`~citybackend.dependencies.Services` for the routes' ``Depends``, and
the routers of :mod:`citybackend.routers`. :func:`app_from_env` is the worker processes'
factory.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from citybackend.agencies import load_agency_codes
from citybackend.body_limit import BodySizeLimit
from citybackend.database import create_db_engine
from citybackend.dependencies import Services
from citybackend.error_handling import (
    ServerErrors,
    database_unavailable,
    http_error,
    validation_failed,
)
from citybackend.public_gate import PublicGate
from citybackend.ratelimit import RateLimiter
from citybackend.routers import admin, dossiers, kiosks, ops, procedures, ratings, tracking_page
from citybackend.security_headers import SecurityHeaders
from citybackend.settings import (
    ENV_AGENCIES,
    ENV_DATABASE,
    ENV_LOG_LEVEL,
    BackendSettings,
    settings_from_env,
)
from citybackend.stores.errors import StoreBusyError
from citybackend.stores.store import Store
from citybackend.submission_writer import SubmissionWriter

#: how long a thread may keep the interpreter lock while others wait, seconds
GIL_SWITCH_INTERVAL_S = 0.0005

DESCRIPTION = (
    "The API the ward kiosks use: procedures catalog, dossier submission with "
    "Idempotency-Key, status and history, payment state, ratings and heartbeats. "
    "Every /api/v1 call except /health and /enrol needs the kiosk's device token "
    '(Authorization: Bearer). Errors are {"detail": {"code", "detail"}}; '
    'field validation errors are {"detail": [{"loc", "msg", "type"}]}.'
)


def create_app(store: Store, settings: BackendSettings | None = None) -> FastAPI:
    """The application over ``store``; the caller owns the store's engine."""
    settings = settings or BackendSettings()
    services = Services(
        store=store,
        settings=settings,
        writer=SubmissionWriter(store),
        public_limiter=RateLimiter(settings.lookup_rate, settings.lookup_burst),
        kiosk_limiter=RateLimiter(settings.kiosk_lookup_rate, settings.kiosk_lookup_burst),
        procedure_names=settings.catalog.names(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        await run_in_threadpool(store.warm_up, settings.worker_threads + 1)
        # the event loop thread is busy under load; with Python's default 5 ms turns the
        # database threads (the writer, token look-ups) would wait that long each time they
        # take the interpreter lock back after a database call
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        services.writer.start()
        # the application's own objects (routes, models, validators) live as long as the
        # process: keep the collector from scanning them again on every full collection
        gc.collect()
        gc.freeze()
        yield
        services.writer.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Hanoi ward kiosk - city API (reference backend)",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url="/docs" if settings.enable_docs else None,
        redoc_url="/redoc" if settings.enable_docs else None,
        openapi_url="/openapi.json" if settings.enable_docs else None,
    )
    # outermost last: headers on every answer, then the 500 catcher, the open routes' rate
    # limit, and the body size limit closest to the routes
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(PublicGate, limiter=services.public_limiter, store=store)
    app.add_middleware(ServerErrors)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(StoreBusyError, database_unavailable)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.state.services = services
    for module in (ops, procedures, dossiers, ratings, kiosks, tracking_page, admin):
        app.include_router(module.router)
    return app


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
