"""Run probes in parallel, each within its own time limit."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from kiosk.diagnostics.report import DiagnosticsReport, ProbeResult, Status

log = logging.getLogger(__name__)

T = TypeVar("T")

#: runs a callable somewhere (the card thread, a fresh thread) and hands back a future
Runner = Callable[[Callable[[], T]], "cf.Future[T]"]


class DaemonThreadRunner:
    """Runs each call on a new daemon thread, so a hung call never blocks the process exit."""

    def __init__(self, name: str = "diagnostics") -> None:
        self._name = name

    def __call__(self, fn: Callable[[], T]) -> cf.Future[T]:
        future: cf.Future[T] = cf.Future()

        def target() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=target, name=self._name, daemon=True).start()
        return future


@dataclass(frozen=True)
class Probe:
    """A named check. ``run`` may block; it is abandoned (reported failed) after ``timeout_s``."""

    name: str
    run: Callable[[], ProbeResult]
    timeout_s: float = 5.0


def collect(
    probes: Sequence[Probe],
    *,
    kiosk_id: str,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    runner: Runner[ProbeResult] | None = None,
) -> DiagnosticsReport:
    """Run every probe at once; the report keeps the order of ``probes``."""
    run = runner or DaemonThreadRunner("diagnostics-probe")
    started = time.monotonic()
    futures = [(p, run(_timed(p))) for p in probes]
    results: list[ProbeResult] = []
    for probe, future in futures:
        left = max(0.0, started + probe.timeout_s - time.monotonic())
        try:
            result = future.result(timeout=left)
        except cf.TimeoutError:
            log.warning("diagnostics probe %s timed out", probe.name)
            result = ProbeResult(
                probe.name,
                Status.FAIL,
                f"no answer within {probe.timeout_s:g} s",
                duration_ms=int(probe.timeout_s * 1000),
            )
        except Exception as exc:
            log.warning("diagnostics probe %s failed: %s", probe.name, type(exc).__name__)
            result = ProbeResult(probe.name, Status.FAIL, f"probe failed: {type(exc).__name__}")
        results.append(result)
    return DiagnosticsReport(now(), kiosk_id, tuple(results))


def _timed(probe: Probe) -> Callable[[], ProbeResult]:
    """The probe's run, renamed to the probe and with how long it took."""

    def wrapper() -> ProbeResult:
        t0 = time.monotonic()
        r = probe.run()
        ms = int((time.monotonic() - t0) * 1000)
        return ProbeResult(probe.name, r.status, r.summary, r.data, ms)

    return wrapper
