"""The backend's data as one object: kiosks, dossiers and ratings over one engine."""

from __future__ import annotations

import contextlib
from datetime import datetime

from citybackend.stores.dossier_rows import DOSSIER_BY_UUID
from citybackend.stores.dossiers import DossierStore
from citybackend.stores.kiosks import KioskStore
from citybackend.stores.ratings import RatingStore
from citybackend.stores.times import VIETNAM_TZ
from citybackend.workdays import add_working_days


class Store(KioskStore, DossierStore, RatingStore):
    """What the app, the CLI and the tests hold; the operations are the aggregates'.

    Thread-safe: one engine, a connection per operation (:class:`StoreBase`).
    """

    def warm_up(self, connections: int = 1) -> None:
        """Do once, before the first request, what the first requests would pay for: the
        holiday calendars of this year and the next, the dossier look-up, and opening
        ``connections`` database connections (a new SQLite connection sets its pragmas,
        which waits for a writer that is committing)."""
        today = datetime.now(VIETNAM_TZ).date()
        add_working_days(today, 1)
        add_working_days(today.replace(month=12, day=31), 1)
        with contextlib.ExitStack() as stack:
            conns = [stack.enter_context(self._read()) for _ in range(connections)]
            conns[0].execute(DOSSIER_BY_UUID, {"uuid": ""}).first()
