"""Logs rotating under load: several threads logging through many rotations.

Every line arrives exactly once (enough backups are kept to hold them all), in order per
thread, redacted, and nothing raises into the threads that log.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.runtime.logsetup import Redactor, configure_logging
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN

THREADS = 4
LINES = 600
LINE = re.compile(r"\[(w\d)\] visit step (\d+) of w\d")


@pytest.fixture
def rotating(tmp_path: Path) -> Iterator[tuple[Path, Redactor]]:
    redactor = Redactor()
    redactor.add([SAMPLE_CITIZEN.full_name, SAMPLE_CITIZEN.place_of_residence])
    handler = configure_logging(tmp_path / "logs", redactor, max_bytes=16_000, backups=200)
    yield tmp_path / "logs", redactor
    logging.getLogger().removeHandler(handler)
    handler.close()


def test_lines_survive_rotation_under_load_once_each_and_redacted(
    rotating: tuple[Path, Redactor],
) -> None:
    log_dir, _redactor = rotating
    log = logging.getLogger("kiosk.hazard")
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            start.wait(5)
            for i in range(LINES):
                log.info(
                    "visit step %d of w%d for %s id %s",
                    i,
                    n,
                    SAMPLE_CITIZEN.full_name,
                    SAMPLE_CITIZEN.id_number,
                )
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,), name=f"w{n}") for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures
    files = sorted(log_dir.glob("kiosk.log*"))
    assert len(files) > 10, "the test must rotate many times"
    # oldest first: kiosk.log.N ... kiosk.log.1, kiosk.log
    ordered = sorted(files, key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    seen: dict[str, list[int]] = {f"w{n}": [] for n in range(THREADS)}
    text = ""
    for path in ordered:
        content = path.read_text(encoding="utf-8")
        text += content
        for line in content.splitlines():
            m = LINE.search(line)
            if m:
                seen[m.group(1)].append(int(m.group(2)))
    for name, steps in seen.items():
        assert steps == list(range(LINES)), f"{name}: lost, repeated or reordered lines"
    assert SAMPLE_CITIZEN.full_name not in text
    assert SAMPLE_CITIZEN.id_number not in text
    assert "Logging error" not in text


def test_a_log_directory_taken_away_under_load_does_not_crash_the_caller(
    rotating: tuple[Path, Redactor], capsys: pytest.CaptureFixture[str]
) -> None:
    log_dir, _redactor = rotating
    log = logging.getLogger("kiosk.hazard")
    for i in range(200):
        log.info("before %d", i)
    for path in log_dir.iterdir():  # a technician "cleans up" the logs while the kiosk runs
        path.unlink()
    log_dir.rmdir()
    for i in range(400):  # rotation now fails: logging reports it, the kiosk goes on
        log.info("after %d", i)
    log.info("still running")
    err = capsys.readouterr().err
    assert SAMPLE_CITIZEN.id_number not in err
