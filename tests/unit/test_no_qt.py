"""The engine never imports Qt, the GUI or the reference backend."""

import ast
import subprocess
import sys
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
FORBIDDEN = ("PySide6", "shiboken6", "ui", "citybackend")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_static_import_of_qt_ui_or_backend_in_engine() -> None:
    offenders = []
    for path in KIOSK.rglob("*.py"):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(KIOSK.parent)}: {name}")
    assert offenders == []


def test_importing_every_engine_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(KIOSK.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in KIOSK.rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == ""
