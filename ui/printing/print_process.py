"""The kiosk's side of the print process (:mod:`ui.printing.print_worker`).

No Qt here: a worker thread of the kiosk calls :meth:`PrintProcess.print_receipt`, which hands
the slip to the child over a pipe and waits for the answer, with a deadline. A child that does
not answer in time is killed; one that dies is replaced at the next slip. Either way the caller
gets a :class:`~kiosk.printing.errors.PrinterError` it can show, and the dossier is unaffected.
The child is also replaced after ``max_jobs`` slips, so nothing it holds can grow for weeks.
"""

from __future__ import annotations

import json
import logging
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from kiosk.domain.receipt import Receipt
from kiosk.printing.errors import PrintProcessError, printer_error_for
from kiosk.printing.target import PrintTarget

log = logging.getLogger(__name__)

WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "ui.printing.print_worker")
#: an answer line is short; a longer one is not from the worker
MAX_ANSWER_BYTES = 64 * 1024


class PrintProcess:
    """One print child at a time; :meth:`print_receipt` is safe to call from any thread."""

    def __init__(
        self,
        target: PrintTarget,
        *,
        job_timeout_s: float = 90.0,
        start_timeout_s: float = 30.0,
        max_jobs: int = 200,
        command: Sequence[str] = WORKER_COMMAND,
    ) -> None:
        self.target = target
        self.job_timeout_s = job_timeout_s
        self.start_timeout_s = start_timeout_s
        self.max_jobs = max_jobs
        self._command = tuple(command)
        self._lock = threading.Lock()  # one job at a time
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._jobs_done = 0
        self._job = 0
        self._closed = False
        #: children started so far (the first one included); for diagnostics and tests
        self.starts = 0

    # ------------------------------------------------------------------ lifecycle
    @property
    def pid(self) -> int | None:
        proc = self._proc
        return None if proc is None or proc.poll() is not None else proc.pid

    def start(self) -> None:
        """Start the child now (warm-up, off the GUI thread) so the first slip is quick."""
        with self._lock:
            self._ensure_started()

    def warm_up(self) -> None:
        """:meth:`start`, logging a failure instead of raising (the first slip tries again)."""
        try:
            self.start()
        except PrintProcessError as exc:
            log.error("print process not started: %s", exc)

    def stop(self) -> None:
        """End the child (EOF, then a kill after 2 s). Safe while a job runs: that job fails."""
        self._closed = True
        if self._lock.acquire(timeout=0.1):
            try:
                if self._proc is not None:
                    self._end(self._proc, grace_s=2.0)
            finally:
                self._lock.release()
            return
        proc = self._proc  # a job is running: end the child, the job's thread cleans up
        if proc is not None:
            proc.kill()

    # ------------------------------------------------------------------ jobs
    def print_receipt(self, receipt: Receipt) -> Path | None:
        """Print one slip; the file written for the pdf kind. Raises ``PrinterError``."""
        with self._lock:
            if self._closed:
                raise PrintProcessError("the print process is stopped")
            if self._jobs_done >= self.max_jobs and self._proc is not None:
                self._end(self._proc, grace_s=5.0)  # a fresh child for the next slips
            proc = self._ensure_started()
            self._job += 1
            job = self._job
            line = json.dumps(
                {"job": job, "receipt": receipt.to_dict(), "target": self.target.to_dict()},
                ensure_ascii=True,
            ).encode("ascii")
            try:
                assert proc.stdin is not None
                proc.stdin.write(line + b"\n")
                proc.stdin.flush()
            except OSError:
                self._lost(proc, "the print process is gone")
            answer = self._read_answer(proc, time.monotonic() + self.job_timeout_s, "the slip")
            self._jobs_done += 1
        return self._result(answer, job)

    @staticmethod
    def _result(answer: dict[str, Any], job: int) -> Path | None:
        if answer.get("job") != job:
            raise PrintProcessError("the print process answered another job")
        if answer.get("ok") is True:
            path = answer.get("path")
            return None if path is None else Path(str(path))
        raise printer_error_for(str(answer.get("code", "")), str(answer.get("detail", "")))

    # ------------------------------------------------------------------ the child
    def _ensure_started(self) -> subprocess.Popen[bytes]:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            return proc
        if self._closed:
            raise PrintProcessError("the print process is stopped")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        try:
            proc = subprocess.Popen(  # our own interpreter and module
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                bufsize=0,
                close_fds=True,
            )
        except OSError as exc:
            raise PrintProcessError(f"cannot start the print process: {exc.strerror}") from None
        self._proc = proc
        self._buffer = b""
        self._jobs_done = 0
        self.starts += 1
        ready = self._read_answer(
            proc, time.monotonic() + self.start_timeout_s, "start-up of the print process"
        )
        if ready.get("ready") is not True:
            self._lost(proc, "the print process did not start")
        log.info("print process %s started", proc.pid)
        return proc

    def _read_answer(
        self, proc: subprocess.Popen[bytes], deadline: float, what: str
    ) -> dict[str, Any]:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._lost(proc, f"no answer in time for {what}")
                if not selector.select(remaining):
                    continue
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    code = proc.wait(timeout=5)
                    self._lost(proc, f"the print process stopped (exit status {code})")
                self._buffer += chunk
                if len(self._buffer) > MAX_ANSWER_BYTES:
                    self._lost(proc, "the print process wrote too much")
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            answer: object = json.loads(line)
        except ValueError:
            self._lost(proc, "the print process answered nonsense")
        if not isinstance(answer, dict):
            self._lost(proc, "the print process answered nonsense")
        return {str(k): v for k, v in answer.items()}

    def _lost(self, proc: subprocess.Popen[bytes], why: str) -> NoReturn:
        """End ``proc`` and raise; the next slip starts a new child."""
        log.warning("print process %s: %s", proc.pid, why)
        self._end(proc, grace_s=0.0)
        raise PrintProcessError(why)

    def _end(self, proc: subprocess.Popen[bytes], *, grace_s: float) -> None:
        if self._proc is proc:
            self._proc = None
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=grace_s) if grace_s > 0 else proc.kill()
        except subprocess.TimeoutExpired:
            proc.kill()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill that does not take
            log.error("print process %s does not end", proc.pid)
        if proc.stdout is not None:
            proc.stdout.close()
