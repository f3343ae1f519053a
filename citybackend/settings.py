"""Settings of one backend instance, and the environment that carries them to the workers.

``citybackend serve`` puts its options in the environment; each ``uvicorn --factory`` worker
process reads them back (:func:`settings_from_env`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from citybackend.catalog import Catalog, load_catalog

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
