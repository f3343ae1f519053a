"""``kiosk staff add-pin`` and friends, run as a real child process."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from kiosk.staff import PinLockedError, PinStore, Role
from tests.wait import wait_until


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.commands", "staff", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_add_pin_from_a_pipe_then_verify(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    done = run_cli(
        "--pin-file",
        str(pins),
        "add-pin",
        "--role",
        "technician",
        "--label",
        "KTV",
        stdin="246810\n246810\n",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "246810" not in done.stdout
    member = PinStore(pins).verify(Role.TECHNICIAN, "246810")
    assert member is not None
    assert member.label == "KTV"
    listing = run_cli("--pin-file", str(pins), "list")
    assert member.staff_id in listing.stdout


def test_mismatched_pins_save_nothing(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    done = run_cli(
        "--pin-file", str(pins), "add-pin", "--role", "staff", "--label", "Q1", stdin="1234\n4321\n"
    )
    assert done.returncode == 1
    assert "differ" in done.stdout
    assert not pins.exists()


def test_bad_pin_is_refused(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    done = run_cli(
        "--pin-file", str(pins), "add-pin", "--role", "staff", "--label", "Q1", stdin="12\n12\n"
    )
    assert done.returncode == 1
    assert "digits" in done.stdout


def test_pin_is_not_echoed_on_a_terminal(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    pid, fd = pty.fork()
    if pid == 0:  # child: stdin/stdout are the pty
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "kiosk.commands",
                "staff",
                "--pin-file",
                str(pins),
                "add-pin",
                "--role",
                "staff",
                "--label",
                "Q1",
            ],
        )
    output = b""

    def read_until(marker: bytes, timeout_s: float = 60.0) -> None:
        nonlocal output
        deadline = time.monotonic() + timeout_s
        while marker not in output:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail(f"no {marker!r} from the child within {timeout_s:.0f} s: {output!r}")
            chunk = os.read(fd, 1024)
            assert chunk, f"child closed the terminal early: {output!r}"
            output += chunk

    def type_when_echo_is_off(line: bytes, timeout_s: float = 60.0) -> None:
        """getpass turns echo off with TCSAFLUSH, which drops input typed before: wait for
        it, as a person would see the prompt first."""
        wait_until(lambda: not termios.tcgetattr(fd)[3] & termios.ECHO, timeout_s, "echo off")
        os.write(fd, line)

    read_until(b"PIN: ")
    type_when_echo_is_off(b"975310\n")
    read_until(b"PIN again: ")
    type_when_echo_is_off(b"975310\n")
    read_until(b"added ")
    try:
        while chunk := os.read(fd, 1024):
            output += chunk
    except OSError:
        pass  # EIO: the child closed the pty
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"975310" not in output
    assert PinStore(pins).verify(Role.STAFF, "975310") is not None


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_unlock_clears_a_lockout(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    store = PinStore(pins)
    store.add(Role.STAFF, "Q1", "2468")
    for _ in range(4):
        store.verify(Role.STAFF, "0000")
    with pytest.raises(PinLockedError):
        store.verify(Role.STAFF, "0000")
    assert store.lock_state().locked
    assert run_cli("--pin-file", str(pins), "unlock").returncode == 0
    assert not store.lock_state().locked


def test_a_global_config_option_reaches_the_subcommands(tmp_path: Path) -> None:
    """The main parser has its own --config before the sub-command; ours must not reset it."""
    from kiosk.commands.main import build_parser

    parser = build_parser()
    assert parser.parse_args(["--config", "/a.toml", "doctor"]).config == "/a.toml"
    assert parser.parse_args(["doctor", "--config", "/b.toml"]).config == "/b.toml"
    assert parser.parse_args(["--config", "/a.toml", "staff", "list"]).config == "/a.toml"
    assert parser.parse_args(["staff", "--config", "/c.toml", "list"]).config == "/c.toml"
    assert parser.parse_args(["staff", "list"]).config is None


def test_root_hands_the_pin_file_to_the_data_directory_owner(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail("changing file owners needs root: run the tests as root, as CI does")
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, 12345, 12346)  # stands for the ward-kiosk user
    pins = data / "staff-pins.json"
    done = run_cli(
        "--pin-file",
        str(pins),
        "add-pin",
        "--role",
        "staff",
        "--label",
        "Q1",
        stdin="2468\n2468\n",
    )
    assert done.returncode == 0, done.stdout
    for p in (pins, data / "staff-pins.json.lock"):
        assert (p.stat().st_uid, p.stat().st_gid) == (12345, 12346)
