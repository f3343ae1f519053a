"""The reference city backend as a separate process on 127.0.0.1, for demo mode.

The kiosk talks to it over HTTP exactly as it would to the city: nothing is shared in memory.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DemoBackend:
    """``start()`` enrols the demo kiosk and serves; ``stop()`` ends the process."""

    def __init__(self, data_dir: Path, kiosk_id: str, catalog_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.kiosk_id = kiosk_id
        self.catalog_dir = catalog_dir
        self.database_url = f"sqlite:///{data_dir / 'citybackend.sqlite3'}"
        self.port = 0
        self.token = ""
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    @property
    def tracking_base_url(self) -> str:
        return f"{self.base_url}/tra-cuu/"

    def _cli(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "citybackend.cli", "--database", self.database_url, *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return out.stdout.strip()

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
            self._cli("migrate")
            self.token = self._cli("kiosk", "add", self.kiosk_id).splitlines()[-1].strip()
            token_file.write_text(self.token + "\n", encoding="utf-8")
            token_file.chmod(0o600)
        self.port = free_port()
        cmd = [
            sys.executable, "-m", "citybackend.cli", "--database", self.database_url,
            "serve", "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        if self.catalog_dir is not None:
            cmd += ["--catalog", str(self.catalog_dir)]
        log_file = (self.data_dir / "citybackend.log").open("ab")
        self._process = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT)
        log_file.close()
        log.info("demo backend starting on port %d", self.port)

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        import requests  # only screenshots and tests wait; the kiosk itself does not

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError("the demo backend stopped; see citybackend.log")
            try:
                if requests.get(f"{self.api_url}/health", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise TimeoutError("the demo backend did not answer in time")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        self._process = None
