"""The ``kiosk`` console command: the engine's technician commands and the kiosk itself.

``kiosk`` (or ``kiosk run``) starts the kiosk; ``kiosk --demo`` starts it with the reference
backend as a child process, the virtual card and the PDF printer. The sub-commands
(``config check``, ``card``, ``catalog``, ``receipt``, ``doctor``, ``staff``) are the engine's
(:mod:`kiosk.commands`). This module imports no Qt at the top: a technician command on a kiosk
whose display is broken starts without it (``tests/unit/test_import_graph.py`` checks).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.context import CommandContext
from kiosk.commands.main import Frontend
from kiosk.commands.main import build_parser as build_engine_parser
from kiosk.commands.main import main as engine_main
from kiosk.lang import LANGS

if TYPE_CHECKING:
    from kiosk.domain.receipt import Receipt


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The kiosk's own options."""
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run with the reference backend, a virtual card and a PDF printer",
    )
    parser.add_argument("--lang", choices=LANGS, help="language of the screens")
    parser.add_argument(
        "--screenshots",
        metavar="DIR",
        help="walk every screen in the real window and save DIR/*.png, then exit",
    )
    parser.add_argument(
        "--walkthrough",
        metavar="SCENARIO",
        help="tour (audit every screen) or journey:CODE, in the real window, then exit",
    )
    parser.add_argument("--report", metavar="FILE", help="where --walkthrough writes its JSON")
    parser.add_argument(
        "--windowed", action="store_true", help="a normal window instead of full screen"
    )
    parser.add_argument("--bench-startup", action="store_true", help=argparse.SUPPRESS)


def run_kiosk(args: argparse.Namespace) -> int:
    from ui.startup.app import run

    return run(args)


def render_receipt(receipt: Receipt, out: Path, layout: str) -> Path:
    """``kiosk receipt render --out X.pdf|X.png`` with the Qt renderer of the print path."""
    from ui.printing.qt_printer import render_pdf, render_png

    render = render_pdf if out.suffix.lower() == ".pdf" else render_png
    return render(receipt, out, layout)


FRONTEND = Frontend(
    add_arguments=add_arguments,
    run=run_kiosk,
    context=CommandContext(render_receipt=render_receipt),
)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    return build_engine_parser(argv, FRONTEND)


def main(argv: Sequence[str] | None = None) -> int:
    return engine_main(argv, FRONTEND)


if __name__ == "__main__":
    sys.exit(main())
