"""Telling a 2D barcode scanner apart from a person typing.

Scanners in keyboard mode "type" a whole code in a burst (a few ms between keys) and end it
with Enter; people type far slower. :class:`BurstDetector` is fed each key with its time and
says, at Enter, whether what came before was a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BurstDetector:
    """``feed(char, t)`` for each printable key, ``end(t)`` at Enter -> scanned text or None."""

    max_gap_s: float = 0.035  # slowest scanners measured at ~15-25 ms per key
    min_length: int = 6
    _chars: list[str] = field(default_factory=list)
    _last_t: float | None = None

    def feed(self, char: str, t: float) -> None:
        if self._last_t is not None and t - self._last_t > self.max_gap_s:
            # a pause: whatever came before was typed by hand; start a new candidate burst
            self._chars.clear()
        self._chars.append(char)
        self._last_t = t

    def end(self, t: float) -> str | None:
        text = "".join(self._chars)
        fast = self._last_t is not None and t - self._last_t <= self.max_gap_s
        self.reset()
        if fast and len(text) >= self.min_length:
            return text
        return None

    def reset(self) -> None:
        self._chars.clear()
        self._last_t = None
