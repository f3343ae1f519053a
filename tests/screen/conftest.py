"""The real-window tier: the kiosk in a real xcb window on Xvfb with no window manager (as
deploy/ runs it), driven by touches through the X server, at the deployed screen sizes.

Each run is its own ``kiosk --demo --walkthrough ...`` process (the tests' own Qt runs
offscreen, and a Qt application cannot change its platform), with the demo's real parts: the
reference backend as a process on 127.0.0.1, the virtual card, the PDF printer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.lang import Lang

SIZES = ("1920x1080", "1280x800")
RUN_TIMEOUT_S = 300
REPO = Path(__file__).resolve().parents[2]


class Display:
    """One Xvfb server of the given size, no window manager."""

    def __init__(self, size: str) -> None:
        if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
            pytest.fail("Xvfb and xdotool are needed (scripts/system-packages.txt)")
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as r:
            number = r.readline().strip()
        if not number:
            self.proc.kill()
            pytest.fail("Xvfb did not start")
        self.name = f":{number}"

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session", params=SIZES)
def display(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    d = Display(request.param)
    yield d.name, request.param
    d.close()


Walk = Callable[..., dict[str, Any]]


@pytest.fixture
def walk(display: tuple[str, str], tmp_path: Path) -> Walk:
    """Run one walkthrough in a real window; returns its JSON report (with ``size``)."""
    name, size = display

    def run(scenario: str, *, lang: Lang = "vi", shots: Path | None = None) -> dict[str, Any]:
        report = tmp_path / f"{scenario.replace(':', '-')}-{lang}.json"
        data_dir = tmp_path / f"data-{scenario.replace(':', '-')}-{lang}"
        cmd = [sys.executable, "-m", "ui.startup.cli", "--demo", "--lang", lang]
        cmd += ["--data-dir", str(data_dir), "--walkthrough", scenario, "--report", str(report)]
        if shots is not None:
            cmd += ["--screenshots", str(shots)]
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
        env.update(DISPLAY=name, QT_QPA_PLATFORM="xcb", PYTHONFAULTHANDLER="1")
        env["KIOSK_DEMO_CARD"] = "in-process"  # the pcsc tier has pcscd to itself
        done = subprocess.run(
            cmd,
            check=False,
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )
        if not report.exists():
            pytest.fail(
                f"{scenario} wrote no report (exit {done.returncode}):\n{done.stderr[-3000:]}"
            )
        out: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
        out["size"] = size
        out["exit"] = done.returncode
        out["data_dir"] = str(data_dir)  # the demo's own files: its backend's database too
        return out

    return run
