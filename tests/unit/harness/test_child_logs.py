"""A failing test's report shows the log of the child process it started
(tests/fixtures/child_logs.py), checked on small test files run by pytester."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PLUGINS = ("-p", "tests.fixtures.child_logs", "-p", "no:cacheprovider")

CHILD = """
import subprocess, sys
import pytest
from tests.fixtures.child_logs import register_session_log

@pytest.fixture
def child(child_logs, tmp_path):
    log = tmp_path / "child.log"
    with log.open("ab") as out:
        subprocess.run(
            [sys.executable, "-c", "import sys; print('child says: bad token', file=sys.stderr)"],
            stdout=out, stderr=subprocess.STDOUT, check=True, timeout=30,
        )
    child_logs.add("child", log)

@pytest.fixture(scope="session")
def daemon(request, tmp_path_factory):
    log = tmp_path_factory.mktemp("d") / "daemon.log"
    log.write_text("started\\n")
    register_session_log(request, "daemon", log)
    return log

def test_fails(child):
    assert False, "the test's own failure"

def test_passes(child):
    pass

def test_unregistered(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "server.log").write_text("a log nobody registered\\n")
    assert False

def test_daemon_first(daemon):
    daemon.write_text(daemon.read_text() + "first test's line\\n")
    assert False

def test_daemon_second(daemon):
    daemon.write_text(daemon.read_text() + "second test's line\\n")
    assert False
"""


def run(pytester: pytest.Pytester, selection: str) -> pytest.RunResult:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", str(ROOT))
        return pytester.runpytest_subprocess(*PLUGINS, "-k", selection)


def test_a_failing_test_shows_its_childs_log(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=CHILD)
    result = run(pytester, "fails or passes")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    result.stdout.fnmatch_lines(
        ["*- child logs -*", "===== child: *child.log", "child says: bad token"]
    )
    assert out.count("child says: bad token") == 1  # the passing test shows nothing


def test_a_session_process_shows_what_it_wrote_during_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=CHILD)
    result = run(pytester, "daemon")
    result.assert_outcomes(failed=2)
    first, second = result.stdout.str().split("_ test_daemon_second _")
    assert "started" in first
    assert "first test's line" in first
    assert "second test's line" in second
    assert "first test's line" not in second


def test_a_log_under_the_tests_tmp_path_is_shown_unregistered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=CHILD)
    result = run(pytester, "unregistered")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["===== data/server.log: *", "a log nobody registered"])
