"""Receipt benchmark: layout + QR + PDF for one receipt, PNG, ESC/POS, and the CUPS hand-off.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/receipt.py [--runs 30] [--no-cups]``.
Prints medians (target for layout + QR + PDF: <= 100 ms). For the CUPS figures it starts
``cupsd -f`` when no scheduler runs, adds a temporary cups-pdf queue and removes both after
(``loopback.cups``, as the tests do).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.printing.escpos_render import render_escpos
from kiosk.simulators.sample_receipt import sample_receipt
from loopback.cups import (
    CupsPdfQueue,
    add_queue,
    cups_pdf_out_dirs,
    cups_pdf_ppd,
    run_tool,
    scheduler,
)
from ui.printing.qt_app import ensure_gui_app
from ui.printing.qt_printer import print_receipt, render_pdf, render_png

BENCH_QUEUE = "KioskBench"


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm-up: fonts, Qt plugins
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def _report(name: str, fn: Callable[[], object], runs: int) -> None:
    median, worst = _median_ms(fn, runs)
    print(f"{name:<42} median {median:7.1f} ms   max {worst:7.1f} ms   (n={runs})")


def _cups(runs: int) -> None:
    with scheduler():
        try:
            _cups_queue(runs)
        finally:
            run_tool("lpadmin", "-x", BENCH_QUEUE, timeout_s=30)


def _cups_queue(runs: int) -> None:
    add_queue(BENCH_QUEUE, cups_pdf_ppd())
    queue = CupsPdfQueue(BENCH_QUEUE, tuple(cups_pdf_out_dirs()))
    receipt = sample_receipt()
    hand_off: list[float] = []
    until_pdf: list[float] = []
    for _ in range(runs):
        before = queue.snapshot()
        start = time.perf_counter()
        print_receipt(receipt, printer_name=BENCH_QUEUE, layout="a5")
        hand_off.append((time.perf_counter() - start) * 1000)
        printed = queue.wait_for_new_pdf(before, timeout_s=60)
        until_pdf.append((time.perf_counter() - start) * 1000)
        printed.unlink(missing_ok=True)
    print(
        f"{'CUPS hand-off (check + paint + submit), a5':<42} median "
        f"{statistics.median(hand_off):7.1f} ms   max {max(hand_off):7.1f} ms   (n={runs})"
    )
    print(
        f"{'CUPS until cups-pdf wrote the PDF':<42} median "
        f"{statistics.median(until_pdf):7.1f} ms   max {max(until_pdf):7.1f} ms   (n={runs})"
        "  (includes polling at 0.2 s + 0.3 s stability wait)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-cups", action="store_true", help="skip the CUPS figures")
    args = parser.parse_args()
    ensure_gui_app()
    receipt = sample_receipt()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _report("receipt model (sample_receipt)", sample_receipt, args.runs)
        _report(
            "layout + QR + PDF, A5", lambda: render_pdf(receipt, out / "a.pdf", "a5"), args.runs
        )
        _report(
            "layout + QR + PDF, 80 mm roll",
            lambda: render_pdf(receipt, out / "r.pdf", "roll80"),
            args.runs,
        )
        _report(
            "layout + QR + PNG 200 dpi, A5", lambda: render_png(receipt, out / "a.png"), args.runs
        )
        _report("ESC/POS bytes, native QR", lambda: render_escpos(receipt), args.runs)
        _report(
            "ESC/POS bytes, image QR", lambda: render_escpos(receipt, qr_mode="image"), args.runs
        )
    if not args.no_cups:
        _cups(min(args.runs, 5))


if __name__ == "__main__":
    main()
