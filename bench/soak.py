"""Soak: 1,000 visits in one kiosk process; prints the RSS, open-file and thread curves.

Runs the soak tier (tests/soak/test_soak.py: the backend process, the card through pcscd, the
print process) with ``KIOSK_SOAK_VISITS`` visits and prints one line every ``--every`` visits.
Its assertions (every visit completes; RSS after visit 50 grows at most 5 MB; files, threads
and Qt objects flat) apply to the long run too. ``--tracemalloc`` adds the Python allocations
that grew most after visit 50 (slow: about six times longer).

    .venv/bin/python bench/soak.py [--visits 1000] [--every 50] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "soak.json"
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            KIOSK_SOAK_VISITS=str(args.visits),
            KIOSK_SOAK_REPORT=str(report),
            KIOSK_SOAK_TRACEMALLOC="1" if args.tracemalloc else "0",
        )
        started = time.monotonic()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/soak",
                "-o",
                "timeout=0",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.monotonic() - started
        if not report.exists():
            print(run.stdout[-4000:], run.stderr[-4000:], sep="\n")
            return 1
        figures = json.loads(report.read_text(encoding="utf-8"))
    samples = figures["samples"]
    print(
        f"soak: {len(samples)} of {args.visits} visits in {elapsed:.0f} s "
        f"({elapsed / max(1, len(samples)):.2f} s per visit); pytest exit {run.returncode}"
    )
    print(
        f"{'visit':>6} {'RSS MB':>8} {'heap MB':>8} {'files':>6} {'threads':>8} "
        f"{'Qt objects':>11}  kind"
    )
    for s in samples:
        if s["visit"] == 1 or s["visit"] % args.every == 0 or s is samples[-1]:
            print(
                f"{s['visit']:>6} {s['rss_kb'] / 1024:8.1f} {s['heap_kb'] / 1024:8.1f} "
                f"{s['fds']:>6} {s['threads']:>8} "
                f"{s['qobjects']:>11}  {s['kind']}"
            )
    if len(samples) >= 50:
        warm = samples[49]
        last = samples[-1]
        per_visit = (last["rss_kb"] - warm["rss_kb"]) / max(1, last["visit"] - warm["visit"])
        print(
            f"RSS from visit 50 to {last['visit']}: {(last['rss_kb'] - warm['rss_kb']) / 1024:+.1f}"
            f" MB ({per_visit:+.1f} kB per visit); in use by malloc "
            f"{(last['heap_kb'] - warm['heap_kb']) / 1024:+.1f} MB"
        )
    for grown in figures.get("grown", []):
        print(grown)
    if run.returncode != 0:
        print(run.stdout[-3000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
