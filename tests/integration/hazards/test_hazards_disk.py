"""The disk filling up: a real tmpfs filled to the last byte under the outbox.

New dossiers are refused with a message for the resident and a line for staff and the
technician's diagnostics; every item accepted before the disk filled survives and drains.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.backend.device_key import PayloadCipher, load_or_create_key
from kiosk.backend.errors import OutboxFullError
from kiosk.backend.outbox import Outbox
from kiosk.diagnostics.report import Status
from kiosk.diagnostics.system_probes import probe_outbox
from tests.fakes import FakeClock
from tests.fixtures.small_disk import fill


def _outbox(directory: Path, *, reserve_bytes: int) -> Outbox:
    key = load_or_create_key(directory / "outbox.key")
    return Outbox(
        directory / "outbox.sqlite3",
        PayloadCipher(key),
        clock=FakeClock(),
        reserve_bytes=reserve_bytes,
    )


def _body(n: int, size: int = 3000) -> bytes:
    return json.dumps({"n": n, "pad": os.urandom(size).hex()}).encode()


@pytest.mark.parametrize("reserve_bytes", [128 * 1024, 0], ids=["reserve", "sqlite-full"])
@pytest.mark.expect_log("ERROR", "kiosk.backend.outbox", r"outbox refuses new items")
def test_a_full_disk_refuses_new_dossiers_and_keeps_the_accepted_ones(
    small_disk: Path, reserve_bytes: int
) -> None:
    box = _outbox(small_disk, reserve_bytes=reserve_bytes)
    accepted = {f"u{n}": _body(n) for n in range(5)}
    for key, body in accepted.items():
        box.put("dossier", key, body)
    filler = fill(small_disk)

    # reserve: refused by the free-space check; 0: SQLite itself finds the disk full
    big = _body(99, size=200_000)
    with pytest.raises(OutboxFullError) as refused:
        box.put("dossier", "new", big)
    error = refused.value
    assert error.code == "outbox.full"
    assert "bộ nhớ" in error.message("vi")
    assert "storage is full" in error.message("en")
    assert box.entry("new") is None

    # staff and technician see why; nothing accepted is lost
    state = box.state()
    assert state.refusing
    assert state.depth == 5
    assert probe_outbox(lambda: state).status is Status.FAIL
    assert {d.item_key: d.body for d in box.due()} == accepted
    # a repeat of an accepted dossier (the resident pressed submit again) is answered
    entry, created = box.put("dossier", "u0", accepted["u0"])
    assert not created
    assert entry.item_key == "u0"

    # space comes back: the next dossier is taken, the refusal is gone
    filler.unlink()
    box.put("dossier", "new", big)
    assert box.body("new") == big
    assert not box.state().refusing
    for item in box.due():
        box.mark_sent(item.id, f"CODE-{item.item_key}")
    assert box.state().depth == 0
    box.close()
