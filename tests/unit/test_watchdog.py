"""sd_notify over a real datagram socket, and ping timing with a fake clock."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.runtime.watchdog import (
    NullNotifier,
    SystemdNotifier,
    WatchdogPinger,
    notifier_from_environ,
    pinger_from_environ,
    watchdog_interval_s,
)
from tests.fakes import FakeClock


def receive(sock: socket.socket) -> str:
    return sock.recv(4096).decode("utf-8")


@pytest.fixture
def path_socket(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    address = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(address)
        sock.settimeout(5)
        yield address, sock


@pytest.fixture
def abstract_socket() -> Iterator[tuple[str, socket.socket]]:
    name = f"ward-kiosk-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        yield "@" + name, sock


def test_ready_watchdog_stopping_reach_a_path_socket(
    path_socket: tuple[str, socket.socket],
) -> None:
    address, sock = path_socket
    env = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000"}
    pinger = pinger_from_environ(env, clock=FakeClock(1000.0))
    assert pinger.interval_s == 15.0
    pinger.ready("home screen")
    assert receive(sock) == "READY=1\nSTATUS=home screen"
    assert receive(sock) == "WATCHDOG=1"
    pinger.stopping()
    assert receive(sock) == "STOPPING=1"


def test_abstract_namespace_socket(abstract_socket: tuple[str, socket.socket]) -> None:
    address, sock = abstract_socket
    notifier = notifier_from_environ({"NOTIFY_SOCKET": address})
    assert isinstance(notifier, SystemdNotifier)
    assert notifier.notify("WATCHDOG=1")
    assert receive(sock) == "WATCHDOG=1"


def test_tick_pings_only_when_due(path_socket: tuple[str, socket.socket]) -> None:
    address, sock = path_socket
    clock = FakeClock(1000.0)
    pinger = WatchdogPinger(SystemdNotifier(address), clock, interval_s=15.0)
    assert pinger.tick()  # the first tick pings at once
    assert receive(sock) == "WATCHDOG=1"
    clock.now += 14.9
    assert not pinger.tick()
    clock.now += 0.1
    assert pinger.tick()
    assert receive(sock) == "WATCHDOG=1"
    sock.settimeout(0.05)
    with pytest.raises(TimeoutError):
        receive(sock)  # nothing else was sent
    assert pinger.pings == 2


def test_pings_follow_the_ticks_of_the_event_loop() -> None:
    """Ticks every second: one ping per interval; no ticks (a frozen GUI): no pings."""
    clock = FakeClock(1000.0)
    notifier = NullNotifier()
    pinger = WatchdogPinger(notifier, clock, interval_s=15.0)
    for _ in range(60):
        pinger.tick()
        clock.now += 1
    assert notifier.sent.count("WATCHDOG=1") == 4  # at t = 0, 15, 30, 45
    clock.now += 120  # the GUI is blocked: nobody calls tick()
    assert notifier.sent.count("WATCHDOG=1") == 4
    assert pinger.tick()  # it comes back: pings at once
    assert notifier.sent.count("WATCHDOG=1") == 5


@pytest.mark.expect_log("WARNING", "kiosk.runtime.watchdog", r"sd_notify failed")
def test_a_missing_socket_does_not_raise(tmp_path: Path) -> None:
    notifier = SystemdNotifier(str(tmp_path / "gone.sock"))
    assert not notifier.notify("WATCHDOG=1")
    assert not notifier.notify("WATCHDOG=1")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, 0.0),
        ({"WATCHDOG_USEC": "0"}, 0.0),
        ({"WATCHDOG_USEC": "junk"}, 0.0),
        ({"WATCHDOG_USEC": "30000000"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, 0.0),
        ({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": str(os.getpid())}, 2.0),
    ],
)
def test_interval_from_environment(env: dict[str, str], expected: float) -> None:
    assert watchdog_interval_s(env) == expected


def test_outside_systemd_nothing_is_sent() -> None:
    pinger = pinger_from_environ({})
    assert not pinger.enabled
    assert not pinger.tick()
    assert pinger.timer_interval_ms == 0
    assert isinstance(notifier_from_environ({"NOTIFY_SOCKET": "relative"}), NullNotifier)


def test_timer_period_is_a_fraction_of_the_interval() -> None:
    assert WatchdogPinger(NullNotifier(), interval_s=15.0).timer_interval_ms == 3750
    assert WatchdogPinger(NullNotifier(), interval_s=60.0).timer_interval_ms == 5000
    assert WatchdogPinger(NullNotifier(), interval_s=0.2).timer_interval_ms == 100
