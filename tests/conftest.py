"""Test-wide settings: offscreen Qt, warnings are errors (pyproject), shared fixture plugins.

The harness (CONTRIBUTING.md, "Tests"): ``log_fail`` fails a test on a log record it did not
declare, ``child_logs`` shows a failing test the logs of the processes it started.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins: list[str] = [
    "pytester",
    "tests.fixtures.log_fail",
    "tests.fixtures.child_logs",
    "tests.fixtures.cups",
    "tests.fixtures.escpos",
    "tests.fixtures.pcscd",
    "tests.fixtures.citybackend",
    "tests.fixtures.postgres",
    "tests.fixtures.small_disk",
    "tests.fixtures.qt_threads",
]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failed run: a missing service or tool fails its tests instead
    (CONTRIBUTING.md, "Tests"), so a green run never hides a part that did not run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(f"{skipped} test(s) skipped: a skip fails the run", red=True)
