"""The city backend running inside another process (demo mode, end-to-end tests).

>>> backend = EmbeddedBackend(Path("/tmp/city.sqlite3"))   # doctest: +SKIP
>>> backend.start(); token = backend.enrol_kiosk("KIOSK-DEMO-01")   # doctest: +SKIP
>>> backend.url, backend.tracking_base_url   # doctest: +SKIP
('http://127.0.0.1:41234', 'http://127.0.0.1:41234/tra-cuu/')
>>> backend.stop()   # doctest: +SKIP
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from citybackend import TRACKING_PREFIX
from citybackend.app import BackendSettings, create_app
from citybackend.catalog import load_catalog
from citybackend.database import create_db_engine
from citybackend.migrations import upgrade
from citybackend.store import DEFAULT_AGENCY, Store


class EmbeddedBackendError(RuntimeError):
    """The embedded backend did not start or stop in time."""


class EmbeddedBackend:
    """uvicorn on 127.0.0.1 in a background thread, over a SQLite file.

    ``port=0`` picks a free port (the socket is bound before the server starts, so there is
    no race with other processes). ``start`` and ``stop`` may alternate: the same port is
    reused, which lets tests take the city "offline" and bring it back.
    """

    def __init__(
        self,
        database_path: Path,
        *,
        port: int = 0,
        catalog: str | Path | None = None,
        start_timeout_s: float = 10.0,
        stop_timeout_s: float = 10.0,
    ) -> None:
        self.database_path = Path(database_path)
        self._port = port
        self._catalog_path = catalog
        self._start_timeout = start_timeout_s
        self._stop_timeout = stop_timeout_s
        self._engine: Engine | None = None
        self._store: Store | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if not self._port:
            raise EmbeddedBackendError("not started")
        return self._port

    @property
    def url(self) -> str:
        """Base URL of the API (the client appends ``/api/v1/...``)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def tracking_base_url(self) -> str:
        return f"{self.url}{TRACKING_PREFIX}"

    @property
    def store(self) -> Store:
        if self._store is None:
            self._open_store()
        assert self._store is not None
        return self._store

    def _open_store(self) -> None:
        self.database_path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = create_db_engine(f"sqlite:///{self.database_path}")
        upgrade(self._engine)
        catalog = load_catalog(self._catalog_path)
        self._store = Store(self._engine, processing_days=catalog.processing_days())
        self._settings = BackendSettings(catalog=catalog)

    def start(self) -> None:
        """Start serving; returns once the server accepts connections (bounded wait)."""
        if self._thread is not None and self._thread.is_alive():
            return
        store = self.store
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._port))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_app(store, self._settings),
            log_level="warning",
            access_log=False,  # the path of a tracking page is a secret capability
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="citybackend", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                sock.close()
                raise EmbeddedBackendError("the embedded city backend did not start")
            time.sleep(0.01)
        # the listening socket now belongs to the server, which closes it on shutdown

    def enrol_kiosk(self, kiosk_id: str, agency_code: str = DEFAULT_AGENCY) -> str:
        """Enrol ``kiosk_id`` (or give it a new token) and return its device token."""
        return self.store.enrol_kiosk(kiosk_id, agency_code=agency_code, rotate=True)

    def stop(self) -> None:
        """Stop serving (bounded); the database stays open for :meth:`start` again."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(self._stop_timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(self._stop_timeout)
            if thread.is_alive():
                raise EmbeddedBackendError("the embedded city backend did not stop")

    def close(self) -> None:
        """Stop and release the database."""
        self.stop()
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._store = None

    def __enter__(self) -> EmbeddedBackend:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
