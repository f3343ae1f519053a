"""Ending the child processes loopback starts: SIGTERM, then SIGKILL when it does not go."""

from __future__ import annotations

import subprocess


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """Terminate ``proc`` and reap it; kill it if it is still there after ``timeout_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)
