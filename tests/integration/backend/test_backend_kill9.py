"""Kill -9 at random moments: after restart and drain the city holds each dossier once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.backend.client import CityConnection
from kiosk.backend.gateway import build_gateway
from tests.fixtures.citybackend import CityBackend
from tests.wait import wait_until

TRIALS = 20
READY_TIMEOUT_S = 30.0

#: a drain that stalls fails the test instead of hanging it
DRAIN_TIMEOUT_S = 60.0


def _run_and_kill(backend: CityBackend, data_dir: Path, rng: random.Random) -> list[str]:
    """Start a child submitting dossiers, SIGKILL it at a random moment; returns the UUIDs
    whose ``submit`` had returned (the resident holds a receipt for those)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.backend.kill9_child",
            backend.url,
            backend.token,
            str(data_dir),
            backend.kiosk_id,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert proc.stdout is not None
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "ready":
                ready.set()
            else:
                lines.append(line.strip())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(READY_TIMEOUT_S), "child did not start"
        time.sleep(rng.uniform(0.0, 0.4))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
        proc.stdout.close()
    return [x for x in lines if x]


@pytest.mark.slow
def test_kill9_never_loses_or_duplicates(citybackend: CityBackend, tmp_path: Path) -> None:
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    data_dir = tmp_path / "kiosk"
    receipted: set[str] = set()
    for _ in range(TRIALS):
        receipted.update(_run_and_kill(citybackend, data_dir, rng))
    # restart: a fresh gateway over the same outbox drains everything committed
    gateway, worker = build_gateway(
        CityConnection(citybackend.url, citybackend.token, connect_timeout_s=1, read_timeout_s=5),
        data_dir=data_dir,
        tracking_base_url="http://127.0.0.1/tra-cuu/",
        kiosk_id=citybackend.kiosk_id,
        submit_wait_s=2,
        heartbeat_interval_s=0,
    )

    def drained() -> bool:
        sent, _more = worker.drain_once()
        if gateway.outbox_state().depth == 0:
            return True
        if not sent:
            gateway.outbox.requeue_rejected()
        return False

    wait_until(drained, DRAIN_TIMEOUT_S, "the outbox drained after the kills")
    counts = gateway.outbox.counts()
    in_outbox = _all_keys(data_dir)
    gateway.outbox.close()

    db = sqlite3.connect(citybackend.database_url.removeprefix("sqlite:///"))
    rows = db.execute("SELECT dossier_uuid, code, tracking_token FROM dossiers").fetchall()
    db.close()
    uuids = [r[0] for r in rows]
    assert len(receipted) > TRIALS  # the kills landed after real work
    assert receipted <= set(uuids), "a dossier with a receipt is missing at the city"
    assert set(uuids) == in_outbox, "the city and the outbox disagree"
    assert len(uuids) == len(set(uuids)) == counts.get("sent", 0)
    assert len({r[1] for r in rows}) == len(rows), "a dossier code was issued twice"
    assert len({r[2] for r in rows}) == len(rows)


def _all_keys(data_dir: Path) -> set[str]:
    db = sqlite3.connect(data_dir / "outbox.sqlite3")
    try:
        return {r[0] for r in db.execute("SELECT item_key FROM items WHERE kind = 'dossier'")}
    finally:
        db.close()
