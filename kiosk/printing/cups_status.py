"""CUPS queue state through ``lpstat`` (the IPP ``printer-state-reasons`` it lists as Alerts)."""

from __future__ import annotations

import os
import re
import subprocess

from kiosk.printing.status import PrinterState, PrinterStatus

_ALERTS_RE = re.compile(r"^\s*Alerts:\s*(.*)$", re.MULTILINE)


def _lpstat(args: list[str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
    return subprocess.run(
        ["lpstat", *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env=env,
        check=False,
    )


def default_queue(timeout_s: float = 3.0) -> str:
    """The CUPS default destination, or "" when none is set."""
    try:
        out = _lpstat(["-d"], timeout_s).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    match = re.search(r"system default destination:\s*(\S+)", out)
    return match.group(1) if match else ""


def state_from_reasons(reasons: list[str], enabled: bool, accepting: bool) -> PrinterState:
    """Map IPP ``printer-state-reasons`` keywords and the enabled/accepting flags to a state."""
    names = [r.lower() for r in reasons]

    def has(prefix: str) -> bool:
        return any(n.startswith(prefix) for n in names)

    if has("media-empty") or has("media-needed"):
        return PrinterState.PAPER_OUT
    if has("cover-open") or has("door-open"):
        return PrinterState.COVER_OPEN
    if has("offline") or has("shutdown"):
        return PrinterState.OFFLINE
    if not enabled or not accepting or has("paused") or has("stopped"):
        return PrinterState.PAUSED
    if has("media-low"):
        return PrinterState.PAPER_LOW
    return PrinterState.OK


def parse_lpstat(printer_text: str, accepting_text: str) -> tuple[bool, bool, list[str]]:
    """(enabled, accepting, reasons) from ``lpstat -l -p Q`` and ``lpstat -a Q`` output."""
    enabled = " disabled since" not in printer_text
    accepting = "not accepting" not in accepting_text
    reasons: list[str] = []
    match = _ALERTS_RE.search(printer_text)
    if match:
        reasons = [r.strip() for r in match.group(1).split(",") if r.strip() not in ("", "none")]
    return enabled, accepting, reasons


def _query_queue(queue: str, timeout_s: float) -> PrinterStatus:
    sched = _lpstat(["-r"], timeout_s)
    if "is running" not in sched.stdout:
        return PrinterStatus(PrinterState.OFFLINE, "CUPS scheduler is not running")
    printer = _lpstat(["-l", "-p", queue], timeout_s)
    if printer.returncode != 0 or not printer.stdout.startswith("printer "):
        return PrinterStatus(PrinterState.QUEUE_MISSING, f"no CUPS queue {queue!r}")
    accepting = _lpstat(["-a", queue], timeout_s)
    enabled, accepting_jobs, reasons = parse_lpstat(printer.stdout, accepting.stdout)
    state = state_from_reasons(reasons, enabled, accepting_jobs)
    detail = (
        f"queue {queue}: enabled={enabled} accepting={accepting_jobs} "
        f"reasons={','.join(reasons) or 'none'}"
    )
    return PrinterStatus(state, detail)


def cups_status(queue: str, *, timeout_s: float = 3.0) -> PrinterStatus:
    """State of the CUPS ``queue`` (empty: the default queue). Never raises."""
    try:
        queue = queue or default_queue(timeout_s)
        if not queue:
            return PrinterStatus(PrinterState.QUEUE_MISSING, "no CUPS default destination")
        return _query_queue(queue, timeout_s)
    except FileNotFoundError:
        return PrinterStatus(PrinterState.QUEUE_MISSING, "lpstat not found (CUPS not installed)")
    except subprocess.TimeoutExpired:
        return PrinterStatus(PrinterState.OFFLINE, f"lpstat did not answer in {timeout_s:g} s")
    except OSError as exc:
        return PrinterStatus(PrinterState.OFFLINE, f"lpstat failed: {exc.strerror}")
