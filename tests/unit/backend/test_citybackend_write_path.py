"""The backend's write path under concurrency: token cache, SQLite writer lock, read-only
transactions, batched submissions (group commit) and the 503 for a busy database."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from citybackend.app import create_app
from citybackend.database import create_db_engine
from citybackend.migrations import upgrade
from citybackend.sqlite_writer import SqliteWriterLock, WriterBusyError
from citybackend.stores.errors import IdempotencyConflictError, StoreBusyError
from citybackend.stores.kiosks import KioskIdentity
from citybackend.stores.store import Store
from citybackend.submission_writer import SubmissionWriter
from citybackend.token_cache import TokenCache
from tests.fakes import FakeClock
from tests.unit.backend.test_citybackend_store import submission

K1 = KioskIdentity("K1", "000.00.01.H26")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    s = Store(engine, processing_days={"1.004194": 3})
    s.enrol_kiosk("K1")
    return s


# ------------------------------------------------------------------ token cache
def test_token_cache_expires_evicts_and_forgets() -> None:
    clock = FakeClock()
    cache = TokenCache(ttl_s=5, max_entries=2, clock=clock)
    a, b = KioskIdentity("A", "x"), KioskIdentity("B", "x")
    cache.put("ha", a)
    assert cache.get("ha") == a
    clock.now += 5
    assert cache.get("ha") is None  # expired
    cache.put("ha", a)
    cache.put("hb", b)
    cache.put("hb2", b)
    assert cache.get("ha") is None  # the oldest made room
    assert len(cache) == 2
    cache.forget_kiosk("B")
    assert cache.get("hb") is None
    assert cache.get("hb2") is None
    off = TokenCache(ttl_s=0)
    off.put("ha", a)
    assert off.get("ha") is None


def test_rotating_a_token_in_this_process_stops_the_old_one_at_once(store: Store) -> None:
    old = store.enrol_kiosk("K2")
    assert store.authenticate(old) == KioskIdentity("K2", "000.00.01.H26")
    assert store.cached_kiosk(old) is not None
    new = store.enrol_kiosk("K2", rotate=True)
    assert store.cached_kiosk(old) is None
    assert store.authenticate(old) is None
    assert store.authenticate(new) is not None


def test_unknown_tokens_are_not_cached(store: Store) -> None:
    assert store.authenticate("no-such-token") is None
    assert len(store.token_cache) == 0


# ------------------------------------------------------------- sqlite writer lock
_HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.readline()
"""


def test_writer_lock_waits_for_another_process_within_its_bound(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, f"{db}.writelock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdin is not None
            assert holder.stdout.readline().strip() == "held"
            lock = SqliteWriterLock(str(db), timeout_s=0.3)
            with pytest.raises(WriterBusyError), lock.held():
                pass
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(10)
            with lock.held():  # the other process let go: ours now
                pass
        finally:
            holder.kill()


def test_writer_lock_is_exclusive_between_threads(tmp_path: Path) -> None:
    lock = SqliteWriterLock(str(tmp_path / "c.sqlite3"), timeout_s=0.2)
    inside, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with lock.held():
            inside.set()
            leave.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    assert inside.wait(10)
    with pytest.raises(WriterBusyError), lock.held():
        pass
    leave.set()
    t.join(10)
    with lock.held():
        pass


def test_store_turns_a_busy_writer_lock_into_store_busy(store: Store) -> None:
    writer = store._writer
    assert writer is not None
    writer.timeout_s = 0.2
    with writer.held():
        result: list[BaseException] = []

        def other() -> None:
            try:
                store.submit(K1, submission())
            except BaseException as exc:
                result.append(exc)

        t = threading.Thread(target=other)
        t.start()
        t.join(10)
    assert len(result) == 1
    assert isinstance(result[0], StoreBusyError)


def test_reads_do_not_wait_for_an_open_write_transaction(store: Store) -> None:
    """Look-ups open a plain BEGIN: while a writer holds SQLite's write lock they still
    run (if they took BEGIN IMMEDIATE this would wait for the writer and time out)."""
    stored, _ = store.submit(K1, submission())
    token = store.enrol_kiosk("K3")
    opened, finish = threading.Event(), threading.Event()

    def writer() -> None:
        with store._write():
            opened.set()
            finish.wait(30)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert opened.wait(10)
        assert store.tracking(code=stored.code).code == stored.code
        assert store.authenticate(token) is not None
    finally:
        finish.set()
        t.join(10)


# ------------------------------------------------------------------ group commit
def test_one_batch_stores_each_item_on_its_own(store: Store) -> None:
    first = submission()
    same_key_other_body = submission(dossier_uuid=first.dossier_uuid, fee_vnd=999)
    token_taken = submission(tracking_token=first.tracking_token)
    fine = submission()
    outcomes = store.submit_many(
        [(K1, first), (K1, same_key_other_body), (K1, first), (K1, token_taken), (K1, fine)]
    )
    assert isinstance(outcomes[0], tuple)
    assert outcomes[0][1] is True
    assert isinstance(outcomes[1], IdempotencyConflictError)
    assert isinstance(outcomes[2], tuple)
    assert outcomes[2] == (outcomes[0][0], False)  # the replay inside the same batch
    assert isinstance(outcomes[3], IdempotencyConflictError)  # savepoint undone, not the rest
    assert isinstance(outcomes[4], tuple)
    assert outcomes[4][1] is True
    assert sorted(store.dossier_uuids()) == sorted([first.dossier_uuid, fine.dossier_uuid])
    assert outcomes[0][0].code != outcomes[4][0].code


def test_writer_stores_queued_submissions_in_few_transactions(store: Store) -> None:
    writer = SubmissionWriter(store)
    bodies = [submission() for _ in range(20)]
    lock = store._writer
    assert lock is not None

    async def run() -> list[tuple[object, bool]]:
        lock._threads.acquire()
        tasks = [asyncio.create_task(writer.submit(K1, b)) for b in bodies]
        for _ in range(5):
            await asyncio.sleep(0)
        lock._threads.release()
        return [tuple(r) for r in await asyncio.gather(*tasks)]  # type: ignore[misc]

    try:
        results = asyncio.run(run())
    finally:
        writer.stop()
    assert all(created for _, created in results)
    assert writer.items == 20
    assert writer.batches <= 2  # one that was waiting for the lock, then all the others
    assert sorted(store.dossier_uuids()) == sorted(b.dossier_uuid for b in bodies)


def test_writer_answers_busy_in_time_and_a_retry_finds_the_dossier(store: Store) -> None:
    writer = SubmissionWriter(store, timeout_s=0.2)
    body = submission()
    lock = store._writer
    assert lock is not None

    async def first_try() -> None:
        await writer.submit(K1, body)

    lock._threads.acquire()
    try:
        with pytest.raises(StoreBusyError):
            asyncio.run(first_try())
    finally:
        lock._threads.release()
    try:
        result, created = asyncio.run(writer.submit(K1, body))
    finally:
        writer.stop()
    assert result.dossier_uuid == body.dossier_uuid
    assert store.dossier_uuids() == [body.dossier_uuid]  # stored once, whichever try did it
    assert created is False  # the first try, still queued, was written first


class BrokenStore(Store):
    def submit_many(self, items):  # type: ignore[no-untyped-def]
        raise StoreBusyError("the database stayed busy; try again")


def test_busy_database_is_a_503_with_retry_after(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    store = BrokenStore(engine)
    token = store.enrol_kiosk("K1")
    body = submission()

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(store))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post(
                "/api/v1/dossiers",
                content=body.model_dump_json(),
                headers={
                    "Authorization": f"Bearer {token}",
                    "Idempotency-Key": body.dossier_uuid,
                    "Content-Type": "application/json",
                },
            )

    r = asyncio.run(post())
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "1"
    assert r.json()["detail"]["code"] == "unavailable"


def test_a_batch_takes_consecutive_codes_per_agency_and_day(store: Store) -> None:
    other = KioskIdentity("K9", "000.00.02.H26")
    store.enrol_kiosk("K9", agency_code=other.agency_code)
    replayed = submission()
    store.submit(K1, replayed)  # -0001 of agency 1
    batch = [
        (K1, submission()),
        (other, submission(kiosk_id="K9")),
        (K1, replayed),
        (K1, submission()),
        (other, submission(kiosk_id="K9")),
    ]
    outcomes = store.submit_many(batch)
    codes = [o[0].code if isinstance(o, tuple) else "" for o in outcomes]
    assert [c.rsplit("-", 1)[1] for c in codes] == ["0002", "0001", "0001", "0003", "0002"]
    assert codes[0].startswith("000.00.01.H26-")
    assert codes[1].startswith("000.00.02.H26-")
    assert [o[1] for o in outcomes if isinstance(o, tuple)] == [True, True, False, True, True]
