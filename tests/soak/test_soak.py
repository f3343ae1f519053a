"""Many visits in one kiosk process, through every real part, watching what grows (issue #16).

The demo as deployed: the reference backend in its own process on 127.0.0.1, the card through
pcscd and the vpcd reader, slips painted by the print process into PDF files, the window
offscreen (the real-window tier covers what a real screen changes; here it is the process that
is watched). Visits mix procedures, a tracking look-up and a visit abandoned until the idle
wipe. Every visit runs under a faulthandler deadline: a hang dumps every thread's stack and
ends the run, so a freeze is a failure with its cause, never a stuck CI.

``KIOSK_SOAK_VISITS`` sets the number of visits (150 here; ``bench/soak.py`` runs 1,000),
``KIOSK_SOAK_REPORT`` a JSON file for the figures per visit, and ``KIOSK_SOAK_TRACEMALLOC=1``
adds to it the Python allocations that grew most from visit 50 to the end.
"""

from __future__ import annotations

import faulthandler
import gc
import json
import logging
import os
import re
import sys
import threading
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    QThreadPool,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.backend.api import Satisfaction
from kiosk.visit.session import Step
from tests.fixtures.demo_kiosk import demo_window
from tests.fixtures.pcscd import Pcscd
from tests.malloc_heap import in_use_bytes
from tests.ui.driving import click, press_continue, type_into, visit_until_form, visit_until_receipt
from ui.bridges import WORKERS
from ui.screens.track import TrackScreen
from ui.window.main_window import MainWindow

# Qt's messages are checked by the soak's own handler (pytest-qt keeps every record, ignored
# ones too, for the whole test: over a thousand visits that is the largest growth there is)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.pcsc,
    pytest.mark.timeout(1800),
    pytest.mark.no_qt_log,
]

VISITS = int(os.environ.get("KIOSK_SOAK_VISITS", "150"))
#: no step of a visit takes this long unless something hangs
VISIT_DEADLINE_S = 120
#: procedures residents file most, each with its own form
PROCEDURES = ("1.004194", "2.000815", "1.001193", "2.000635", "1.004222")
#: memory may grow this much from visit ``WARM`` to the end (the issue's bound)
RSS_GROWTH_KB = 5 * 1024
WARM = 50


#: threads that come and go, and how many of each there can be at once: the window's task
#: pool, a helper thread and a timer per HTTP exchange (the sync and a submit or tracking at
#: once), a timer per card read
TRANSIENT = {"ui-task": WORKERS, "city-exchange": 4, "http-deadline": 4, "card-deadline": 1}


def _families(names: list[str]) -> Counter[str]:
    return Counter(re.sub(r"[_-]?\d+$", "", n) for n in names)


@dataclass
class Sample:
    visit: int
    kind: str
    rss_kb: int
    #: what malloc has handed out and not had back (glibc's mallinfo2): a leak grows it, memory
    #: malloc keeps for reuse (fragmentation) grows RSS only
    heap_kb: int
    fds: int
    threads: int
    qobjects: int
    #: Python's threads by name, numbers dropped (pool workers come and go within a pool)
    thread_names: list[str]
    native_names: list[str]


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


def _qobjects() -> int:
    app = QApplication.instance()
    assert app is not None
    tops = QApplication.topLevelWidgets()
    return 1 + len(app.findChildren(QObject)) + sum(1 + len(t.findChildren(QObject)) for t in tops)


def sample(visit: int, kind: str) -> Sample:
    # what the wipe handed to deleteLater is gone before counting (as the event loop does it)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()
    gc.collect()
    return Sample(
        visit=visit,
        kind=kind,
        rss_kb=_rss_kb(),
        heap_kb=in_use_bytes() // 1024,
        fds=len(os.listdir("/proc/self/fd")),
        threads=len(os.listdir("/proc/self/task")),
        qobjects=_qobjects(),
        thread_names=sorted(t.name for t in threading.enumerate()),
        native_names=_native_thread_names(),
    )


def _native_thread_names() -> list[str]:
    """The kernel's names of the threads Python did not start (Qt's, pcsc-lite's)."""
    python = {t.native_id for t in threading.enumerate()}
    # a Python thread in its first instants is not enumerated yet; it has the process's name
    ours = Path("/proc/self/comm").read_text().strip()
    names = []
    for task in Path("/proc/self/task").iterdir():
        if int(task.name) in python:
            continue
        try:
            name = (task / "comm").read_text().strip()
        except OSError:  # ended meanwhile
            continue
        if name != ours:
            names.append(name)
    return sorted(names)


class QtWarnings:
    """Counts Qt warnings that are not on the project's ignore list (pyproject)."""

    IGNORED = (
        re.compile("This plugin does not support propagateSizeHints"),
        re.compile("Couldn't (load|resolve) pipewire"),
    )

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def __call__(self, kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if any(r.search(message) for r in self.IGNORED):
            return
        self.count += 1
        if len(self.first) < 10:
            self.first.append(message)


@pytest.fixture
def qt_warnings() -> Iterator[QtWarnings]:
    found = QtWarnings()
    previous = qInstallMessageHandler(found)
    yield found
    qInstallMessageHandler(previous)


@contextmanager
def quiet_capture(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """pytest keeps every log record of a test in memory; the soak's are kept only from
    warnings up (the kiosk's own log file still gets everything). Entered in the test's body:
    pytest sets its handlers' level again at the start of each phase."""
    capture = type(caplog.handler)
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, capture)]
    levels = [h.level for h in handlers]
    for h in handlers:
        h.setLevel(logging.WARNING)
    yield
    for h, level in zip(handlers, levels, strict=True):
        h.setLevel(level)


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, pcscd: Pcscd) -> Iterator[tuple[MainWindow, Path]]:
    """The demo kiosk, its card through pcscd (the fixture started it)."""
    with demo_window(qtbot, tmp_path, warm_up=True) as w:
        yield w, tmp_path


def full_visit(qtbot: QtBot, w: MainWindow, code: str, receipts: Path, printed: int) -> str:
    visit_until_receipt(qtbot, w, code, delivery=None)
    outcome = w.ctx.session.outcome
    assert outcome is not None
    qtbot.waitUntil(lambda: len(list(receipts.glob("*.pdf"))) == printed + 1, timeout=60000)
    printing = w.ctx.tr("receipt.printing")
    qtbot.waitUntil(lambda: w.receipt.print_state.text() != printing, timeout=10000)
    press_continue(qtbot, w)
    click(qtbot, w.rating.buttons[Satisfaction.SATISFIED])
    press_continue(qtbot, w)
    assert w.ctx.session.step is Step.END
    press_continue(qtbot, w)
    assert w.ctx.session.is_blank
    return outcome.code


def track_visit(qtbot: QtBot, w: MainWindow, code: str) -> None:
    click(qtbot, w.screens[Step.HOME].track_button)  # type: ignore[attr-defined]
    track = w.screens[Step.TRACK]
    assert isinstance(track, TrackScreen)
    type_into(qtbot, track.query, code)
    click(qtbot, track.go)
    qtbot.waitUntil(track.answered, timeout=20000)
    click(qtbot, w.back_button)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.HOME, timeout=5000)


def abandoned_visit(qtbot: QtBot, w: MainWindow, code: str) -> None:
    """The resident reads the card, starts the form and walks away: the idle wipe."""
    visit_until_form(qtbot, w, code)
    assert not w.ctx.session.is_blank
    w.idle.set_timing(warning_ms=100, countdown_s=1, tick_ms=100)
    qtbot.waitUntil(lambda: w.ctx.session.is_blank, timeout=10000)
    assert w.ctx.session.step is Step.HOME
    cfg = w.ctx.services.config
    w.idle.set_timing(cfg.ui.idle_warning_s * 1000, cfg.ui.idle_countdown_s)


def test_many_visits_in_one_process(
    qtbot: QtBot,
    kiosk: tuple[MainWindow, Path],
    qt_warnings: QtWarnings,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with quiet_capture(caplog):
        _soak(qtbot, kiosk, qt_warnings, capsys)


def _soak(
    qtbot: QtBot,
    kiosk: tuple[MainWindow, Path],
    qt_warnings: QtWarnings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    w, data_dir = kiosk
    receipts = data_dir / "receipts"
    samples: list[Sample] = []
    codes: list[str] = []
    printed = 0
    report = os.environ.get("KIOSK_SOAK_REPORT")
    # faulthandler needs no GIL, and writes to a file descriptor: the terminal's stderr, since
    # pytest's capture file is lost when faulthandler ends the process
    with capsys.disabled():
        real_stderr = os.fdopen(os.dup(sys.stderr.fileno()), "w")
    trace = os.environ.get("KIOSK_SOAK_TRACEMALLOC") == "1"
    grown: list[str] = []
    if trace:
        tracemalloc.start(12)
    warm_snapshot: tracemalloc.Snapshot | None = None
    try:
        for visit in range(1, VISITS + 1):
            # a hang anywhere (the GUI thread included, the GIL held) dumps every thread and
            # ends the run
            faulthandler.dump_traceback_later(VISIT_DEADLINE_S, exit=True, file=real_stderr)
            try:
                if visit % 10 == 3 and codes:
                    kind = "track"
                    track_visit(qtbot, w, codes[-1])
                elif visit % 10 == 7:
                    kind = "idle-wipe"
                    abandoned_visit(qtbot, w, PROCEDURES[visit % len(PROCEDURES)])
                else:
                    kind = PROCEDURES[visit % len(PROCEDURES)]
                    codes.append(full_visit(qtbot, w, kind, receipts, printed))
                    printed += 1
            finally:
                faulthandler.cancel_dump_traceback_later()
            samples.append(sample(visit, kind))
            if trace and visit == WARM:
                warm_snapshot = tracemalloc.take_snapshot()
        if warm_snapshot is not None:
            diff = tracemalloc.take_snapshot().compare_to(warm_snapshot, "traceback")
            grown = [
                "\n".join(d.traceback.format()[-6:]) + f"\n  {d.size_diff} B" for d in diff[:15]
            ]
    finally:
        real_stderr.close()
        if report:
            figures = {"samples": [asdict(s) for s in samples], "grown": grown}
            Path(report).write_text(json.dumps(figures, indent=1), encoding="utf-8")

    assert len(samples) == VISITS  # every visit completed
    assert qt_warnings.count == 0, qt_warnings.first
    assert len(set(codes)) == len(codes) == printed
    warm, last = samples[WARM - 1], samples[-1]
    growth = last.rss_kb - warm.rss_kb
    assert growth <= RSS_GROWTH_KB, f"RSS grew {growth} kB from visit {WARM} to {VISITS}"
    # what is open and alive after visit 50 is what was open at visit 50
    assert max(s.fds for s in samples[WARM:]) <= warm.fds, [s.fds for s in samples]
    qt_pool = QThreadPool.globalInstance().maxThreadCount()
    for s in samples[WARM:]:
        # Qt's own: its global pool's threads (they expire when idle), the rest as at visit 50
        natives = Counter(s.native_names)
        assert natives.pop("Thread (pooled)", 0) <= qt_pool, asdict(s)
        expected_natives = Counter(warm.native_names)
        expected_natives.pop("Thread (pooled)", None)
        assert natives == expected_natives, asdict(s)
        families = _families(s.thread_names)
        # pools and per-exchange timers: bounded, the rest exactly as at visit 50
        for family, bound in TRANSIENT.items():
            assert families.pop(family, 0) <= bound, asdict(s)
        expected = _families(warm.thread_names)
        for family in TRANSIENT:
            expected.pop(family, None)
        assert families == expected, asdict(s)
    # the same kind of visit leaves the same number of Qt objects behind, to the end
    for kind in {s.kind for s in samples[WARM:]}:
        counts = [s.qobjects for s in samples[WARM:] if s.kind == kind]
        assert counts == [counts[0]] * len(counts), (kind, counts)
