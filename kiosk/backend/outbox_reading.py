"""The outbox as another process sees it: ``kiosk doctor`` beside the running kiosk, or beside
a stopped one. Read only: no key is needed (nothing is decrypted) and nothing is created."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from kiosk.backend.api import OutboxState
from kiosk.backend.errors import OutboxError
from kiosk.backend.outbox import RESERVE_BYTES, free_bytes, short_of_room, state_of


def read_outbox_state(
    path: Path,
    *,
    reserve_bytes: int = RESERVE_BYTES,
    free_space: Callable[[Path], int] = free_bytes,
    busy_timeout_s: float = 2.0,
) -> OutboxState:
    """The state of the outbox file at ``path``; a kiosk that has filed nothing yet has no
    file: an empty outbox. Raises :class:`OutboxError` naming the file's problem."""
    path = Path(path)
    refusing = short_of_room(path, reserve_bytes, free_space)
    if not path.exists():
        return OutboxState(0, None, None, last_error="", refusing=refusing)
    # With no write-ahead log beside it the kiosk is not running: ``immutable`` reads without
    # making one (a -wal and -shm made here by root would lock the kiosk out of its outbox).
    wal = path.with_name(path.name + "-wal").exists()
    mode = "mode=ro" if wal else "mode=ro&immutable=1"
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?{mode}", uri=True, timeout=busy_timeout_s)
        try:
            state = state_of(db)
        finally:
            db.close()
    except sqlite3.Error as exc:  # the message names the file, never an item
        raise OutboxError(f"cannot read the outbox: {type(exc).__name__}: {exc}") from None
    return dataclasses.replace(state, refusing=refusing)
