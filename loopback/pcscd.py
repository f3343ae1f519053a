"""pcscd with the vpcd driver, for the tests and ``bench/card_read.py``.

One run at a time owns pcscd and the vpcd ports (another would stop the daemon under it or take
a port): :func:`exclusive` takes the lock file they share. :func:`running` reuses a pcscd that
already lists the virtual reader or starts ``pcscd -f`` and stops it at the end; the start waits
for vpcd's ports and starts again when the driver could not listen (:func:`start_daemon`).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.card.errors import NoReaderError
from kiosk.card.transport.pcsc import ReaderState, list_readers
from kiosk.simulators.virtual_card.vpcd import PORTS
from loopback.processes import stop_process

READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
READER_BY_PORT = {PORTS[0]: READER_0, PORTS[1]: READER_1}
#: a loaded 2-core machine has been seen to need more than 15 s
START_TIMEOUT_S = 45.0
#: pcscd polls vpcd; a card shows up within about 2.3 s
CARD_TIMEOUT_S = 10.0
#: not ``ward-kiosk-*``: the kiosk's start-up clean-up deletes those from the temp directory,
#: and a lock file deleted while held lets the next run lock a new one beside it
LOCK_FILE = Path(tempfile.gettempdir()) / "pcscd-vpcd-ward-kiosk.lock"
LOCK_TIMEOUT_S = 600.0
#: vpcd binds its port once, at pcscd's start, and a port left in TIME_WAIT is free again
#: after 60 s
PORT_FREE_TIMEOUT_S = 90.0
START_ATTEMPTS = 3
#: what pcscd prints when the vpcd driver could not listen on its port
DRIVER_FAILED = b"Virtual PCD init failed"

log = logging.getLogger(__name__)


class PcscdUnavailableError(RuntimeError):
    """pcscd is not installed, or another run holds it for too long (the message says)."""


@dataclass(frozen=True)
class Pcscd:
    readers: tuple[str, ...]
    started_here: bool
    log_file: Path | None
    #: stop the daemon this run started, call the argument if one is given, start it again
    #: (None: not ours to restart)
    restart: Callable[[Callable[[], None] | None], None] | None = None


def readers_or_empty() -> list[ReaderState]:
    try:
        return list_readers()
    except NoReaderError:
        return []


def wait_for_reader_state(
    predicate: Callable[[list[ReaderState]], bool], timeout_s: float, what: str
) -> list[ReaderState]:
    """Poll the PC/SC reader list until ``predicate`` holds (bounded by ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        states = readers_or_empty()
        if predicate(states):
            return states
        if time.monotonic() > deadline:
            raise TimeoutError(f"pcscd: {what} not seen within {timeout_s:.0f} s")
        time.sleep(0.05)


def card_present(reader: str) -> Callable[[list[ReaderState]], bool]:
    return lambda states: any(s.name == reader and s.card_present for s in states)


def card_absent(reader: str) -> Callable[[list[ReaderState]], bool]:
    return lambda states: any(s.name == reader and not s.card_present for s in states)


@contextlib.contextmanager
def exclusive(lock_path: Path = LOCK_FILE, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the lock every test session and benchmark takes before it touches pcscd."""
    with lock_path.open("w") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PcscdUnavailableError(
                        f"another run holds {lock_path} for {timeout_s:.0f} s"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def port_is_free(port: int) -> bool:
    """Whether vpcd could listen on ``port`` now: it binds without ``SO_REUSEADDR``, so any
    socket on the port - a listener, a client's ephemeral port, one in TIME_WAIT - stops it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def wait_for_free_ports(
    ports: tuple[int, ...] = PORTS,
    timeout_s: float = PORT_FREE_TIMEOUT_S,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Wait until vpcd can listen on every port in ``ports`` (bounded by ``timeout_s``)."""
    deadline = clock() + timeout_s
    while busy := [port for port in ports if not port_is_free(port)]:
        if clock() > deadline:
            raise PcscdUnavailableError(
                f"vpcd's port(s) {', '.join(map(str, busy))} stayed in use for {timeout_s:.0f} s,"
                " so pcscd could not list the virtual reader; `ss -tanp | grep 3596` shows"
                " what holds them"
            )
        sleep(0.25)


def _log_since(log_path: Path, offset: int) -> bytes:
    try:
        with log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read()
    except OSError:
        return b""


def _tail(text: bytes, lines: int = 12) -> str:
    kept = text.decode("utf-8", "replace").strip().splitlines()[-lines:]
    return "\n".join(kept) if kept else "(pcscd printed nothing)"


def start_daemon(
    exe: str,
    log_path: Path,
    listed: Callable[[], bool],
    *,
    attempts: int = START_ATTEMPTS,
    timeout_s: float = START_TIMEOUT_S,
    ports: tuple[int, ...] = PORTS,
) -> subprocess.Popen[bytes]:
    """Start ``exe -f -a`` (output appended to ``log_path``) until ``listed()`` holds.

    vpcd binds its ports once, when pcscd starts: a start that lost a port to another socket
    (its log says so) is stopped and tried again, up to ``attempts`` times. A daemon that exits
    (another pcscd runs, say) or never lists the reader fails at once, with the end of its log.
    """
    for attempt in range(1, attempts + 1):
        wait_for_free_ports(ports)
        offset = log_path.stat().st_size if log_path.exists() else 0
        with log_path.open("ab") as out:
            proc = subprocess.Popen([exe, "-f", "-a"], stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while True:
            printed = _log_since(log_path, offset)
            if DRIVER_FAILED in printed:
                outcome = "retry"
                break
            if proc.poll() is not None:
                raise PcscdUnavailableError(
                    f"pcscd exited at start (status {proc.returncode}):\n{_tail(printed)}"
                )
            if listed():
                return proc
            if time.monotonic() > deadline:
                outcome = "timeout"
                break
            time.sleep(0.05)
        stop_process(proc)
        if outcome == "timeout":
            raise PcscdUnavailableError(
                f"pcscd did not list the virtual reader within {timeout_s:.0f} s:\n"
                + _tail(_log_since(log_path, offset))
            )
        log.info("pcscd start %d of %d: vpcd could not listen; starting again", attempt, attempts)
    raise PcscdUnavailableError(
        f"pcscd started {attempts} times and vpcd could not listen on its port each time:\n"
        + _tail(_log_since(log_path, 0))
    )


@contextlib.contextmanager
def running(log_file: Path | None = None, reader: str = READER_0) -> Iterator[Pcscd]:
    """A pcscd that lists ``reader``: the one running, or ``pcscd -f`` started here (its
    output in ``log_file``, with APDUs) and stopped on exit. Call it under :func:`exclusive`."""
    if any(s.name == reader for s in readers_or_empty()):
        yield Pcscd(tuple(s.name for s in readers_or_empty()), False, None)
        return
    exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
    if not Path(exe).exists():
        raise PcscdUnavailableError(
            "pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)"
        )
    with contextlib.ExitStack() as stack:
        if log_file is None:  # the start still needs pcscd's words, to tell why it failed
            log_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "pcscd.log"
        else:
            log_path = log_file
        procs: list[subprocess.Popen[bytes]] = []

        def listed() -> bool:
            return any(s.name == reader for s in readers_or_empty())

        def start() -> None:
            procs.append(start_daemon(exe, log_path, listed))

        def stop() -> None:
            while procs:
                stop_process(procs.pop())

        def restart(while_stopped: Callable[[], None] | None = None) -> None:
            stop()
            if while_stopped is not None:
                while_stopped()
            start()

        try:
            start()
            states = readers_or_empty()
            yield Pcscd(tuple(s.name for s in states), True, log_file, restart)
        finally:
            stop()
