"""pcscd with the vpcd driver, for the tests and ``bench/card_read.py``.

One run at a time owns pcscd and the vpcd ports (another would stop the daemon under it or take
a port): :func:`exclusive` takes the lock file they share. :func:`running` reuses a pcscd that
already lists the virtual reader or starts ``pcscd -f`` and stops it at the end.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.card.errors import NoReaderError
from kiosk.card.transport.pcsc import ReaderState, list_readers
from kiosk.simulators.virtual_card.vpcd import PORTS

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


class PcscdUnavailableError(RuntimeError):
    """pcscd is not installed, or another run holds it for too long (the message says)."""


@dataclass(frozen=True)
class Pcscd:
    readers: tuple[str, ...]
    started_here: bool
    log_file: Path | None
    #: stop the daemon this run started and start it again (None: not ours to restart)
    restart: Callable[[], None] | None = None


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
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> list[ReaderState]:
        if log_file is None:
            procs.append(
                subprocess.Popen([exe, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            )
        else:
            with log_file.open("ab") as out:
                procs.append(
                    subprocess.Popen([exe, "-f", "-a"], stdout=out, stderr=subprocess.STDOUT)
                )
        return wait_for_reader_state(
            lambda s: any(r.name == reader for r in s), START_TIMEOUT_S, reader
        )

    def stop() -> None:
        while procs:
            proc = procs.pop()
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def restart() -> None:
        stop()
        start()

    try:
        states = start()
        yield Pcscd(tuple(s.name for s in states), True, log_file, restart)
    finally:
        stop()
