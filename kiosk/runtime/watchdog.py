"""systemd service notifications and watchdog pings, without systemd libraries.

systemd gives a ``Type=notify`` service a datagram socket in ``$NOTIFY_SOCKET`` (a path, or
an abstract-namespace name written with a leading ``@``) and, with ``WatchdogSec=``, the
deadline in ``$WATCHDOG_USEC``. The kiosk sends ``READY=1`` once its window is up,
``WATCHDOG=1`` at least every half deadline, and ``STOPPING=1`` when it quits.

The pings must come from the GUI event loop (a ``QTimer`` in ``ui/`` calls
:meth:`WatchdogPinger.tick`), so that a frozen GUI stops them and systemd restarts the kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping
from typing import Protocol

log = logging.getLogger(__name__)

Clock = Callable[[], float]


class Notifier(Protocol):
    """Sends one sd_notify state line (``READY=1``, ``WATCHDOG=1``...)."""

    def notify(self, state: str) -> bool:
        """Send ``state``; True if it was handed to the service manager."""


class NullNotifier:
    """For runs outside systemd (development, demo, tests): remembers, sends nothing."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def notify(self, state: str) -> bool:
        self.sent.append(state)
        return False


class SystemdNotifier:
    """Sends datagrams to the service manager's notification socket.

    Never raises for socket trouble: a kiosk must not crash because systemd is away; the
    failure is logged once per kind of error and the method returns False.
    """

    def __init__(self, address: str, *, timeout_s: float = 1.0) -> None:
        if not address or address[0] not in "/@":
            raise ValueError("NOTIFY_SOCKET must be an absolute path or start with '@'")
        # "@name" is the abstract namespace: a leading NUL byte on the wire
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._timeout_s = timeout_s
        self._logged: set[str] = set()

    def notify(self, state: str) -> bool:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.settimeout(self._timeout_s)
                sock.sendto(state.encode("utf-8"), self._address)
        except OSError as exc:
            kind = type(exc).__name__
            if kind not in self._logged:
                self._logged.add(kind)
                log.warning("sd_notify failed: %s", kind)
            return False
        return True


def notifier_from_environ(environ: Mapping[str, str] | None = None) -> Notifier:
    """A :class:`SystemdNotifier` when started by systemd with ``Type=notify``, else a null one."""
    env = os.environ if environ is None else environ
    address = env.get("NOTIFY_SOCKET", "")
    if address and address[0] in "/@":
        return SystemdNotifier(address)
    return NullNotifier()


def watchdog_interval_s(environ: Mapping[str, str] | None = None, pid: int | None = None) -> float:
    """How often to ping: half of ``$WATCHDOG_USEC``, or 0 when no watchdog is asked for.

    ``$WATCHDOG_PID``, when set, must be this process (else the watchdog is meant for another).
    """
    env = os.environ if environ is None else environ
    usec = env.get("WATCHDOG_USEC", "")
    if not usec.isdigit() or int(usec) == 0:
        return 0.0
    wanted_pid = env.get("WATCHDOG_PID", "")
    if wanted_pid and wanted_pid != str(os.getpid() if pid is None else pid):
        return 0.0
    return int(usec) / 1_000_000 / 2


class WatchdogPinger:
    """Sends ``WATCHDOG=1`` when due; call :meth:`tick` often from the GUI event loop.

    ``tick`` is cheap when no ping is due, so the timer driving it can run at a fraction of the
    interval (``timer_interval_ms``) and a ping is never later than one timer period.
    """

    def __init__(self, notifier: Notifier, clock: Clock = time.monotonic, *, interval_s: float):
        self._notifier = notifier
        self._clock = clock
        self.interval_s = interval_s
        self._last: float | None = None
        self.pings = 0

    @property
    def enabled(self) -> bool:
        return self.interval_s > 0

    @property
    def timer_interval_ms(self) -> int:
        """A period for the GUI timer: a quarter of the ping interval, at most 5 s."""
        if not self.enabled:
            return 0
        return max(100, int(min(self.interval_s / 4, 5.0) * 1000))

    def ready(self, status: str = "") -> None:
        """Tell systemd start-up is complete (the main window is shown) and ping once."""
        self._notifier.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))
        self.ping()

    def tick(self) -> bool:
        """Ping if ``interval_s`` has passed since the last ping; True if it pinged."""
        if not self.enabled:
            return False
        now = self._clock()
        if self._last is not None and now - self._last < self.interval_s:
            return False
        self.ping()
        return True

    def ping(self) -> None:
        self._notifier.notify("WATCHDOG=1")
        self._last = self._clock()
        self.pings += 1

    def status(self, text: str) -> None:
        """A one-line status shown by ``systemctl status`` (never personal data)."""
        self._notifier.notify(f"STATUS={text}")

    def stopping(self) -> None:
        self._notifier.notify("STOPPING=1")


def pinger_from_environ(
    environ: Mapping[str, str] | None = None, clock: Clock = time.monotonic
) -> WatchdogPinger:
    """The pinger the app uses: systemd's socket and half its watchdog deadline, if any."""
    return WatchdogPinger(
        notifier_from_environ(environ), clock, interval_s=watchdog_interval_s(environ)
    )
