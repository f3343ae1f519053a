"""The cost of a visit: screens and touches per procedure, in a real window.

Runs ``kiosk --demo --walkthrough journey:CODE`` on a virtual screen (xvfb-run, no window
manager) for each scripted procedure and prints what the resident did: screens from home to the
end screen, touches (taps and drags), keys typed for facts no card holds (the child's name, birth
date and place), for the rest (the phone, ...) and for anything the card holds (none, ever).

    .venv/bin/python bench/journey.py [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROCEDURES = ("1.001193", "1.004194", "2.000815")
REPO = Path(__file__).resolve().parents[1]


def run(code: str, size: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {size}x24 -nolisten tcp"]
        cmd += [sys.executable, "-m", "ui.startup.cli", "--demo", "--data-dir", f"{tmp}/data"]
        cmd += ["--walkthrough", f"journey:{code}", "--report", str(report)]
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", KIOSK_DEMO_CARD="in-process")
        subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, timeout=600, check=False)
        if not report.exists():
            return {"procedure": code, "error": "no report"}
        data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
        return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    print(f"journeys at {args.size} (screens home..end; touches; keys)")
    head = f"{'procedure':<10} {'screens':>7} {'touches':>7}"
    print(f"{head} {'keys: no-card facts':>20} {'other keys':>10} {'card-fact keys':>14}")
    failed = 0
    for code in PROCEDURES:
        data = run(code, args.size)
        counts = data.get("counts")
        if data.get("error") or not isinstance(counts, dict):
            print(f"{code:<10} failed: {data.get('error')}")
            failed += 1
            continue
        print(
            f"{code:<10} {counts['screens']:>7} {counts['touches']:>7} "
            f"{counts['keys_no_card_facts']:>20} {counts['keys_other']:>10} "
            f"{counts['keys_card_facts']:>14}"
        )
        print(f"{'':<10} screens: {' > '.join(counts['screen_names'])}")
        print(f"{'':<10} keys by fact: {counts['keys']}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
