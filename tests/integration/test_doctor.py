"""``kiosk doctor --json`` against real services: pcscd with a virtual card in vpcd, CUPS with
the cups-pdf queue, and the reference backend (uvicorn on loopback)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.settings_store import SettingsStore
from loopback.processes import stop_process

# the fixtures (pcscd, vpcd_cards, cups_pdf_queue...) come from the plugins that
# tests/conftest.py lists; importing them here would define them twice
from tests.fixtures.cups import QUEUE, CupsPdfQueue
from tests.fixtures.pcscd import READER_0, InsertCard
from tests.wait import wait_until

KIOSK_ID = "KIOSK-DOCTOR-01"
STARTUP_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Backend:
    url: str
    token: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(proc: subprocess.Popen[bytes], url: str) -> bool:
    if proc.poll() is not None:
        raise RuntimeError("the reference backend ended at start-up")
    try:
        return requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def reference_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """The reference city backend on loopback, with this kiosk enrolled."""
    from citybackend import migrations
    from citybackend.database import create_db_engine
    from citybackend.stores.store import Store

    db_url = f"sqlite:///{tmp_path_factory.mktemp('citybackend') / 'city.db'}"
    engine = create_db_engine(db_url)
    migrations.upgrade(engine)
    token = Store(engine).enrol_kiosk(KIOSK_ID)
    engine.dispose()
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "citybackend.app:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env={**os.environ, "CITYBACKEND_DATABASE": db_url},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(proc, url), STARTUP_TIMEOUT_S, "the reference backend")
        yield Backend(url, token)
    finally:
        stop_process(proc)


def write_config(tmp_path: Path, **values: Any) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    path = tmp_path / "kiosk.toml"
    SettingsStore(path).save_values(
        {"kiosk.id": KIOSK_ID, "kiosk.data_dir": str(data_dir), **values}
    )
    return path


def doctor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.commands", "doctor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.pcsc
@pytest.mark.cups
def test_doctor_json_against_card_printer_and_backend(
    tmp_path: Path,
    vpcd_cards: InsertCard,
    cups_pdf_queue: CupsPdfQueue,
    reference_backend: Backend,
) -> None:
    vpcd_cards()
    config = write_config(
        tmp_path,
        **{
            "backend.url": reference_backend.url,
            "printer.kind": "cups",
            "printer.name": cups_pdf_queue.name,
            "card.reader": READER_0,
        },
    )
    (tmp_path / "data" / "device-token").write_text(reference_backend.token + "\n")
    usb = tmp_path / "usb"

    done = doctor("--json", "--config", str(config), "--export", str(usb))

    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    probes = report["probes"]
    assert report["kiosk_id"] == KIOSK_ID
    assert report["status"] == "ok"

    card = probes["card_readers"]
    assert card["status"] == "ok"
    reader = next(r for r in card["data"]["readers"] if r["name"] == READER_0)
    assert reader["card_present"] is True
    assert reader["atr"].startswith("3B ")  # direct convention, as every CCCD answers

    printer = probes["printer"]
    assert printer["status"] == "ok", printer
    assert printer["data"]["state"] == "ok"
    assert {"queue": QUEUE, "state": "idle"} in printer["data"]["queues"]

    backend = probes["backend"]
    assert backend["status"] == "ok", backend
    assert backend["data"]["http_status"] == 200
    assert backend["data"]["token_present"] is True
    assert abs(backend["data"]["clock_skew_s"]) <= 2.0  # same machine; Date has 1 s steps
    assert backend["data"]["latency_ms"] >= 0

    # read from the data directory (nothing filed yet), not skipped
    assert probes["outbox"]["status"] == "ok", probes["outbox"]
    assert probes["outbox"]["data"]["depth"] == 0
    assert probes["disk"]["data"]["free_bytes"] > 0
    versions = probes["versions"]["data"]
    assert versions["pcsc_lite"]
    assert versions["qt"]
    assert versions["pyscard"]

    assert reference_backend.token not in done.stdout + done.stderr
    exported = sorted(usb.iterdir())
    assert [p.suffix for p in exported] == [".json", ".txt"]
    assert json.loads(exported[0].read_text("utf-8"))["probes"].keys() == probes.keys()
    assert reference_backend.token not in exported[1].read_text("utf-8")


def test_doctor_reports_an_unreachable_backend_and_fails(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        **{"backend.url": f"http://127.0.0.1:{_free_port()}", "backend.connect_timeout_s": 1.0},
    )
    done = doctor("--json", "--config", str(config))
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "fail"
    assert report["probes"]["backend"]["status"] == "fail"
    assert report["probes"]["backend"]["data"]["error"] == "ConnectionError"


def test_doctor_text_output(tmp_path: Path) -> None:
    config = write_config(tmp_path, **{"backend.url": f"http://127.0.0.1:{_free_port()}"})
    done = doctor("--config", str(config))
    assert done.stdout.startswith(f"Ward kiosk diagnostics - {KIOSK_ID} - ")
    for name in ("card_readers", "printer", "backend", "outbox", "disk", "versions"):
        assert f"] {name}: " in done.stdout


def test_doctor_refuses_an_invalid_config(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[ui]\nidle_warning_s = 1\n", encoding="utf-8")
    done = doctor("--config", str(config))
    assert done.returncode == 2
    assert "ui.idle_warning_s" in done.stderr
