"""The watchdog is pinged by the GUI event loop: on time while it runs, never while it is
blocked (so systemd restarts a frozen kiosk)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.runtime.watchdog import WatchdogPinger
from ui.app import start_watchdog_timer


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[float, str]] = []

    def notify(self, state: str) -> bool:
        self.sent.append((time.monotonic(), state))
        return True


def test_pinged_while_the_loop_runs_and_not_while_it_is_blocked(qtbot: QtBot) -> None:
    notifier = RecordingNotifier()
    pinger = WatchdogPinger(notifier, interval_s=0.4)  # as WATCHDOG_USEC=800000 would give
    timer = start_watchdog_timer(pinger)
    try:
        qtbot.wait(1000)  # the loop runs freely
        running = [t for t, s in notifier.sent if s == "WATCHDOG=1"]
        assert len(running) >= 2

        blocked: list[float] = []

        def freeze() -> None:  # a slot that hangs the GUI thread for 1.2 s
            start = time.monotonic()
            time.sleep(1.2)
            blocked.extend((start, time.monotonic()))

        QTimer.singleShot(0, freeze)
        qtbot.waitUntil(lambda: len(blocked) == 2, timeout=5000)
        start, end = blocked
        assert [t for t, s in notifier.sent if start < t < end] == []
        qtbot.waitUntil(lambda: notifier.sent[-1][0] > end, timeout=5000)  # resumes after
    finally:
        timer.stop()
