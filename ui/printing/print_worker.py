"""The print process: paints and prints slips, one job at a time, on its own main thread.

Run as ``python -m ui.printing.print_worker`` by :class:`ui.printing.print_process.PrintProcess`.
Slips are painted with QTextDocument and QPainter, which must not run on a worker thread of the
kiosk (a QObject made there deadlocked the GIL against Qt's connection mutex after some dozens of
visits, issue #16); here every Qt object lives on this process's only thread, and a printer
driver that crashes takes only this process down.

Protocol: one JSON object per line. This process first writes ``{"ready": true}``; then for
every ``{"job": n, "receipt": {...}, "target": {...}}`` read from stdin it answers
``{"job": n, "ok": true, "path": ...}`` or ``{"job": n, "ok": false, "code": ..., "detail": ...}``.
Answers carry error codes and technical details only, never receipt content. It ends at EOF.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from kiosk.domain.receipt import Receipt
from kiosk.printing.errors import PrinterError
from kiosk.printing.target import PrintTarget

#: a slip is a few KB; anything longer is not a job from the kiosk
MAX_JOB_BYTES = 1 << 20


def _answer(out: IO[bytes], message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")
    out.flush()


def run_job(line: bytes) -> dict[str, Any]:
    """One job's answer (never raises)."""
    job: object = None
    try:
        if len(line) > MAX_JOB_BYTES:
            raise ValueError("job too long")
        message = json.loads(line)
        job = message["job"]
        receipt = Receipt.from_dict(message["receipt"])
        target = PrintTarget.from_dict(message["target"])
    except (ValueError, KeyError, TypeError) as exc:
        return {"job": job, "ok": False, "code": "printer.job_failed", "detail": _what(exc)}
    from ui.printing.dispatch import print_to  # Qt: after the job is known to be one

    try:
        path = print_to(receipt, target)
    except PrinterError as exc:
        return {"job": job, "ok": False, "code": exc.code, "detail": exc.detail}
    except Exception as exc:  # the kiosk gets a code; the message may hold data
        return {"job": job, "ok": False, "code": "printer.job_failed", "detail": _what(exc)}
    return {"job": job, "ok": True, "path": None if path is None else str(path)}


def _what(exc: BaseException) -> str:
    # only the type: an exception's message could quote the receipt
    return f"print process: {type(exc).__name__}"


def main() -> int:
    # The protocol owns the real stdout; anything else that prints goes to stderr.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # paints into files and CUPS, never a screen
    from ui.printing.qt_app import ensure_gui_app

    ensure_gui_app()
    _answer(protocol, {"ready": True, "pid": os.getpid()})
    for line in sys.stdin.buffer:
        try:
            _answer(protocol, run_job(line))
        except BrokenPipeError:  # the kiosk is gone
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
