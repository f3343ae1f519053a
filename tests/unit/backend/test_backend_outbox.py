"""The encrypted outbox and its device key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.backend.device_key import PayloadCipher, load_or_create_key
from kiosk.backend.errors import OutboxError, OutboxFullError
from kiosk.backend.outbox import QUEUED, REJECTED, SENT, Outbox
from kiosk.backend.outbox_reading import read_outbox_state
from tests.fakes import FakeClock


def make(tmp_path: Path, clock: FakeClock | None = None) -> Outbox:
    key = load_or_create_key(tmp_path / "outbox.key")
    return Outbox(tmp_path / "outbox.sqlite3", PayloadCipher(key), clock=clock or FakeClock())


def test_key_is_created_0600_and_reused(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "k")
    assert stat.S_IMODE((tmp_path / "k").stat().st_mode) == 0o600
    assert len(key) == 32
    assert load_or_create_key(tmp_path / "k") == key


def test_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    load_or_create_key(tmp_path / "k")
    os.chmod(tmp_path / "k", 0o644)
    with pytest.raises(OutboxError):
        load_or_create_key(tmp_path / "k")


def test_payload_is_encrypted_at_rest_and_bound_to_its_row(tmp_path: Path) -> None:
    box = make(tmp_path)
    secret = "Nguyễn Văn An 001099000001".encode()
    box.put("dossier", "u1", secret)
    box.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))
    assert secret not in raw
    assert "Nguyễn".encode() not in raw
    cipher = PayloadCipher(load_or_create_key(tmp_path / "outbox.key"))
    sealed = cipher.seal(b"x", b"u1")
    with pytest.raises(OutboxError):
        cipher.open(sealed, b"u2")


def test_lifecycle_put_due_sent_purge(tmp_path: Path) -> None:
    clock = FakeClock()
    box = make(tmp_path, clock)
    entry, created = box.put("dossier", "u1", b"{}", provisional_ref="TAM-1", hold_s=10)
    assert created
    assert entry.state == QUEUED
    again, created_again = box.put("dossier", "u1", b"other")
    assert not created_again
    assert again.id == entry.id
    assert box.body("u1") == b"{}"
    assert box.due() == []  # held while the kiosk tries directly
    clock.now += 11
    assert [i.item_key for i in box.due()] == ["u1"]
    state = box.state()
    assert state.depth == 1
    assert state.oldest_queued_at is not None
    box.mark_retry(entry.id, "[backend.unavailable] x", 5)
    assert box.due() == []
    assert box.state().last_error == "[backend.unavailable] x"
    clock.now += 5
    box.mark_sent(entry.id, "CODE-1")
    e = box.entry_by_ref("TAM-1")
    assert e is not None
    assert (e.state, e.official_code) == (SENT, "CODE-1")
    assert box.body("u1") is None  # payload erased once accepted
    assert box.state().depth == 0
    assert box.purge(30) == 0
    clock.now += 31 * 86400
    assert box.purge(30) == 1
    assert box.entry("u1") is None


def test_rejected_items_stay_until_requeued(tmp_path: Path) -> None:
    box = make(tmp_path)
    entry, _ = box.put("rating", "rating:u1", b"{}")
    box.mark_rejected(entry.id, "[backend.rejected] 409")
    assert box.counts() == {REJECTED: 1}
    assert box.state().depth == 1
    assert box.due() == []
    assert box.requeue_rejected() == 1
    assert [i.item_key for i in box.due()] == ["rating:u1"]


@pytest.mark.expect_log("ERROR", "kiosk.backend.outbox", r"outbox refuses new items")
def test_a_nearly_full_disk_refuses_new_items_and_keeps_the_queued_ones(tmp_path: Path) -> None:
    """The free-space check as a collaborator (the real full disk: tests/integration/hazards)."""
    free = {"bytes": 10**9}
    key = load_or_create_key(tmp_path / "outbox.key")
    box = Outbox(
        tmp_path / "outbox.sqlite3",
        PayloadCipher(key),
        clock=FakeClock(),
        reserve_bytes=1000,
        free_space=lambda _path: free["bytes"],
    )
    box.put("dossier", "u1", b"one")
    free["bytes"] = 999
    with pytest.raises(OutboxFullError):
        box.put("dossier", "u2", b"two")
    assert box.state().refusing.startswith("disk nearly full")
    assert [d.body for d in box.due()] == [b"one"]
    # another process (kiosk doctor) opening the same outbox sees it too
    doctor = Outbox(
        tmp_path / "outbox.sqlite3",
        PayloadCipher(key),
        reserve_bytes=1000,
        free_space=lambda _path: free["bytes"],
    )
    assert doctor.state().refusing.startswith("disk nearly full")
    doctor.close()
    free["bytes"] = 10**9
    box.put("dossier", "u2", b"two")
    assert box.state().refusing == ""
    box.close()


def test_another_process_reads_the_state_without_the_key(tmp_path: Path) -> None:
    """``kiosk doctor`` beside the running kiosk: read only, nothing decrypted or created."""
    missing = tmp_path / "none" / "outbox.sqlite3"
    empty = read_outbox_state(missing)
    assert (empty.depth, empty.oldest_queued_at, empty.refusing) == (0, None, "")
    assert not missing.parent.exists()

    clock = FakeClock()
    box = make(tmp_path, clock)
    box.put("dossier", "u1", "Nguyễn Văn An".encode())
    box.put("dossier", "u2", b"{}")
    open_state = read_outbox_state(tmp_path / "outbox.sqlite3")  # the kiosk holds it open
    assert open_state == box.state()
    assert open_state.depth == 2
    box.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    closed = read_outbox_state(tmp_path / "outbox.sqlite3")
    assert closed.depth == 2
    assert closed.oldest_queued_at == open_state.oldest_queued_at
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # nothing written beside it
    full = read_outbox_state(tmp_path / "outbox.sqlite3", free_space=lambda _p: 0)
    assert full.refusing.startswith("disk nearly full")


def test_an_unreadable_outbox_file_is_named_not_quoted(tmp_path: Path) -> None:
    bad = tmp_path / "outbox.sqlite3"
    bad.write_bytes(b"Nguyen Van An 001099000001 " * 200)
    with pytest.raises(OutboxError, match="cannot read the outbox") as caught:
        read_outbox_state(bad)
    assert "Nguyen" not in str(caught.value)
