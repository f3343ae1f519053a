"""The ``kiosk`` command.

``kiosk`` (or ``kiosk run``) starts the kiosk; ``kiosk --demo`` starts it with the embedded
reference backend, the virtual card and the PDF printer. Sub-commands for technicians:
``config check``, ``card``, ``catalog``, ``receipt``, ``doctor``, ``staff``.

This is the one place in the engine that reaches the GUI, and it does so lazily
(``importlib``) so that the technician commands start without loading Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from kiosk import __version__
from kiosk.config import ConfigError, load

#: sub-command -> the module that adds it with ``register(subparsers)``; imported only when
#: the command line names one (or asks for help), so the kiosk itself starts faster
SUBCOMMAND_MODULES = {
    "card": "kiosk.card_cli",
    "catalog": "kiosk.catalog_cli",
    "receipt": "kiosk.receipt_cli",
    "doctor": "kiosk.diagnostics_cli",
    "staff": "kiosk.staff.cli",
}


def _config_check(args: argparse.Namespace) -> int:
    try:
        cfg = load(args.file)
    except ConfigError as exc:
        print(f"error: {exc.file}: {exc.key}: {exc.reason}", file=sys.stderr)
        return 1
    from kiosk.domain.address import ward_name_problem

    problem = ward_name_problem(str(cfg["kiosk.ward_code"]), str(cfg["kiosk.ward_name"]))
    if problem:
        print(f"error: {cfg.source}: kiosk.ward_code: {problem}", file=sys.stderr)
        return 1
    print(f"{cfg.source}: OK ({len(cfg.as_dict())} options)")
    return 0


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the sub-command modules that ``argv`` needs."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Ward public-service kiosk (Hanoi).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", help="kiosk.toml to use (default: config/kiosk.toml)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run with the embedded reference backend, a virtual card and a PDF printer",
    )
    parser.add_argument("--lang", choices=("vi", "en"), help="language of the screens")
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
    parser.add_argument("--data-dir", help="override kiosk.data_dir")
    parser.add_argument("--bench-startup", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the kiosk (the default)")
    config = sub.add_parser("config", help="configuration files")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    check = config_sub.add_parser("check", help="validate a kiosk.toml")
    check.add_argument("file")
    check.set_defaults(func=_config_check)
    tokens = set(argv) if argv is not None else None
    wanted = [
        module_name
        for command, module_name in SUBCOMMAND_MODULES.items()
        if tokens is None or command in tokens or tokens & {"-h", "--help"}
    ]
    for name in wanted:
        module = importlib.import_module(name)
        register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]
        register = module.register
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is not None:
        result = func(args)
        return int(result or 0)
    gui = importlib.import_module("ui.app")
    return int(gui.run(args))


if __name__ == "__main__":
    sys.exit(main())
