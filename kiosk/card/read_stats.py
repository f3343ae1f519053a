"""Figures of one read: APDUs, bytes, attempts and time per step (technician view, benchmark)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kiosk.card.transport.channel import ApduChannel


@dataclass(frozen=True)
class StepStats:
    name: str
    apdus: int
    bytes_read: int
    seconds: float


@dataclass
class ReadStats:
    """Figures of the last read (for the technician view and the benchmark)."""

    apdus: int = 0
    protected_apdus: int = 0
    engine_ns: int = 0
    bac_attempts: int = 0
    pace_attempts: int = 0
    chunk: int = 0
    bytes_read: int = 0
    steps: list[StepStats] = field(default_factory=list)


class StepRecorder:
    """Records APDUs, bytes and wall time of each named step of a read."""

    def __init__(self, channel: ApduChannel, stats: ReadStats) -> None:
        self._channel = channel
        self._stats = stats

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        apdus, got, t0 = self._channel.count, self._channel.bytes_in, time.perf_counter()
        try:
            yield
        finally:
            self._stats.steps.append(
                StepStats(
                    name,
                    self._channel.count - apdus,
                    self._channel.bytes_in - got,
                    time.perf_counter() - t0,
                )
            )
