"""Load benchmark of the reference city backend and of the outbox drain. Prints figures.

    .venv/bin/python bench/backend_load.py --kiosks 50 --dossiers 20 [--postgres] [--workers 2]

N simulated kiosks (threads, one HTTP session each) submit M dossiers each to
``citybackend serve`` on loopback; then the outbox of one kiosk, filled during an outage,
is drained and timed. Lost / duplicated dossiers are counted from the database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citybackend import schema
from citybackend.database import create_db_engine
from citybackend.stores.store import Store
from kiosk.backend.client import CityConnection
from kiosk.backend.gateway import build_gateway
from kiosk.backend.wire import dossier_to_json
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier
from loopback.citybackend import CityBackend, free_port
from loopback.postgres import throwaway_cluster


def make_dossier(kiosk_id: str) -> Dossier:
    """One residence declaration as a kiosk files it (the same every time, a new uuid)."""
    return Dossier(
        procedure_code="1.004194",
        applicant=CitizenIdentity(
            "001099000001", "Nguyễn Văn An", date(1990, 5, 17), extra={7: b"\x01\x02"}
        ),
        answers={
            "address": "Số 1 phố Huế",
            "people": 2,
            "moved_on": date(2026, 1, 5),
            "post": False,
        },
        kiosk_id=kiosk_id,
        ward_code="00004",
        filed_at=datetime(2026, 9, 30, 9, 41),
        fee_vnd=15000,
    )


def _post_request(
    authority: str,
    path: str,
    token: str,
    body: bytes | dict[str, str],
    headers: dict[str, str] | None = None,
) -> bytes:
    """The bytes of an authenticated ``POST /api/v1/<path>`` with a JSON body."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    lines = [
        f"POST /api/v1/{path} HTTP/1.1",
        f"Host: {authority}",
        f"Authorization: Bearer {token}",
        "Content-Type: application/json",
        f"Content-Length: {len(data)}",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


async def _kiosk_session(
    host: str,
    port: int,
    token: str,
    bodies: list[tuple[str, bytes]],
    *,
    kiosk_id: str,
    ready: asyncio.Semaphore,
    start: asyncio.Event,
    latencies: list[float],
    accepted: list[str],
) -> int:
    """One simulated kiosk: one keep-alive connection, its dossiers one after the other.
    Returns the number of failed submissions."""
    failures = 0
    reader, writer = await asyncio.open_connection(host, port)
    # warm-up, before the clock: one heartbeat, as a kiosk sends every minute (it opens the
    # server's connections and caches the token, as on a server that has been running)
    beat = _post_request(f"{host}:{port}", "heartbeat", token, {"kiosk_id": kiosk_id})
    if await asyncio.wait_for(_exchange(reader, writer, beat), 30) != 200:
        raise RuntimeError("heartbeat refused: the benchmark cannot run")
    ready.release()
    await start.wait()
    for key, body in bodies:
        request = _post_request(f"{host}:{port}", "dossiers", token, body, {"Idempotency-Key": key})
        t0 = time.perf_counter()
        try:
            status = await asyncio.wait_for(_exchange(reader, writer, request), 30)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            status = 0
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
        latencies.append(time.perf_counter() - t0)
        if status == 201:
            accepted.append(key)
        else:
            failures += 1
    writer.close()
    return failures


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, req: bytes) -> int:
    """Send one request, read the whole answer; the status code."""
    writer.write(req)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


def _server_cpu_s(backend: CityBackend) -> float:
    """CPU seconds used so far by the backend process and its worker processes (Linux)."""
    server = backend.pid
    if server is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if server in {pid, ppid}:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load(backend: CityBackend, kiosks: int, per_kiosk: int) -> dict[str, float]:
    """``kiosks`` concurrent kiosks x ``per_kiosk`` dossiers each. The load generator is a
    small asyncio HTTP/1.1 client (one keep-alive connection per kiosk) so that, on the
    same 2 cores, it leaves the CPU to the server; its own CPU time is reported."""
    engine = create_db_engine(backend.database_url)
    store = Store(engine)  # enrolling through the store: 50 CLI runs would take a minute
    tokens = [store.enrol_kiosk(f"BENCH-{i:03d}", rotate=True) for i in range(kiosks)]
    engine.dispose()
    bodies = []
    for i in range(kiosks):
        kiosk_bodies = []
        for _ in range(per_kiosk):
            d = make_dossier(f"BENCH-{i:03d}")
            kiosk_bodies.append((d.dossier_uuid, json.dumps(dossier_to_json(d)).encode()))
        bodies.append(kiosk_bodies)
    latencies: list[float] = []
    accepted: list[str] = []
    host, port = "127.0.0.1", backend.port

    async def run() -> tuple[float, float, int]:
        start = asyncio.Event()
        ready = asyncio.Semaphore(0)
        tasks = [
            asyncio.create_task(
                _kiosk_session(
                    host,
                    port,
                    tokens[i],
                    bodies[i],
                    kiosk_id=f"BENCH-{i:03d}",
                    ready=ready,
                    start=start,
                    latencies=latencies,
                    accepted=accepted,
                )
            )
            for i in range(kiosks)
        ]
        for _ in range(kiosks):  # every kiosk connected and warmed up before the clock
            await asyncio.wait_for(ready.acquire(), 60)
        cpu0, t0 = time.process_time(), time.perf_counter()
        start.set()
        failures = sum(await asyncio.gather(*tasks))
        return time.perf_counter() - t0, time.process_time() - cpu0, failures

    server_cpu0 = _server_cpu_s(backend)
    elapsed, client_cpu, failures = asyncio.run(run())
    server_cpu = _server_cpu_s(backend) - server_cpu0
    engine = create_db_engine(backend.database_url)
    with engine.connect() as conn:
        stored = (
            conn.execute(
                select(schema.dossiers.c.dossier_uuid).where(
                    schema.dossiers.c.kiosk_id.like("BENCH-%")
                )
            )
            .scalars()
            .all()
        )
        codes = conn.execute(select(func.count(func.distinct(schema.dossiers.c.code)))).scalar()
    engine.dispose()
    total = kiosks * per_kiosk
    sent = {b[0] for k in bodies for b in k}
    latencies.sort()
    return {
        "dossiers": total,
        "throughput_per_s": total / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "errors": failures,
        "lost": len(sent - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "codes_distinct": int(codes or 0) == len(stored),
        "generator_cpu_s": client_cpu,
        "server_cpu_ms_per_dossier": server_cpu * 1000 / total,
        "elapsed_s": elapsed,
    }


def drain(backend: CityBackend, data_dir: Path, count: int, senders: int) -> dict[str, float]:
    token = backend.enrol("BENCH-DRAIN")
    gateway, worker = build_gateway(
        CityConnection(backend.url, token, connect_timeout_s=1, read_timeout_s=10),
        data_dir=data_dir,
        tracking_base_url=f"{backend.url}/tra-cuu/",
        kiosk_id="BENCH-DRAIN",
        submit_wait_s=0.05,  # the outage fill: give up on the city at once
        senders=senders,
        heartbeat_interval_s=0,
    )
    backend.stop()
    for _ in range(count):  # the outage: every submit ends provisional
        assert not gateway.submit(make_dossier("BENCH-DRAIN")).official
    assert gateway.outbox_state().depth == count
    backend.start()
    t0 = time.perf_counter()
    while gateway.outbox_state().depth:
        sent, _ = worker.drain_once()
        if not sent:
            time.sleep(0.01)
    elapsed = time.perf_counter() - t0
    worker.stop()
    return {"drained": count, "drain_per_s": count / elapsed, "senders": senders}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kiosks", type=int, default=50)
    p.add_argument("--dossiers", type=int, default=20, help="per kiosk")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--threads", type=int, default=8, help="database threads per worker")
    p.add_argument("--postgres", action="store_true")
    p.add_argument("--drain", type=int, default=500)
    p.add_argument("--senders", type=int, default=4)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-city-") as tmp:
        root = Path(tmp)
        os.chmod(root, 0o755)
        with contextlib.ExitStack() as stack:
            if args.postgres:
                server = stack.enter_context(throwaway_cluster(durable=True))
                url = server.url("postgres")
            else:
                url = f"sqlite:///{root / 'city.sqlite3'}"
            backend = CityBackend(
                url,
                free_port(),
                root / "city.log",
                args.workers,
                extra_args=("--threads", str(args.threads)),
            )
            stack.callback(backend.stop)
            backend.start()
            figures = load(backend, args.kiosks, args.dossiers)
            figures.update(drain(backend, root / "kiosk", args.drain, args.senders))
    db = "postgresql" if args.postgres else "sqlite"
    print(
        f"database={db} workers={args.workers} threads={args.threads} kiosks={args.kiosks} "
        f"per_kiosk={args.dossiers} cpus={os.cpu_count()}"
    )
    for k, v in figures.items():
        print(f"  {k:18} {v:.1f}" if isinstance(v, float) else f"  {k:18} {v}")


if __name__ == "__main__":
    main()
