"""Diagnostics probes with a fake for each device, the collector, the report and its export."""

from __future__ import annotations

import concurrent.futures as cf
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest

from kiosk.backend.api import OutboxState
from kiosk.backend.device_key import PayloadCipher, load_or_create_key
from kiosk.backend.outbox import OUTBOX_FILE, Outbox
from kiosk.card.errors import NoReaderError
from kiosk.card.transport.pcsc import ReaderState
from kiosk.config import defaults
from kiosk.diagnostics import (
    DiagnosticsReport,
    Probe,
    ProbeResult,
    Status,
    collect,
    export_report,
    removable_mounts,
)
from kiosk.diagnostics.backend_probe import HttpAnswer, probe_backend, public_url
from kiosk.diagnostics.card_probe import probe_card_readers
from kiosk.diagnostics.printer_probe import CommandOutput, parse_lpstat_pd, probe_printer
from kiosk.diagnostics.standard import standard_probes
from kiosk.diagnostics.system_probes import (
    pcsc_lite_version,
    probe_disk,
    probe_outbox,
    probe_versions,
)
from kiosk.printing.status import PrinterState, PrinterStatus

T = TypeVar("T")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ATR = bytes.fromhex("3B8E800180318066B1840C016E0183009000")


class RecordingRunner:
    """Stands in for CardService.run: runs on a named thread and records the call."""

    def __init__(self) -> None:
        self.thread_names: list[str] = []

    def __call__(self, fn: Callable[[], T]) -> cf.Future[T]:
        with cf.ThreadPoolExecutor(1, thread_name_prefix="card-reader") as pool:
            future = pool.submit(self._wrap(fn))
            cf.wait([future], timeout=5)
            return future

    def _wrap(self, fn: Callable[[], T]) -> Callable[[], T]:
        def inner() -> T:
            self.thread_names.append(threading.current_thread().name)
            return fn()

        return inner


# --- card readers ------------------------------------------------------------------------
def test_readers_and_atr_through_the_card_thread() -> None:
    runner = RecordingRunner()
    readers = [ReaderState("Virtual PCD 00 00", True, ATR), ReaderState("Virtual PCD 00 01", False)]
    r = probe_card_readers(runner, lambda: readers)
    assert r.status is Status.OK
    assert runner.thread_names
    assert runner.thread_names[0].startswith("card-reader")
    assert "3B 8E 80 01" in r.summary
    assert r.data["readers"] == [
        {
            "name": "Virtual PCD 00 00",
            "card_present": True,
            "atr": "3B 8E 80 01 80 31 80 66 B1 84 0C 01 6E 01 83 00 90 00",
        },
        {"name": "Virtual PCD 00 01", "card_present": False, "atr": ""},
    ]


def test_no_reader_fails_and_missing_configured_reader_warns() -> None:
    assert probe_card_readers(RecordingRunner(), list).status is Status.FAIL
    r = probe_card_readers(
        RecordingRunner(), lambda: [ReaderState("ACS ACR39U", False)], wanted_reader="Virtual"
    )
    assert r.status is Status.WARN
    assert "Virtual" in r.summary


def test_pcsc_service_down_fails() -> None:
    def down() -> list[ReaderState]:
        raise NoReaderError("PC/SC service unavailable: Service not available.")

    r = probe_card_readers(RecordingRunner(), down)
    assert r.status is Status.FAIL
    assert "Service not available" in r.summary


def test_a_card_thread_that_never_answers_is_reported() -> None:
    never: cf.Future[list[ReaderState]] = cf.Future()
    r = probe_card_readers(lambda fn: never, list, timeout_s=0.05)
    assert r.status is Status.FAIL
    assert "did not answer" in r.summary


# --- printer -----------------------------------------------------------------------------
LPSTAT = """printer KioskPDF is idle.  enabled since Mon Nov 23 09:00:00 2026
printer Office disabled since Mon Nov 23 08:00:00 2026 -
\tPaused
printer Busy now printing Busy-12.  enabled since Mon Nov 23 09:00:00 2026
system default destination: KioskPDF
"""


def test_parse_lpstat() -> None:
    queues, default = parse_lpstat_pd(LPSTAT)
    assert queues == [
        {"queue": "KioskPDF", "state": "idle"},
        {"queue": "Office", "state": "disabled"},
        {"queue": "Busy", "state": "printing"},
    ]
    assert default == "KioskPDF"
    assert parse_lpstat_pd("no system default destination\n") == ([], "")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (PrinterState.OK, Status.OK),
        (PrinterState.PAPER_LOW, Status.WARN),
        (PrinterState.PAPER_OUT, Status.FAIL),
        (PrinterState.QUEUE_MISSING, Status.FAIL),
    ],
)
def test_printer_state_maps_to_status(state: PrinterState, expected: Status) -> None:
    calls: list[tuple[str, ...]] = []

    def run(argv: Any, timeout_s: float) -> CommandOutput:
        calls.append(tuple(argv))
        return CommandOutput(0, LPSTAT)

    r = probe_printer(
        "cups", "KioskPDF", check=lambda k, n, t: PrinterStatus(state, "detail"), run=run
    )
    assert r.status is expected
    assert calls == [("lpstat", "-p", "-d")]
    assert r.data["state"] == state.value
    assert r.data["default_queue"] == "KioskPDF"


def test_printer_without_cups_tools() -> None:
    def run(argv: Any, timeout_s: float) -> CommandOutput:
        raise FileNotFoundError("lpstat")

    r = probe_printer(
        "cups", "", check=lambda k, n, t: PrinterStatus(PrinterState.QUEUE_MISSING), run=run
    )
    assert r.status is Status.FAIL
    assert r.data["queues_error"] == "lpstat not found"


def test_escpos_printer_does_not_call_lpstat() -> None:
    def run(argv: Any, timeout_s: float) -> CommandOutput:
        raise AssertionError("lpstat must not run for escpos")

    r = probe_printer(
        "escpos",
        "tcp://127.0.0.1:9100",
        check=lambda k, n, t: PrinterStatus(PrinterState.OK),
        run=run,
    )
    assert r.status is Status.OK


# --- backend -----------------------------------------------------------------------------
class FakeHttp:
    def __init__(self, answer: HttpAnswer | Exception) -> None:
        self.answer = answer
        self.requests: list[tuple[str, Mapping[str, str]]] = []

    def __call__(
        self, url: str, headers: Mapping[str, str], timeout: tuple[float, float], verify: Any
    ) -> HttpAnswer:
        self.requests.append((url, dict(headers)))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class Ticks:
    """A monotonic clock that advances by ``step`` on every read."""

    def __init__(self, step: float) -> None:
        self.t = 100.0
        self.step = step

    def __call__(self) -> float:
        self.t += self.step
        return self.t - self.step


def backend(http: FakeHttp, *, token: str = "tok-secret-123", rtt: float = 0.2) -> ProbeResult:
    return probe_backend(
        "https://user:pw@city.example/kiosk-api/?x=1",
        token,
        http_get=http,
        wall_clock=lambda: NOW,
        monotonic=Ticks(rtt),
    )


def test_backend_skew_from_the_date_header() -> None:
    server = NOW + timedelta(seconds=90)
    http = FakeHttp(HttpAnswer(200, {"Date": format_datetime(server, usegmt=True)}))
    r = backend(http)
    assert r.status is Status.WARN  # 90 s off
    assert r.data["clock_skew_s"] == pytest.approx(89.9)  # minus half the 0.2 s round trip
    assert r.data["clock_skew_source"] == "date_header"
    assert r.data["latency_ms"] == pytest.approx(200)
    assert "+90 s" in r.summary
    url, headers = http.requests[0]
    assert url == "https://user:pw@city.example/kiosk-api/api/v1/health"
    assert headers["Authorization"] == "Bearer tok-secret-123"
    dumped = json.dumps(r.as_dict())
    assert "tok-secret-123" not in dumped
    assert r.data["url"] == "https://city.example/kiosk-api/api/v1/health"


def test_backend_skew_from_server_time_is_precise() -> None:
    body = {"status": "ok", "server_time": (NOW + timedelta(seconds=1.35)).isoformat()}
    http = FakeHttp(HttpAnswer(200, {"Date": "garbage"}, body))
    r = backend(http, rtt=0.1)
    assert r.status is Status.OK
    assert r.data["clock_skew_s"] == pytest.approx(1.3)
    assert r.data["clock_skew_source"] == "server_time"


def test_backend_refusing_the_token_warns() -> None:
    r = backend(FakeHttp(HttpAnswer(401, {"Date": format_datetime(NOW, usegmt=True)})))
    assert r.status is Status.WARN
    assert "token" in r.summary


def test_backend_errors() -> None:
    assert backend(FakeHttp(HttpAnswer(503, {}))).status is Status.FAIL
    down = backend(FakeHttp(ConnectionRefusedError("refused")))
    assert down.status is Status.FAIL
    assert down.data["error"] == "ConnectionRefusedError"
    no_date = backend(FakeHttp(HttpAnswer(200, {})))
    assert no_date.status is Status.WARN
    assert no_date.data["clock_skew_s"] is None


def test_no_token_sends_no_authorization() -> None:
    http = FakeHttp(HttpAnswer(200, {"Date": format_datetime(NOW, usegmt=True)}))
    r = backend(http, token="")
    assert "Authorization" not in http.requests[0][1]
    assert r.data["token_present"] is False


def test_public_url() -> None:
    assert public_url("https://u:p@h.example:8443/a/b?t=1#f") == "https://h.example:8443/a/b"


# --- outbox, disk, versions --------------------------------------------------------------
def test_the_doctor_reads_the_outbox_file_of_the_kiosk(tmp_path: Path) -> None:
    """Without the running kiosk's gateway the outbox probe reads the file (read only)."""
    cfg = defaults().replace(kiosk__data_dir=str(tmp_path))
    box = Outbox(tmp_path / OUTBOX_FILE, PayloadCipher(load_or_create_key(tmp_path / "k")))
    box.put("dossier", "u1", b"{}")
    probe = next(p for p in standard_probes(cfg) if p.name == "outbox")
    result = probe.run()
    box.close()
    assert result.data["depth"] == 1
    assert result.summary.startswith("1 item(s) waiting")

    (tmp_path / OUTBOX_FILE).write_bytes(b"not a database" * 100)
    (tmp_path / (OUTBOX_FILE + "-wal")).unlink(missing_ok=True)
    broken = probe.run()
    assert broken.status is Status.FAIL
    assert broken.summary.startswith("cannot read the outbox")


def test_outbox_probe() -> None:
    fresh = OutboxState(2, NOW - timedelta(minutes=5), NOW - timedelta(seconds=30), "")
    r = probe_outbox(lambda: fresh, now=lambda: NOW)
    assert r.status is Status.OK
    assert r.data["depth"] == 2
    assert r.data["oldest_age_s"] == 300
    assert r.summary == "2 item(s) waiting, oldest 5 min; last sync 30 s ago"
    stale = OutboxState(1, NOW - timedelta(hours=3), None, "HTTP 503 for 079123456789")
    r = probe_outbox(lambda: stale, now=lambda: NOW)
    assert r.status is Status.WARN
    assert "never synced" in r.summary
    assert "079123456789" not in json.dumps(r.as_dict())  # scrubbed even if a bug put it there
    empty = probe_outbox(lambda: OutboxState(0, None, NOW, ""), now=lambda: NOW)
    assert empty.status is Status.OK


def test_disk_probe(tmp_path: Path) -> None:
    gib = 1024**3

    def usage(free: int) -> Callable[[Path], Any]:
        return lambda p: SimpleNamespace(free=free, total=100 * gib)

    assert probe_disk(tmp_path, usage=usage(10 * gib)).status is Status.OK
    assert probe_disk(tmp_path, usage=usage(100 * 1024**2)).status is Status.WARN
    assert probe_disk(tmp_path, usage=usage(10 * 1024**2)).status is Status.FAIL
    missing = probe_disk(tmp_path / "not" / "yet", usage=usage(10 * gib))
    assert missing.status is Status.WARN
    assert missing.data["data_dir_exists"] is False
    real = probe_disk(tmp_path)
    assert isinstance(real.data["free_bytes"], int)
    assert real.data["free_bytes"] > 0


def test_versions_probe() -> None:
    versions = {"ward-kiosk": "0.1.0", "PySide6-Essentials": "6.11.3", "pyscard": "2.3.1"}

    def version_of(*names: str) -> str:
        return next((versions[n] for n in names if n in versions), "")

    r = probe_versions(version_of=version_of, pcsc_version=lambda: "1.9.9")
    assert r.status is Status.OK
    assert r.data["qt"] == "6.11.3"
    assert r.data["pcsc_lite"] == "1.9.9"
    r = probe_versions(version_of=version_of, pcsc_version=lambda: "")
    assert r.status is Status.WARN
    assert "pcsc_lite" in r.summary


def test_pcsc_lite_version_parsing() -> None:
    out = "pcsc-lite version 1.9.9.\nCopyright (C) 1999-2002 by David Corcoran\n"
    assert pcsc_lite_version(lambda argv, t: CommandOutput(0, out)) == "1.9.9"

    def missing(argv: Any, t: float) -> CommandOutput:
        raise FileNotFoundError

    assert pcsc_lite_version(missing) == ""


def test_versions_never_import_qt() -> None:
    code = (
        "import sys\n"
        "from kiosk.diagnostics.system_probes import probe_versions\n"
        "r = probe_versions()\n"
        "assert r.data['qt'], r.data\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr


# --- collector and report ----------------------------------------------------------------
def result(name: str, status: Status) -> Callable[[], ProbeResult]:
    return lambda: ProbeResult("ignored", status, f"{name} says {status.value}")


@pytest.mark.expect_log("WARNING", "kiosk.diagnostics.collect", r"diagnostics probe breaks failed")
@pytest.mark.expect_log(
    "WARNING", "kiosk.diagnostics.collect", r"diagnostics probe hangs timed out"
)
def test_collect_bounds_each_probe_and_keeps_order() -> None:
    release = threading.Event()

    def hangs() -> ProbeResult:
        release.wait(30)
        return ProbeResult("late", Status.OK, "too late")

    def breaks() -> ProbeResult:
        raise RuntimeError("Nguyễn Văn An 001099012345")

    try:
        report = collect(
            [
                Probe("a", result("a", Status.OK)),
                Probe("hangs", hangs, timeout_s=0.2),
                Probe("breaks", breaks),
                Probe("b", result("b", Status.WARN)),
            ],
            kiosk_id="KIOSK-T",
            now=lambda: NOW,
        )
    finally:
        release.set()
    assert [p.name for p in report.probes] == ["a", "hangs", "breaks", "b"]
    assert report.probe("hangs") is not None
    assert report.probe("hangs").status is Status.FAIL  # type: ignore[union-attr]
    assert report.probe("breaks").summary == "probe failed: RuntimeError"  # type: ignore[union-attr]
    assert report.status is Status.FAIL
    assert "Nguyễn" not in json.dumps(report.as_dict(), ensure_ascii=False)


def test_overall_status_is_the_worst() -> None:
    def rep(*statuses: Status) -> DiagnosticsReport:
        return DiagnosticsReport(
            NOW, "K", tuple(ProbeResult(f"p{i}", s, "") for i, s in enumerate(statuses))
        )

    assert rep(Status.OK, Status.SKIPPED).status is Status.OK
    assert rep(Status.OK, Status.WARN, Status.SKIPPED).status is Status.WARN
    assert rep(Status.WARN, Status.FAIL).status is Status.FAIL


def test_report_scrubs_personal_looking_text() -> None:
    probe = ProbeResult(
        "x",
        Status.WARN,
        "last error mentions 001099012345 and 0912345678",
        {"nested": [{"note": "born 01/02/1990", "mail": "a.b@example.vn"}], "n": 123456789012},
    )
    doc = DiagnosticsReport(NOW, "KIOSK-1", (probe,)).as_dict()
    text = json.dumps(doc)
    for secret in ("001099012345", "0912345678", "01/02/1990", "a.b@example.vn"):
        assert secret not in text
    assert doc["probes"]["x"]["data"]["n"] == 123456789012  # numbers are figures, kept
    assert doc["created_at"] == "2026-11-23T09:00:00+00:00"


def test_export_report_writes_json_and_text(tmp_path: Path) -> None:
    report = DiagnosticsReport(
        NOW,
        "KIOSK/BD 01",
        (
            ProbeResult("disk", Status.OK, "9 GiB free", {"free_bytes": 9}),
            ProbeResult("backend", Status.FAIL, "not reachable", {"error": "ConnectionError"}),
        ),
    )
    path = export_report(report, tmp_path / "usb")
    assert path.name == "ward-kiosk-report-KIOSK_BD_01-20261123T090000Z.json"
    assert json.loads(path.read_text("utf-8")) == report.as_dict()
    text = path.with_suffix(".txt").read_text("utf-8")
    assert "Overall: FAIL" in text
    assert "[  OK   ] disk: 9 GiB free" in text
    assert "error: ConnectionError" in text
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == [
        path.name,
        path.with_suffix(".txt").name,
    ]


def test_removable_mounts(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        "/dev/sdb1 /media/kiosk/USB\\040STICK vfat rw,nosuid,nodev 0 0\n"
        "/dev/sdc1 /media/kiosk/RO exfat ro,nosuid 0 0\n"
        "/dev/sdd1 /run/media/tech/DATA exfat rw 0 0\n"
        "tmpfs /media/tmp tmpfs rw 0 0\n"
    )
    assert removable_mounts(mounts) == [
        Path("/media/kiosk/USB STICK"),
        Path("/run/media/tech/DATA"),
    ]
    assert removable_mounts(tmp_path / "missing") == []
