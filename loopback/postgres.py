"""A throwaway PostgreSQL cluster on 127.0.0.1 (initdb + pg_ctl in a temporary folder).

As root the server runs as the ``postgres`` user. The tests (``tests/fixtures/postgres.py``)
and the load benchmark (``bench/backend_load.py``) use it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PG_TIMEOUT_S = 60


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    #: the server's own log (what PostgreSQL writes about errors and statements)
    log_path: Path | None = None

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ClusterUnavailableError(RuntimeError):
    """PostgreSQL is not installed here, or the cluster would not start (the reason says)."""


@contextlib.contextmanager
def throwaway_cluster(*, durable: bool = False) -> Iterator[PostgresServer]:
    """initdb + pg_ctl in a temporary folder, on a free loopback port; stopped and removed on
    exit. As root the server runs as the ``postgres`` user. ``durable`` keeps fsync on (the
    load benchmark); tests turn it off for speed."""
    bindir = _bindir()
    if bindir is None:
        raise ClusterUnavailableError("PostgreSQL is not installed (no initdb found)")
    prefix: list[str] = []
    owner: tuple[int, int] | None = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise ClusterUnavailableError("running as root without runuser")
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterUnavailableError("running as root and no 'postgres' user") from None
        prefix = ["runuser", "-u", "postgres", "--"]
        owner = (pw.pw_uid, pw.pw_gid)
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if owner is not None:
        for p in (root, sockets):
            os.chown(p, *owner)
    port = _free_port()
    initdb = [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        initdb.append("--no-sync")
        options += " -c fsync=off"
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            [*initdb, "-E", "UTF8"], check=True, capture_output=True, timeout=PG_TIMEOUT_S
        )
        subprocess.run(
            [*pg_ctl, "-l", str(root / "server.log"), "-w", "-t", str(PG_TIMEOUT_S),
             "-o", options, "start"],
            check=True,
            capture_output=True,
            timeout=PG_TIMEOUT_S + 10,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = (getattr(exc, "stderr", b"") or b"").decode(errors="replace")[-300:]
        shutil.rmtree(root, ignore_errors=True)
        raise ClusterUnavailableError(f"PostgreSQL could not start: {exc}: {detail}") from exc
    try:
        yield PostgresServer("127.0.0.1", port, "postgres", root / "server.log")
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "immediate", "-w", "-t", "30", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server: PostgresServer) -> str:
    """Create an empty database on ``server``; returns its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        f"host={server.host} port={server.port} user=postgres dbname=postgres",
        autocommit=True,
        connect_timeout=10,
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)
