"""``kiosk --demo --walkthrough tour|tour-large|journey:CODE|journey-large:CODE [--report FILE]
[--screenshots DIR]``."""

from __future__ import annotations

import faulthandler
import json
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from ui.walkthrough.resident import WalkthroughError
from ui.walkthrough.xinput import XInputError
from ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: a hung step prints every thread's stack and ends the process (no unbounded wait)
HANG_DUMP_S = 240


def shot_screen(window: MainWindow, path: Path) -> None:
    """Save what the display shows (the X server's pixels: keyboard, overlays and all)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or not screen.grabWindow(0).save(str(path)):
        raise OSError(f"could not write {path}")


def run_walkthrough(
    window: MainWindow, scenario: str, report: Path | None, shots: Path | None
) -> int:
    platform = QGuiApplication.platformName()
    if platform != "xcb":
        print(
            f"error: the walkthrough needs a real X display (Xvfb), not {platform!r}: "
            "run it with QT_QPA_PLATFORM=xcb and DISPLAY set",
            file=sys.stderr,
        )
        return 2
    faulthandler.dump_traceback_later(HANG_DUMP_S, exit=True)
    window.show_full_screen()
    out: dict[str, Any] = {"scenario": scenario, "lang": window.ctx.lang}
    try:
        if scenario in ("tour", "tour-large"):
            from ui.walkthrough.tour import run_tour

            out.update(run_tour(window, shots, large_text=scenario == "tour-large"))
        elif scenario.startswith(("journey:", "journey-large:")):
            from ui.walkthrough.journeys import run_journey

            kind, procedure = scenario.split(":", 1)
            out.update(run_journey(window, procedure, shots, large_text=kind == "journey-large"))
        else:
            print(f"error: unknown walkthrough {scenario!r}", file=sys.stderr)
            return 2
        code = 0
    except (WalkthroughError, XInputError) as exc:
        log.error("walkthrough failed: %s", exc)
        out.update(getattr(exc, "report", None) or {})
        out["error"] = str(exc)
        out["failed_on"] = window.ctx.session.step.value
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            shot_screen(window, shots / "failure.png")
        code = 1
    finally:
        faulthandler.cancel_dump_traceback_later()
    screen = window.screen()
    if screen is not None:
        g = screen.geometry()
        out["screen"] = [g.width(), g.height()]
    text = json.dumps(out, ensure_ascii=False, indent=2)
    if report is not None:
        report.write_text(text, encoding="utf-8")
    else:
        print(text)
    return code
