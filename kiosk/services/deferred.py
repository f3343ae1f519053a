"""Services built on first use, so that the home screen paints before the heavy parts load.

The card stack (cryptography, ASN.1) and the city client (requests, the outbox) take most of
a second to import and set up. The home screen needs neither, so the kiosk wraps them: the
first call - always on a worker or the card thread, never on the GUI thread - builds the real
object, and :meth:`DeferredGateway.warm_up` lets the app build it in the background right after
the first frame (so the outbox resumes draining at once after a restart).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from kiosk.backend.api import DossierGateway, OutboxState, Rating
from kiosk.card.api import (
    AccessKeys,
    CancellableReader,
    CardReader,
    CardReadResult,
    ProgressCallback,
)
from kiosk.domain.dossier import Dossier, DossierTracking, SubmitOutcome

T = TypeVar("T")


class Stoppable(Protocol):
    """What is left running after the build (the sync worker)."""

    def stop(self) -> None: ...


class ClosedError(RuntimeError):
    """The application is shutting down: nothing more is built."""


class _Once(Generic[T]):
    """``get()`` builds the value once, whichever thread asks first; after ``close()`` it
    builds nothing (a build still running when the app quits must not start threads that
    would keep the process alive)."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._value: T | None = None
        self._closed = False

    def get(self) -> T:
        with self._lock:
            if self._closed:
                raise ClosedError("shutting down")
            if self._value is None:
                self._value = self._factory()
            return self._value

    def built(self) -> T | None:
        """The value if already built (never builds, never waits)."""
        return self._value

    def close(self) -> T | None:
        """Refuse further builds; the value built so far (waits for a build in progress)."""
        with self._lock:
            self._closed = True
            return self._value


class DeferredGateway:
    """A :class:`DossierGateway` whose real gateway (and sync worker) is built on first use."""

    def __init__(self, factory: Callable[[], tuple[DossierGateway, Stoppable]]) -> None:
        self._once = _Once(factory)

    def warm_up(self) -> None:
        self._once.get()

    def stop(self) -> None:
        built = self._once.close()
        if built is not None:
            built[1].stop()

    def _gateway(self) -> DossierGateway:
        return self._once.get()[0]

    def submit(self, dossier: Dossier) -> SubmitOutcome:
        return self._gateway().submit(dossier)

    def track(self, code_or_token: str) -> DossierTracking:
        return self._gateway().track(code_or_token)

    def payment_paid(self, dossier_uuid: str) -> bool:
        return self._gateway().payment_paid(dossier_uuid)

    def rate(self, rating: Rating) -> None:
        self._gateway().rate(rating)

    def outbox_state(self) -> OutboxState:
        return self._gateway().outbox_state()


class DeferredCardReader:
    """A :class:`CardReader` built on the card thread at the first read."""

    def __init__(self, factory: Callable[[], CardReader]) -> None:
        self._once = _Once(factory)

    def read(
        self, keys: AccessKeys, progress: ProgressCallback, *, read_face: bool = False
    ) -> CardReadResult:
        return self._once.get().read(keys, progress, read_face=read_face)

    def cancel(self) -> None:
        """Pass the card service's timeout on to the built reader (nothing to stop otherwise)."""
        reader: object = self._once.built()
        if isinstance(reader, CancellableReader):
            reader.cancel()
