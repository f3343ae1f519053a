"""Load benchmark of the reference city backend and of the outbox drain. Prints figures.

    .venv/bin/python bench/backend_load.py --kiosks 50 --dossiers 20 [--postgres] [--workers 2]

N simulated kiosks (threads, one HTTP session each) submit M dossiers each to
``citybackend serve`` on loopback; then the outbox of one kiosk, filled during an outage,
is drained and timed. Lost / duplicated dossiers are counted from the database.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citybackend import schema
from citybackend.database import create_db_engine
from kiosk.backend.gateway import build_gateway
from kiosk.backend.wire import dossier_to_json
from tests.fixtures.citybackend import CityBackend, free_port
from tests.fixtures.postgres import throwaway_cluster
from tests.integration.backend.test_backend_api import make_dossier


def load(backend: CityBackend, kiosks: int, per_kiosk: int) -> dict[str, float]:
    tokens = [backend.enrol(f"BENCH-{i:03d}") for i in range(kiosks)]
    latencies: list[float] = []
    errors = [0]
    uuids: list[str] = []
    lock = threading.Lock()
    bodies = []
    for i in range(kiosks):
        kiosk_bodies = []
        for _ in range(per_kiosk):
            d = make_dossier(f"BENCH-{i:03d}")
            kiosk_bodies.append((d.dossier_uuid, json.dumps(dossier_to_json(d)).encode()))
        bodies.append(kiosk_bodies)
    barrier = threading.Barrier(kiosks + 1)

    def kiosk(i: int) -> None:
        s = requests.Session()
        s.trust_env = False
        headers = {"Authorization": f"Bearer {tokens[i]}", "Content-Type": "application/json"}
        mine: list[float] = []
        barrier.wait()
        for key, body in bodies[i]:
            t0 = time.perf_counter()
            try:
                r = s.post(
                    f"{backend.url}/api/v1/dossiers",
                    data=body,
                    timeout=30,
                    headers={**headers, "Idempotency-Key": key},
                )
                ok = r.status_code == 201
            except requests.RequestException:
                ok = False
            mine.append(time.perf_counter() - t0)
            with lock:
                if ok:
                    uuids.append(key)
                else:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)
        s.close()

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(kiosks)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
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
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": errors[0],
        "lost": len(sent - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "codes_distinct": int(codes or 0) == len(stored),
    }


def drain(backend: CityBackend, data_dir: Path, count: int, senders: int) -> dict[str, float]:
    token = backend.enrol("BENCH-DRAIN")
    gateway, worker = build_gateway(
        base_url=backend.url,
        token=token,
        data_dir=data_dir,
        tracking_base_url=f"{backend.url}/tra-cuu/",
        kiosk_id="BENCH-DRAIN",
        connect_timeout_s=1,
        read_timeout_s=10,
        submit_wait_s=0.5,
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
    p.add_argument("--workers", type=int, default=2)
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
            backend = CityBackend(url, free_port(), root / "city.log", args.workers)
            stack.callback(backend.stop)
            backend.start()
            figures = load(backend, args.kiosks, args.dossiers)
            figures.update(drain(backend, root / "kiosk", args.drain, args.senders))
    db = "postgresql" if args.postgres else "sqlite"
    print(
        f"database={db} workers={args.workers} kiosks={args.kiosks} "
        f"per_kiosk={args.dossiers} cpus={os.cpu_count()}"
    )
    for k, v in figures.items():
        print(f"  {k:18} {v:.1f}" if isinstance(v, float) else f"  {k:18} {v}")


if __name__ == "__main__":
    main()
