"""The reference city backend as a separate process on 127.0.0.1.

The kiosk talks to it over HTTP exactly as it would to the city: nothing is shared in memory.
:class:`CityBackend` is the process (started, stopped and started again on the same port);
:class:`DemoBackend` is demo mode's: enrolled once, its token kept in the data directory.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from loopback.processes import stop_process

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
KIOSK_ID = "KIOSK-TEST-01"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(
    database_url: str, *args: str, timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    """Run the ``citybackend`` admin CLI against ``database_url``."""
    return subprocess.run(
        [sys.executable, "-m", "citybackend.cli", "--database", database_url, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class CityBackend:
    """``citybackend serve`` on ``port``, its output appended to ``log_path``."""

    database_url: str
    port: int
    log_path: Path
    workers: int = 1
    extra_args: tuple[str, ...] = ()
    token: str = ""
    kiosk_id: str = KIOSK_ID
    #: certificate file when serving https (also the CA bundle clients should trust)
    certfile: str = ""
    _proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        if self.certfile:
            return f"https://localhost:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    @property
    def tracking_base_url(self) -> str:
        return f"{self.url}/tra-cuu/"

    @property
    def pid(self) -> int | None:
        """The server process's id while it runs (its workers are its children)."""
        return self._proc.pid if self._proc is not None else None

    def start(self, *, wait: bool = True) -> None:
        """Start serving; with ``wait``, return once ``/api/v1/health`` answers."""
        if self._proc is not None:
            return
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable, "-m", "citybackend.cli", "--database", self.database_url,
            "serve", "--host", "127.0.0.1", "--port", str(self.port),
            "--workers", str(self.workers), *self.extra_args,
        ]  # fmt: skip
        with self.log_path.open("ab") as out:
            self._proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        log.info("reference backend starting on port %d", self.port)
        if wait:
            try:
                self.wait_ready()
            except RuntimeError:
                self.stop()
                raise

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Until ``/api/v1/health`` answers 200; RuntimeError if the process ends or is late."""
        import requests  # the kiosk itself never waits: its client has its own timeouts

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"citybackend exited: {tail}")
            try:
                health = requests.get(
                    f"{self.url}/api/v1/health", timeout=1, verify=self.certfile or True
                )
                if health.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"citybackend did not answer within {timeout_s:.0f} s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stop_process(proc, STOP_TIMEOUT_S)

    def kill(self) -> None:
        """SIGKILL: the server may have stored a request it never answered (outage tests)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.kill()
        proc.wait(STOP_TIMEOUT_S)

    def enrol(self, kiosk_id: str = KIOSK_ID) -> str:
        """Enrol (or re-key) ``kiosk_id``; returns its device token."""
        result = run_cli(self.database_url, "kiosk", "add", kiosk_id, "--rotate")
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout.strip().splitlines()[-1].strip()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(self.database_url, *args)


class DemoBackend:
    """Demo mode's backend: ``start()`` enrols the demo kiosk (once) and serves; ``stop()``
    ends the process."""

    def __init__(self, data_dir: Path, kiosk_id: str, catalog_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.kiosk_id = kiosk_id
        self.database_url = f"sqlite:///{data_dir / 'citybackend.sqlite3'}"
        extra = ("--catalog", str(catalog_dir)) if catalog_dir is not None else ()
        self.process = CityBackend(
            self.database_url, 0, data_dir / "citybackend.log", extra_args=extra, kiosk_id=kiosk_id
        )
        self.token = ""

    @property
    def port(self) -> int:
        return self.process.port

    @property
    def base_url(self) -> str:
        return self.process.url

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    @property
    def tracking_base_url(self) -> str:
        return self.process.tracking_base_url

    def start(self) -> None:
        """Enrol (once; the token is kept in the data directory) and start serving.

        Does not wait for the server: the first request waits for it through the client's own
        timeouts, and the outbox keeps dossiers if it is not up yet.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        token_file = self.data_dir / "demo-device-token"
        if token_file.exists():  # enrolled on an earlier run; "serve" upgrades the schema
            self.token = token_file.read_text(encoding="utf-8").strip()
        else:
            migrated = self.process.cli("migrate")
            if migrated.returncode != 0:
                raise RuntimeError(f"citybackend migrate: {migrated.stderr.strip()}")
            self.token = self.process.enrol(self.kiosk_id)
            token_file.write_text(self.token + "\n", encoding="utf-8")
            token_file.chmod(0o600)
        self.process.port = free_port()
        self.process.start(wait=False)

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        self.process.wait_ready(timeout_s)

    def stop(self) -> None:
        self.process.stop()
