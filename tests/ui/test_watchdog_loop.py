"""The watchdog is pinged by the GUI event loop: when due while it runs, never while it is
blocked (so systemd restarts a frozen kiosk). Time is the pinger's injected clock, moved by
the test: the checks are counts and order, never durations."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.runtime.watchdog import WatchdogPinger
from ui.startup.app import start_watchdog_timer

INTERVAL_S = 0.4  # as WATCHDOG_USEC=800000 would give
WAIT_MS = 5000


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class RecordingNotifier:
    """Every message in order, with the thread that sent it; ``events`` also takes the test's
    own marks, so the order of pings against them is one list."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.threads: set[int] = set()

    def notify(self, state: str) -> bool:
        self.threads.add(threading.get_ident())
        self.events.append(state)
        return True

    def pings(self) -> int:
        return self.events.count("WATCHDOG=1")


def test_pinged_when_due_while_the_loop_runs_and_not_while_it_is_blocked(qtbot: QtBot) -> None:
    clock, notifier = FakeClock(), RecordingNotifier()
    pinger = WatchdogPinger(notifier, clock, interval_s=INTERVAL_S)
    timer = start_watchdog_timer(pinger)
    ticks = 0

    def count_tick() -> None:
        nonlocal ticks
        ticks += 1

    timer.timeout.connect(count_tick)  # after the pinger's slot: a tick seen is a tick done

    def ticks_pass(n: int) -> None:
        first = ticks
        qtbot.waitUntil(lambda: ticks >= first + n, timeout=WAIT_MS)

    try:
        qtbot.waitUntil(lambda: notifier.pings() == 1, timeout=WAIT_MS)  # the first tick
        clock.now += INTERVAL_S / 2
        ticks_pass(2)
        assert notifier.pings() == 1, "not due yet: no ping however often the timer ticks"
        clock.now += INTERVAL_S / 2
        qtbot.waitUntil(lambda: notifier.pings() == 2, timeout=WAIT_MS)

        def freeze() -> None:  # a slot that hangs the GUI thread through three intervals
            notifier.events.append("frozen")
            clock.now += 3 * INTERVAL_S
            notifier.events.append("thawed")

        QTimer.singleShot(0, freeze)
        qtbot.waitUntil(lambda: notifier.pings() == 3, timeout=WAIT_MS)
        ticks_pass(2)
        frozen = notifier.events.index("frozen")
        assert notifier.events[frozen:] == ["frozen", "thawed", "WATCHDOG=1"], (
            "no ping while blocked, one (not a burst of the missed ones) once it runs again"
        )
        assert notifier.threads == {threading.get_ident()}, "pinged from the GUI thread only"
    finally:
        timer.stop()
