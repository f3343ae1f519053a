"""For ``bench/startup.py``: report the first painted frame and the idle memory, then quit.

Enabled by ``kiosk --bench-startup``; the benchmark passes its own clock reading taken just
before it started the process in ``KIOSK_BENCH_T0`` (seconds since the epoch).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

IDLE_WAIT_MS = 3000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class FirstFrameProbe(QObject):
    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self._t0 = float(os.environ.get("KIOSK_BENCH_T0", time.time()))
        self._done = False
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            # the paint event is being handled now; report once it has been delivered
            QTimer.singleShot(0, self._first_frame)
        return False

    def _first_frame(self) -> None:
        print(f"first_frame_s={time.time() - self._t0:.3f}", flush=True)
        QTimer.singleShot(IDLE_WAIT_MS, self._idle)

    def _idle(self) -> None:
        print(f"idle_rss_mb={rss_mb():.1f}", flush=True)
        sys.stdout.flush()
        app = QApplication.instance()
        if app is not None:
            app.exit(0)
