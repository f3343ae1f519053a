"""Dossier preparation benchmark: what the GUI thread pays at identification (default answers,
reading the card's residence) and at submit (prepare_dossier), first call and warm.

Run: ``.venv/bin/python bench/preparation.py [--runs 200]``. Each "first" figure is measured in
a fresh interpreter, so it includes loading the unit list (and the legacy index) once.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY_ADDRESS = "Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội"
OLD_ADDRESS = "Số 3 ngõ 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội"

FIRST = """
import time, sys
t = time.perf_counter()
from kiosk.domain.address import read_residence
read_residence(sys.argv[1])
print((time.perf_counter() - t) * 1000)
"""


def _first_ms(text: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", FIRST, text], capture_output=True, text=True, check=True, timeout=60
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    from datetime import datetime

    from kiosk.config import defaults
    from kiosk.domain.address import read_residence
    from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
    from kiosk.domain.prefill import default_answers
    from kiosk.domain.preparation import prepare_dossier
    from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN

    catalog = load_catalog(bundled_catalog_dir()).catalog
    cfg = defaults()
    now = datetime(2026, 12, 2, 9, 30)
    answers = {"copies": 3, "delivery": {"method": "post", "address": {}}}

    def median_ms(fn: object) -> float:
        assert callable(fn)
        fn()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    temp = catalog.get("1.004194")
    extract = catalog.get("2.000635")
    assert temp is not None
    assert extract is not None
    figures = {
        "read_residence, today's address, first call": _first_ms(TODAY_ADDRESS),
        "read_residence, district-era address, first call": _first_ms(OLD_ADDRESS),
        "read_residence, today's address, warm": median_ms(lambda: read_residence(TODAY_ADDRESS)),
        "read_residence, district-era address, warm": median_ms(
            lambda: read_residence(OLD_ADDRESS)
        ),
        "default_answers (1.004194), warm": median_ms(
            lambda: default_answers(temp, SAMPLE_CITIZEN, filing_ward=4)
        ),
        "prepare_dossier (2.000635, 3 copies), warm": median_ms(
            lambda: prepare_dossier(extract, answers, cfg, lambda: now, identity=SAMPLE_CITIZEN)
        ),
    }
    for name, ms in figures.items():
        print(f"{name}: {ms:.3f} ms")


if __name__ == "__main__":
    main()
