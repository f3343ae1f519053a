"""After an unclean stop (SIGKILL of the kiosk and everything it started, as systemd's
watchdog or a power cut does) at several steps of a visit, the next start of ``kiosk --demo``
comes up on the home screen, prints nothing again, and drains what the outbox holds: the
city has each dossier exactly once.

The visit is driven by tests/e2e/unclean_stop_driver.py (the kiosk's own composition, killed
by a hook at the step); the restart is the real ``kiosk --demo`` command, offscreen, whose
sd_notify ``READY=1``/``STATUS=`` (the watchdog protocol) says which screen it came up on.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path

import pytest

from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from tests.wait import wait_until

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KIOSK = Path(sys.executable).with_name("kiosk")
VISIT_TIMEOUT_S = 90.0
DRAIN_TIMEOUT_S = 60.0
#: where the visit is killed, and whether a dossier was filed by then
POINTS = [("form", False), ("outbox", True), ("print", True), ("rating", True)]


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DEMO_CARD": "in-process"}
    env.pop("NOTIFY_SOCKET", None)
    env.pop("WATCHDOG_USEC", None)
    return {**env, **extra}


def _group_empty(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def _gone(pgid: int, timeout_s: float = 15.0) -> bool:
    try:
        return wait_until(lambda: _group_empty(pgid), timeout_s, "the process group's end")
    except TimeoutError:
        return False


def _kill_group(leader: subprocess.Popen[bytes]) -> None:
    """What systemd does to the kiosk's control group on an unclean stop."""
    with suppress(ProcessLookupError):
        os.killpg(leader.pid, signal.SIGKILL)
    leader.wait(15)  # reaped: a zombie would still count as a member of the group
    assert _gone(leader.pid)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of a database another process writes (read-only; a database being created by the
    kiosk that has no tables yet is waited for)."""
    if not db.exists():
        return []

    def read() -> tuple[list[tuple[object, ...]]] | None:  # a tuple: no rows is an answer too
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
                return (list(conn.execute(sql)),)
        except sqlite3.OperationalError:
            return None

    return wait_until(read, 15, f"{db.name} readable")[0]


class Kiosk:
    """What the data directory says about the kiosk and the demo city beside it."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir

    def outbox(self, state: str) -> list[str]:
        return [
            str(r[0])
            for r in _rows(
                self.dir / "outbox.sqlite3",
                f"SELECT item_key FROM items WHERE kind = 'dossier' AND state = '{state}'",
            )
        ]

    def city(self) -> list[str]:
        db = self.dir / "citybackend" / "citybackend.sqlite3"
        return [str(r[0]) for r in _rows(db, "SELECT dossier_uuid FROM dossiers")]

    def slips(self) -> list[str]:
        return sorted(p.name for p in (self.dir / "receipts").glob("*.pdf"))


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(60)
    yield path, sock
    sock.close()


def _killed_at(data_dir: Path, point: str) -> None:
    err = data_dir.parent / f"driver-{point}.txt"
    with err.open("wb") as stderr:
        driver = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.unclean_stop_driver", str(data_dir), point],
            cwd=ROOT,
            env=_env(),
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        code = driver.wait(VISIT_TIMEOUT_S)
    finally:
        _kill_group(driver)  # the demo city it started goes down with it
    assert code == -signal.SIGKILL, (point, err.read_text(errors="replace")[-3000:])


def _restart_drains(data_dir: Path, notify: tuple[str, socket.socket]) -> str:
    """Start ``kiosk --demo`` again; returns the screen it reported, once the outbox drained."""
    path, sock = notify
    kiosk = subprocess.Popen(
        [str(KIOSK), "--demo", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=_env(NOTIFY_SOCKET=path),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ready = ""
        while not ready.startswith("READY=1"):  # the last run's STOPPING=1 may come first
            ready = sock.recv(4096).decode()
        screen = ready.partition("STATUS=")[2]
        state = Kiosk(data_dir)
        wait_until(lambda: not state.outbox("queued"), DRAIN_TIMEOUT_S, "the outbox drained")
        os.killpg(kiosk.pid, signal.SIGTERM)  # systemctl stop
        assert kiosk.wait(30) == 0, "SIGTERM is a clean stop"
        assert _gone(kiosk.pid), "the demo city stopped with the kiosk"
    finally:
        _kill_group(kiosk)
    return screen


def test_after_a_kill_at_any_step_the_kiosk_restarts_home_prints_nothing_again_and_drains(
    tmp_path: Path, notify: tuple[str, socket.socket]
) -> None:
    data_dir = tmp_path / "kiosk"
    state = Kiosk(data_dir)
    expected = 0
    for point, files_a_dossier in POINTS:
        _killed_at(data_dir, point)
        expected += files_a_dossier
        slips = state.slips()
        if point == "outbox":
            assert len(state.outbox("queued")) == 1, "committed before the city was asked"
            assert state.outbox("queued")[0] not in state.city()
        if point == "print":
            assert len(slips) == 1, "the slip came out before the kill"

        assert _restart_drains(data_dir, notify) == "home", point

        assert state.slips() == slips, f"{point}: nothing printed again"
        sent = state.outbox("sent")
        assert len(sent) == expected, point
        city = state.city()
        assert sorted(city) == sorted(sent), f"{point}: each dossier at the city once"
        assert not any((data_dir / "session-scratch").iterdir())
    log_text = "\n".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*"))
    assert "start-up recovery" in log_text
    for value in (SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.full_name):
        assert value not in log_text
