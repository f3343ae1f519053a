"""Test-wide settings: offscreen Qt, warnings are errors (pyproject), shared fixture plugins."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins: list[str] = [
    "tests.fixtures.cups",
    "tests.fixtures.escpos",
    "tests.fixtures.pcscd",
    "tests.fixtures.citybackend",
    "tests.fixtures.postgres",
    "tests.fixtures.small_disk",
    "tests.fixtures.qt_threads",
]
