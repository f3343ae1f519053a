"""Catalog benchmark: load time, search latency over 2,000 generated procedures, and the
time to switch a form page and paint it (Qt, offscreen).

Run: ``.venv/bin/python bench/catalog.py [--count 2000] [--no-qt]``. Prints figures; targets
(issue 5): search median and p99 <= 5 ms, load <= 100 ms, page switch <= 30 ms to paint.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog

ACTIONS = (
    "Đăng ký", "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Xác nhận", "Thay đổi", "Điều chỉnh",
    "Chứng thực", "Thu hồi", "Công nhận", "Hỗ trợ", "Xóa đăng ký", "Khai báo",
)  # fmt: skip
OBJECTS = (
    "khai sinh", "kết hôn", "khai tử", "giám hộ", "thường trú", "tạm trú", "hộ kinh doanh",
    "giấy phép xây dựng", "trợ cấp xã hội", "người có công", "hộ nghèo", "bảo hiểm y tế",
    "quyền sử dụng đất", "nhà ở", "phương tiện thủy nội địa", "hòa giải viên", "trường mầm non",
    "chữ ký", "bản sao", "tình trạng hôn nhân", "mai táng phí", "người khuyết tật", "lễ hội",
    "câu lạc bộ", "thư viện", "di tích", "nhận cha mẹ con", "thay đổi hộ tịch", "tạm vắng",
)  # fmt: skip
QUALIFIERS = (
    "", "lưu động", "có yếu tố nước ngoài", "trực tuyến", "cho người cao tuổi", "cho trẻ em",
    "lần đầu", "khi bị mất", "theo yêu cầu", "tại nơi cư trú",
)  # fmt: skip
QUERIES = (
    "dang ky ket hon", "Đăng ký kết hôn", "giấy khai sinh", "dang ky ket hom", "kethon",
    "chung thuc ban sao", "tam tru", "gia han giay phep xay dung", "1.004194", "004194",
    "tro cap xa hoi cho nguoi cao tuoi", "ho kinh doanh", "xac nhan tinh trang hon nhan",
    "mai tang phi", "nguoi khuyet tat", "dang k", "cấp lại", "xoa dang ky thuong tru",
    "hoa giai vien", "truong mam non luu dong",
)  # fmt: skip


def generate(directory: Path, count: int, seed: int = 5) -> None:
    """Write ``count`` procedure files: the bundled ones plus generated variations."""
    rng = random.Random(seed)
    templates = sorted(bundled_catalog_dir().glob("*.toml"))
    for path in templates:
        shutil.copy(path, directory / path.name)
    texts = [p.read_text(encoding="utf-8") for p in templates]
    for i in range(count - len(templates)):
        code = f"{rng.choice('123')}.{900000 + i:06d}"
        name = " ".join(
            x for x in (rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)) if x
        )
        text = rng.choice(texts)
        lines = text.splitlines()
        out = []
        for line in lines:
            if line.startswith("code = "):
                out.append(f'code = "{code}"')
            elif line.startswith("name_vi = "):
                out.append(f'name_vi = "{name}"')
            elif line.startswith("popularity = "):
                out.append(f"popularity = {rng.randint(0, 60)}")
            else:
                out.append(line)
        (directory / f"{code}-generated.toml").write_text("\n".join(out) + "\n", encoding="utf-8")


_FRESH = """
import sys, time
from pathlib import Path
from kiosk.domain.catalog import load_catalog
t0 = time.perf_counter()
result = load_catalog(Path(sys.argv[1]), Path(sys.argv[2]))
print((time.perf_counter() - t0) * 1000, len(result.catalog))
"""


def _fresh_process_load(directory: Path, cache: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _FRESH, str(directory), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    return float(out[0])


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def bench_search(catalog: Catalog, rounds: int) -> None:
    t0 = time.perf_counter()
    _ = catalog.index
    print(f"search index build: {(time.perf_counter() - t0) * 1000:.1f} ms")
    per_query: list[float] = []
    for _ in range(rounds):
        for q in QUERIES:
            t0 = time.perf_counter()
            catalog.search(q)
            per_query.append((time.perf_counter() - t0) * 1000)
    print(
        f"search over {len(catalog)} procedures ({len(per_query)} queries): "
        f"median {statistics.median(per_query):.3f} ms, p99 {p99(per_query):.3f} ms, "
        f"max {max(per_query):.3f} ms"
    )


def bench_page_switch(catalog: Catalog, repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

    from ui.widgets.field_factory import make_field
    from ui.widgets.keyboard import OnScreenKeyboard

    app = QApplication.instance() or QApplication([])
    proc = catalog.get("1.001193")
    assert proc is not None
    window = QWidget()
    layout = QVBoxLayout(window)
    stack = QStackedWidget()
    keyboard = OnScreenKeyboard()
    layout.addWidget(stack, 1)
    layout.addWidget(keyboard)
    for spec in proc.form.fields:  # one question per page
        stack.addWidget(make_field(spec, "vi"))
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    pages = stack.count()
    times: list[float] = []
    for i in range(repeat):
        page = stack.widget(i % pages)
        spec = proc.form.fields[i % pages]
        t0 = time.perf_counter()
        stack.setCurrentIndex(i % pages)
        keyboard.set_mode(spec.keyboard_mode())
        window.grab()  # forces layout and a full paint of the window
        times.append((time.perf_counter() - t0) * 1000)
        assert page is not None
        assert page.isVisible()
    print(
        f"form page switch + paint (1920x1080, offscreen, {pages} pages): "
        f"median {statistics.median(times):.2f} ms, p99 {p99(times):.2f} ms"
    )
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--no-qt", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache_tmp:
        directory, cache = Path(tmp), Path(cache_tmp)
        generate(directory, args.count)
        loads = timed(lambda: load_catalog(directory), 3)
        result = load_catalog(directory)
        assert not result.errors, result.errors[:3]
        print(
            f"load {len(result.catalog)} TOML files, no snapshot (parse + check everything): "
            f"median {statistics.median(loads):.1f} ms, min {min(loads):.1f} ms"
        )
        first = timed(lambda: load_catalog(directory, cache), 1)[0]
        print(f"first load with a snapshot dir (parse, check, compile, write): {first:.1f} ms")
        warm = timed(lambda: load_catalog(directory, cache), 20)
        print(
            f"load {len(result.catalog)} procedures from the snapshot, in this process: "
            f"median {statistics.median(warm):.1f} ms, min {min(warm):.1f} ms"
        )
        fresh = [_fresh_process_load(directory, cache) for _ in range(7)]
        print(
            f"load {len(result.catalog)} procedures from the snapshot in a fresh process "
            f"(kiosk startup): median {statistics.median(fresh):.1f} ms, min {min(fresh):.1f} ms"
        )
        result = load_catalog(directory, cache)
        one = result.catalog.get("1.001193")
        assert one is not None
        form_ms = timed(lambda: one.form.fields, 1)[0]
        print(f"first access to a form after a snapshot load (decode + build): {form_ms:.2f} ms")
        bundled = timed(lambda: load_catalog(bundled_catalog_dir()), 20)
        print(f"load bundled catalog (16 files): median {statistics.median(bundled):.2f} ms")
        bench_search(result.catalog, args.rounds)
        if not args.no_qt:
            bench_page_switch(result.catalog, 60)


if __name__ == "__main__":
    main()
