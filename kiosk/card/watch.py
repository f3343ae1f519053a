"""Card insertion/removal events for the UI, polled on the card thread.

Each poll is one bounded ``SCardGetStatusChange`` (``poll_s``) submitted to the
:class:`CardService` thread, so PC/SC stays on that one thread and a read waits at most one
poll before it starts. The callback runs on the card thread; the UI bridges it to a signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.card.errors import CardError
from kiosk.card.pcsc import ReaderState, list_readers, wait_for_change
from kiosk.card.service import CardService

log = logging.getLogger(__name__)

Poll = Callable[[list[ReaderState], float], list[ReaderState]]


class CardPresenceWatcher:
    """Calls ``on_change(states)`` whenever a card arrives or leaves any reader."""

    def __init__(
        self,
        service: CardService,
        on_change: Callable[[list[ReaderState]], None],
        *,
        poll_s: float = 0.5,
        poll: Poll = wait_for_change,
        initial: Callable[[], list[ReaderState]] = list_readers,
    ) -> None:
        self._service = service
        self._on_change = on_change
        self._poll_s = poll_s
        self._poll = poll
        self._initial = initial
        self._stop = threading.Event()
        self._states: list[ReaderState] | None = None

    def start(self) -> None:
        self._stop.clear()
        self._schedule()

    def stop(self) -> None:
        self._stop.set()

    def _schedule(self) -> None:
        if not self._stop.is_set():
            try:
                self._service.run(self._step)
            except RuntimeError:  # the service was shut down
                self._stop.set()

    def _step(self) -> None:
        if self._stop.is_set():
            return
        try:
            if self._states is None:
                new = self._initial()
            else:
                new = self._poll(self._states, self._poll_s)
        except CardError as exc:
            log.info("card watcher: %s", exc.code)
            new = []
            self._stop.wait(self._poll_s)  # no PC/SC service: do not spin
        else:
            if not new:  # no reader at all (unplugged, pcscd starting): nothing blocks, wait
                self._stop.wait(self._poll_s)
        if new != self._states:
            self._states = new
            try:
                self._on_change(new)
            except Exception:
                log.exception("card watcher callback failed")
        self._schedule()
