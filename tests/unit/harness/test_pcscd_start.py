"""How ``loopback.pcscd`` starts the daemon: it waits for vpcd's ports, starts again when the
driver could not listen, and fails at once, with pcscd's own words, when pcscd exits.

Stand-in executables play pcscd here; the real daemon is started in
tests/integration/hazards/test_hazards_pcscd.py.
"""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import pytest

from loopback import pcscd
from loopback.pcscd import PcscdUnavailableError, start_daemon, wait_for_free_ports
from loopback.processes import stop_process


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def stand_in(tmp_path: Path, body: str) -> str:
    exe = tmp_path / "pcscd"
    exe.write_text(f"#!/bin/sh\necho started >> {tmp_path / 'starts'}\n{body}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return str(exe)


def starts(tmp_path: Path) -> int:
    return len((tmp_path / "starts").read_text().splitlines())


def test_a_held_port_is_waited_for_then_named(free_port: int) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", free_port))
        with pytest.raises(PcscdUnavailableError, match=f"port\\(s\\) {free_port} stayed in use"):
            wait_for_free_ports((free_port,), 5.0, clock=lambda: now[0], sleep=sleep)
    assert now[0] > 5.0
    wait_for_free_ports((free_port,), 5.0, clock=lambda: now[0], sleep=sleep)  # released


def test_a_pcscd_that_exits_fails_at_once_with_what_it_printed(
    tmp_path: Path, free_port: int
) -> None:
    exe = stand_in(tmp_path, "echo 'Another pcscd seems to be running'; exit 1")
    with pytest.raises(PcscdUnavailableError, match="Another pcscd seems to be running"):
        start_daemon(exe, tmp_path / "pcscd.log", lambda: False, ports=(free_port,))
    assert starts(tmp_path) == 1


def test_a_driver_that_could_not_listen_is_started_again(tmp_path: Path, free_port: int) -> None:
    exe = stand_in(tmp_path, "echo 'RFAddReader() Virtual PCD init failed.'; exec sleep 30")
    with pytest.raises(PcscdUnavailableError, match="started 3 times"):
        start_daemon(exe, tmp_path / "pcscd.log", lambda: False, ports=(free_port,))
    assert starts(tmp_path) == pcscd.START_ATTEMPTS == 3


def test_the_second_start_that_lists_the_reader_is_kept(tmp_path: Path, free_port: int) -> None:
    exe = stand_in(
        tmp_path,
        f'if [ "$(wc -l < {tmp_path / "starts"})" -eq 1 ]; then'
        " echo 'Virtual PCD init failed.'; fi; exec sleep 30",
    )

    def listed() -> bool:  # the reader shows once the second daemon runs
        return (tmp_path / "starts").exists() and starts(tmp_path) == 2

    proc = start_daemon(exe, tmp_path / "pcscd.log", listed, ports=(free_port,))
    try:
        assert proc.poll() is None
        assert starts(tmp_path) == 2
    finally:
        stop_process(proc)


def test_a_reader_never_listed_fails_with_the_log(tmp_path: Path, free_port: int) -> None:
    exe = stand_in(tmp_path, "echo 'waiting for hotplug'; exec sleep 30")
    with pytest.raises(PcscdUnavailableError, match="within 1 s:\nwaiting for hotplug"):
        start_daemon(exe, tmp_path / "pcscd.log", lambda: False, timeout_s=1.0, ports=(free_port,))
    assert starts(tmp_path) == 1
