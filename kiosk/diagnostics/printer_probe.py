"""Printer state: the configured printer through ``kiosk.printing``, and the CUPS queues."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.diagnostics.report import ProbeResult, Status

NAME = "printer"


@dataclass(frozen=True)
class CommandOutput:
    returncode: int
    stdout: str


CommandRunner = Callable[[Sequence[str], float], CommandOutput]
#: (kind, name, timeout) -> an object with ``state`` (a str enum), ``detail`` and ``can_print``
PrinterCheck = Callable[[str, str, float], Any]


def run_command(argv: Sequence[str], timeout_s: float) -> CommandOutput:
    """Run ``argv`` in the C locale; raises FileNotFoundError / TimeoutExpired."""
    done = subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env={**os.environ, "LANG": "C", "LC_ALL": "C"},
        check=False,
    )
    return CommandOutput(done.returncode, done.stdout)


_PRINTER_LINE = re.compile(r"^printer (\S+) (?:is )?(idle|now printing|disabled)", re.MULTILINE)
_DEFAULT_LINE = re.compile(r"^system default destination: (\S+)", re.MULTILINE)


def parse_lpstat_pd(text: str) -> tuple[list[dict[str, str]], str]:
    """Queues and the default destination from ``lpstat -p -d`` output (C locale)."""
    queues = [
        {"queue": m.group(1), "state": "printing" if m.group(2) == "now printing" else m.group(2)}
        for m in _PRINTER_LINE.finditer(text)
    ]
    default = _DEFAULT_LINE.search(text)
    return queues, default.group(1) if default else ""


def default_check(kind: str, name: str, timeout_s: float) -> Any:
    from kiosk.printing.check import check_printer

    return check_printer(kind, name, timeout_s=timeout_s)


def probe_printer(
    kind: str,
    name: str,
    *,
    timeout_s: float = 3.0,
    check: PrinterCheck = default_check,
    run: CommandRunner = run_command,
) -> ProbeResult:
    """``kind``/``name`` are the ``printer.kind``/``printer.name`` settings (for ``pdf``, name is
    the output directory)."""
    data: dict[str, Any] = {"kind": kind, "name": name}
    if kind == "cups":
        try:
            out = run(["lpstat", "-p", "-d"], timeout_s)
            data["queues"], data["default_queue"] = parse_lpstat_pd(out.stdout)
        except FileNotFoundError:
            data["queues_error"] = "lpstat not found"
        except subprocess.TimeoutExpired:
            data["queues_error"] = f"lpstat did not answer in {timeout_s:g} s"
    status = check(kind, name, timeout_s)
    state = str(getattr(status.state, "value", status.state))
    data["state"] = state
    data["detail"] = str(status.detail)
    if not status.can_print:
        return ProbeResult(NAME, Status.FAIL, f"{kind} printer cannot print: {state}", data)
    if state != "ok":
        return ProbeResult(NAME, Status.WARN, f"{kind} printer: {state}", data)
    return ProbeResult(NAME, Status.OK, f"{kind} printer ready", data)
