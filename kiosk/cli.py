"""The engine's half of the ``kiosk`` command: its technician sub-commands.

``config check``, ``card``, ``catalog``, ``receipt``, ``doctor`` and ``staff`` need no Qt. The
``kiosk`` console command itself is ``ui.cli`` (where Qt may be imported): it hands
:func:`main` a :class:`Frontend` that adds the kiosk's own options, runs the kiosk when no
sub-command is named and renders receipts to PDF/PNG. ``python -m kiosk.cli COMMAND`` runs the
technician commands alone.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.config import ConfigError, load

if TYPE_CHECKING:
    from kiosk.receipt_cli import ReceiptRenderer

#: sub-command -> the module that adds it with ``register(subparsers)``; imported only when
#: the command line names one (or asks for help), so the kiosk itself starts faster
SUBCOMMAND_MODULES = {
    "card": "kiosk.card_cli",
    "catalog": "kiosk.catalog_cli",
    "receipt": "kiosk.receipt_cli",
    "doctor": "kiosk.diagnostics_cli",
    "staff": "kiosk.staff.cli",
}


@dataclass(frozen=True)
class Frontend:
    """What the GUI layer adds to the command line (given by ``ui.cli``)."""

    #: adds the kiosk's own options (``--demo``, ``--lang``, ...) to the main parser
    add_arguments: Callable[[argparse.ArgumentParser], None]
    #: runs the kiosk (no sub-command, or ``run``); returns the exit status
    run: Callable[[argparse.Namespace], int]
    #: ``kiosk receipt render --out X.pdf|X.png``
    render_receipt: ReceiptRenderer


def _config_check(args: argparse.Namespace) -> int:
    try:
        cfg = load(args.file)
    except ConfigError as exc:
        print(f"error: {exc.file}: {exc.key}: {exc.reason}", file=sys.stderr)
        return 1
    from kiosk.domain.address import ward_name_problem

    problem = ward_name_problem(cfg.kiosk.ward_code, cfg.kiosk.ward_name)
    if problem:
        print(f"error: {cfg.source}: kiosk.ward_code: {problem}", file=sys.stderr)
        return 1
    print(f"{cfg.source}: OK ({len(cfg.as_dict())} options)")
    return 0


def build_parser(
    argv: Sequence[str] | None = None, frontend: Frontend | None = None
) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the sub-command modules that ``argv`` needs."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Ward public-service kiosk (Hanoi).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", help="kiosk.toml to use (default: config/kiosk.toml)")
    parser.add_argument("--data-dir", help="override kiosk.data_dir")
    if frontend is not None:
        frontend.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if frontend is not None:
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
        if name == SUBCOMMAND_MODULES["receipt"]:
            module.register(sub, renderer=frontend.render_receipt if frontend else None)
        else:
            register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]
            register = module.register
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None, frontend: Frontend | None = None) -> int:
    """Parse ``argv`` and run the named sub-command; without one, run the kiosk (given a
    ``frontend``) or print the help."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv, frontend)
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is not None:
        result = func(args)
        return int(result or 0)
    if frontend is None:
        build_parser(None).print_help(sys.stderr)  # every sub-command
        return 2
    return int(frontend.run(args))


if __name__ == "__main__":
    sys.exit(main())
