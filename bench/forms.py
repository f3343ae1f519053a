"""Form benchmark: what each answer costs (known answers recomputed after every keystroke) and
the in-window ward picker (open with 126 rows and paint; filter one keystroke and paint).

Run: ``.venv/bin/python bench/forms.py [--repeat 200]``. Prints figures (offscreen Qt).
"""

from __future__ import annotations

import argparse
import os
import statistics

from catalog import p99, timed  # bench/catalog.py, beside this script


def _show(name: str, times: list[float]) -> None:
    print(f"{name}: median {statistics.median(times):.2f} ms, p99 {p99(times):.2f} ms")


def bench_known(repeat: int) -> None:
    from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
    from kiosk.domain.known import VisitFacts, known_answers
    from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN

    proc = load_catalog(bundled_catalog_dir()).catalog.get("1.001193")
    assert proc is not None
    facts = VisitFacts(SAMPLE_CITIZEN, 4)
    answers = {"relationship": "father", "phone": "0912"}
    known_answers(proc.form, answers, facts)  # address data loaded once, as on a kiosk
    _show(
        "known answers, birth registration",
        timed(lambda: known_answers(proc.form, answers, facts), repeat),
    )


def bench_picker(repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from kiosk.domain.address import HANOI, communes
    from ui.widgets.picker import PickerButton

    app = QApplication.instance() or QApplication([])
    window = QWidget()
    layout = QVBoxLayout(window)
    button = PickerButton("bench-ward", "vi")
    button.set_items([(u.name, u.code) for u in communes(HANOI)])
    layout.addWidget(button)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()

    def open_and_paint() -> None:
        button.open_panel()
        window.grab()
        button.close_panel()
        app.processEvents()

    _show("ward picker open + paint (126 rows)", timed(open_and_paint, repeat))
    button.open_panel()
    panel = button.panel
    assert panel is not None
    queries = ["l", "la", "lan", "lang", ""]

    def filter_and_paint() -> None:
        for q in queries:
            panel.filter.setText(q)
            window.grab()

    per_key = [t / len(queries) for t in timed(filter_and_paint, repeat)]
    _show("ward picker filter one keystroke + paint", per_key)
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    bench_known(args.repeat * 5)
    bench_picker(args.repeat)


if __name__ == "__main__":
    main()
