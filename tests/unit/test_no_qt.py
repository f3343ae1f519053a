"""Importing the engine loads no Qt and no GUI module.

The static and string imports of every package are checked against the whiteboard in
``test_import_graph.py``; this test runs the imports, so that nothing reaches Qt indirectly.
"""

import subprocess
import sys
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


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
