"""Figures of #12: the city backend and the kiosk's client against hostile input, slow peers
and other kiosks, on SQLite and PostgreSQL (``citybackend serve`` processes on loopback).

- batch isolation: kiosk B files valid dossiers while kiosk A sends values no database holds
  (year 1, NUL, unpaired surrogates, NaN, 1e400, blank names); how B's were answered
  (before #12: 1,187 of 2,000 answered 500);
- the log search: after that traffic (and ``--log-level info``), how often each personal value
  or token submitted appears in the backend's log and the PostgreSQL server's;
- dripping server: how long ``gateway.submit()`` and one sync pass take against a city
  answering one byte every 0.8 s, with the kiosk's default timeouts (connect 3 s, read
  10 s, submit_wait_s 5 s; before #12: 47 s each);
- rotating X-Forwarded-For against the open routes' rate limit (burst 20, 0.5/s per
  address; before #12: 1,000 of 1,000 answered at 349/s), without and with ``--trusted-proxy``;
- walking the sequential codes with one kiosk's token (before #12: 200 of 200 in 0.8 s);
- the schemathesis tier (operations, cases, server errors), run through pytest.

    .venv/bin/python bench/backend_hostile.py [--valid 2000] [--no-postgres] [--no-schemathesis]
                                              [--only drip isolation xff walk schemathesis]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.backend.client import CityConnection  # noqa: E402
from kiosk.backend.gateway import build_gateway  # noqa: E402
from loopback.citybackend import CityBackend, free_port  # noqa: E402
from loopback.drip_server import ANSWER, drip_server  # noqa: E402
from loopback.postgres import PostgresServer, fresh_database, throwaway_cluster  # noqa: E402
from loopback.sample_dossiers import (  # noqa: E402
    ADDRESS,
    ID_NUMBER,
    NAME,
    PHONE,
    UNSTORABLE,
    dossier_doc,
    hostile_body,
    make_dossier,
)

TIMEOUT = 30
KIOSK_A = "KIOSK-A-HOSTILE"
WIDE = ("--lookup-burst", "1000000", "--kiosk-lookup-burst", "1000000")


@contextlib.contextmanager
def backend(url: str, folder: Path, *args: str) -> Iterator[CityBackend]:
    city = CityBackend(url, free_port(), folder / f"citybackend-{time.monotonic_ns()}.log", 1, args)
    city.start()
    try:
        city.token = city.enrol()
        yield city
    finally:
        city.stop()


def _submit(session: requests.Session, city: CityBackend, text: str, key: str, token: str) -> int:
    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": key,
        "Content-Type": "application/json",
    }
    return session.post(
        f"{city.url}/api/v1/dossiers", data=text.encode(), headers=headers, timeout=TIMEOUT
    ).status_code


def batch_isolation(
    name: str, url: str, folder: Path, valid: int, pg: PostgresServer | None
) -> None:
    with backend(url, folder, "--log-level", "info", *WIDE) as city:
        token_a = city.enrol(KIOSK_A)
        docs = [dossier_doc(city.kiosk_id) for _ in range(valid)]
        texts = [hostile_body(KIOSK_A, w, v) for w, v in UNSTORABLE]
        # Python's reader takes NaN, Infinity and 1e400 (as inf): only the key is read here
        bad = [(t, str(json.loads(t)["dossier_uuid"])) for t in texts]
        done = threading.Event()
        a_statuses: Counter[int] = Counter()
        local = threading.local()

        def session() -> requests.Session:
            if not hasattr(local, "s"):
                local.s = requests.Session()
            s: requests.Session = local.s
            return s

        def kiosk_a() -> None:
            s = requests.Session()
            n = 0
            while not done.is_set():
                text, key = bad[n % len(bad)]
                a_statuses[_submit(s, city, text, key, token_a)] += 1
                n += 1

        def kiosk_b(doc: dict[str, object]) -> int:
            return _submit(session(), city, json.dumps(doc), str(doc["dossier_uuid"]), city.token)

        hostile = [threading.Thread(target=kiosk_a) for _ in range(4)]
        for t in hostile:
            t.start()
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            b_statuses = Counter(pool.map(kiosk_b, docs))
        elapsed = time.monotonic() - started
        done.set()
        for t in hostile:
            t.join()
        b_5xx = sum(n for s, n in b_statuses.items() if s >= 500)
        a_5xx = sum(n for s, n in a_statuses.items() if s >= 500)
        print(
            f"batch isolation {name}: kiosk B {valid} valid in {elapsed:.1f} s -> "
            f"{dict(sorted(b_statuses.items()))} ({b_5xx} answered 5xx); "
            f"kiosk A {sum(a_statuses.values())} unstorable meanwhile -> "
            f"{dict(sorted(a_statuses.items()))} ({a_5xx} answered 5xx)"
        )
        log_search(name, city, [city.token, token_a, *[str(d["tracking_token"]) for d in docs]], pg)


def log_search(name: str, city: CityBackend, tokens: list[str], pg: PostgresServer | None) -> None:
    city.stop()  # flush and close the log
    logs = {"backend": city.log_path.read_text(encoding="utf-8", errors="replace")}
    if pg is not None and pg.log_path is not None:
        logs["postgresql"] = pg.log_path.read_text(encoding="utf-8", errors="replace")
    values = {"name": NAME, "id number": ID_NUMBER, "phone": PHONE, "address": ADDRESS}
    for label, text in logs.items():
        found = {
            what: sum(
                text.count(form)
                for form in {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)}
            )
            for what, value in values.items()
        }
        found["tokens"] = sum(text.count(t) for t in tokens)
        found["SQL parameters"] = text.count("[parameters:")
        found["tracebacks"] = text.count("Traceback")
        lines = text.count("\n")
        print(f"log search {name} ({label} log, {lines} lines): {found}")


def dripping_city() -> None:
    interval = 0.8
    with drip_server(interval) as server, tempfile.TemporaryDirectory() as d:
        gateway, worker = build_gateway(
            CityConnection(server.url, "t" * 32, connect_timeout_s=3.0, read_timeout_s=10.0),
            data_dir=Path(d),
            tracking_base_url="http://127.0.0.1/tra-cuu/",
            kiosk_id="KIOSK-BENCH",
            submit_wait_s=5.0,
            heartbeat_interval_s=0,
        )
        started = time.monotonic()
        outcome = gateway.submit(make_dossier("KIOSK-BENCH"))
        submit_s = time.monotonic() - started
        for _ in range(3):
            gateway.outbox.put("dossier", make_dossier("KIOSK-BENCH").dossier_uuid, b"{}")
        started = time.monotonic()
        sent, _more = worker.drain_once()
        pass_s = time.monotonic() - started
        gateway.outbox.close()
    whole = len(ANSWER) * interval
    print(
        f"dripping city (1 byte / {interval} s, whole answer {whole:.0f} s; connect 3 s, "
        f"read 10 s, submit_wait_s 5 s): submit() {submit_s:.2f} s -> "
        f"{'official' if outcome.official else 'provisional'} code; sync pass {pass_s:.2f} s, "
        f"{sent} sent (limits: 6 s and 13 s)"
    )


def rotating_forwarded_for(name: str, url: str, folder: Path) -> None:
    """Each route against a server of its own: the routes share the per-address bucket."""
    for trusted in ((), ("--trusted-proxy", "127.0.0.1")):
        for route in ("page", "enrol"):
            with backend(url, folder, *trusted) as city:
                s = requests.Session()
                statuses: Counter[int] = Counter()
                started = time.monotonic()
                for n in range(1000):
                    xff = {"X-Forwarded-For": f"198.51.{n // 250}.{n % 250 + 1}"}
                    if route == "page":
                        r = s.get(f"{city.url}/tra-cuu/{'A' * 22}", headers=xff, timeout=TIMEOUT)
                    else:
                        r = s.post(
                            f"{city.url}/api/v1/enrol",
                            data=b'{"code": "AAAAAAAAAAAA"}',
                            headers={**xff, "Content-Type": "application/json"},
                            timeout=TIMEOUT,
                        )
                    statuses[r.status_code] += 1
                rate = 1000 / (time.monotonic() - started)
                answered = 1000 - statuses[429]
                how = "--trusted-proxy 127.0.0.1" if trusted else "no trusted proxy (default)"
                print(
                    f"rotating X-Forwarded-For {name}, {route}, {how}: {answered} of 1000 "
                    f"answered, {statuses[429]} got 429, at {rate:.0f}/s"
                )


def walking_codes(name: str, url: str, folder: Path) -> None:
    with backend(url, folder) as city:
        doc = dossier_doc(city.kiosk_id)
        s = requests.Session()
        _submit(s, city, json.dumps(doc), str(doc["dossier_uuid"]), city.token)
        filed = s.get(
            f"{city.url}/api/v1/dossiers/{doc['dossier_uuid']}",
            headers={"Authorization": f"Bearer {city.token}"},
            timeout=TIMEOUT,
        ).json()
        prefix = filed["code"].rsplit("-", 1)[0]
        statuses: Counter[int] = Counter()
        started = time.monotonic()
        for n in range(1, 201):
            statuses[
                s.get(
                    f"{city.url}/api/v1/tracking",
                    params={"code": f"{prefix}-{n:04d}"},
                    headers={"Authorization": f"Bearer {city.token}"},
                    timeout=TIMEOUT,
                ).status_code
            ] += 1
        elapsed = time.monotonic() - started
        print(
            f"walking codes {name}: 200 sequential codes in {elapsed:.1f} s -> "
            f"{200 - statuses[429]} answered ({statuses[200]} found), {statuses[429]} got 429"
        )


def schemathesis_tier() -> None:
    test = "tests/integration/backend/test_backend_schemathesis.py"
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    for line in run.stdout.splitlines():
        if line.startswith("schemathesis ") or "passed" in line or "failed" in line:
            print(line.strip())
    print(f"schemathesis tier: pytest exit {run.returncode} in {elapsed:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--valid", type=int, default=2000, help="kiosk B's valid dossiers")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-schemathesis", action="store_true")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=["drip", "isolation", "xff", "walk", "schemathesis"],
        help="run only these parts",
    )
    args = parser.parse_args()
    parts = set(args.only or ["drip", "isolation", "xff", "walk", "schemathesis"])
    if args.no_schemathesis:
        parts.discard("schemathesis")
    if "drip" in parts:
        dripping_city()
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        databases: list[tuple[str, PostgresServer | None]] = [("sqlite", None)]
        if not args.no_postgres and parts & {"isolation", "xff", "walk"}:
            databases.append(("postgres", stack.enter_context(throwaway_cluster())))
        for name, pg in databases:

            def url(part: str, pg: PostgresServer | None = pg) -> str:
                return fresh_database(pg) if pg else f"sqlite:///{folder / f'{part}.sqlite3'}"

            if "isolation" in parts:
                batch_isolation(name, url("iso"), folder, args.valid, pg)
            if "xff" in parts:
                rotating_forwarded_for(name, url("xff"), folder)
            if "walk" in parts:
                walking_codes(name, url("walk"), folder)
    if "schemathesis" in parts:
        schemathesis_tier()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
