"""Waiting in tests: on a condition with a deadline, never a fixed sleep.

``wait_until(lambda: job.done, 10, "the job")`` polls until the predicate holds and returns its
value, or raises ``TimeoutError`` naming what was awaited. A fixed ``time.sleep`` before an
assertion is either too short on a loaded machine or longer than needed everywhere else.
In Qt tests use ``qtbot.waitUntil`` (it keeps the event loop running).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: between two looks at the condition: short next to any deadline, long next to a context switch
POLL_S = 0.02


def wait_until(
    predicate: Callable[[], T | None], timeout_s: float, what: str = "the condition"
) -> T:
    """The predicate's first truthy value; ``TimeoutError`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} not met within {timeout_s:g} s")
        time.sleep(POLL_S)
