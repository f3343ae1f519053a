"""Device tokens recently found valid, so that every kiosk call does not cost a query.

A kiosk sends its bearer token with every call; looking it up is one more database round
trip per request. The cache remembers *valid* tokens (by their hash) for a few seconds:
unknown tokens are never cached, so a newly enrolled kiosk works at once, and a token
rotated or revoked through this process is forgotten at once. A token revoked from another
process (the admin CLI, another worker) stops working within ``ttl_s`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store imports this module
    from citybackend.stores.kiosks import KioskIdentity


class TokenCache:
    """``token hash -> (identity, expiry)``, bounded, thread-safe."""

    def __init__(
        self,
        ttl_s: float = 5.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self._max = max_entries
        self._clock = clock
        self._items: OrderedDict[str, tuple[KioskIdentity, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> KioskIdentity | None:
        with self._lock:
            hit = self._items.get(token_hash)
            if hit is None:
                return None
            if hit[1] <= self._clock():
                del self._items[token_hash]
                return None
            return hit[0]

    def put(self, token_hash: str, identity: KioskIdentity) -> None:
        if self.ttl_s <= 0:
            return
        with self._lock:
            self._items[token_hash] = (identity, self._clock() + self.ttl_s)
            self._items.move_to_end(token_hash)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def forget_kiosk(self, kiosk_id: str) -> None:
        """Drop every cached token of ``kiosk_id`` (its token was rotated or revoked)."""
        with self._lock:
            for key in [k for k, (who, _) in self._items.items() if who.kiosk_id == kiosk_id]:
                del self._items[key]

    def __len__(self) -> int:
        return len(self._items)
