"""The log-fail plugin (tests/fixtures/log_fail.py), run on small test files by pytester."""

from __future__ import annotations

from pathlib import Path

import pytest

PLUGINS = ("-p", "tests.fixtures.log_fail", "-p", "no:cacheprovider")
ROOT = Path(__file__).resolve().parents[3]


def run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    """In a child pytest: in this process the outer test's own handler would see the records."""
    pytester.makepyfile(test_it="import logging\nimport pytest\n\n" + source)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", str(ROOT))
        return pytester.runpytest_subprocess(*PLUGINS)


def test_an_undeclared_error_fails_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        'def test_it():\n    logging.getLogger("somelib").error("the disk is on fire")\n',
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*1 log record(s) the test did not declare:*", "*somelib*fire*"])


def test_our_warnings_count_and_others_do_not(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        "def test_theirs():\n"
        '    logging.getLogger("urllib3.pool").warning("retrying")\n'
        "def test_ours():\n"
        '    logging.getLogger("kiosk.outbox").warning("queue nearly full")\n',
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_ours*"])


def test_a_declared_record_passes_and_an_unmet_one_fails(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        '@pytest.mark.expect_log("ERROR", "kiosk", r"disk \\w+ full")\n'
        "def test_declared():\n"
        '    logging.getLogger("kiosk.outbox").error("disk nearly full")\n'
        '@pytest.mark.expect_log("ERROR", "kiosk", r"disk")\n'
        "def test_unmet():\n"
        "    pass\n"
        "def test_fixture(expected_logs):\n"
        '    expected_logs.expect("WARNING", "ui", "late")\n'
        '    logging.getLogger("ui.printing").warning("slip late")\n'
        '@pytest.mark.expect_log("ERROR", "kiosk", "race", optional=True)\n'
        "def test_optional():\n"
        "    pass\n",
    )
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_unmet*", "*never logged*"])


def test_a_record_from_another_thread_counts(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        "import threading\n"
        "def test_it():\n"
        '    t = threading.Thread(target=lambda: logging.getLogger("x").critical("boom"))\n'
        "    t.start(); t.join()\n",
    )
    result.assert_outcomes(passed=1, errors=1)


def test_a_failed_test_is_not_failed_twice(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        'def test_it():\n    logging.getLogger("x").error("why")\n    assert False\n',
    )
    result.assert_outcomes(failed=1)
