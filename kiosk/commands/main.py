"""The engine's half of the ``kiosk`` command: the parser and :func:`main`.

``config check``, ``card``, ``catalog``, ``receipt``, ``doctor`` and ``staff`` need no Qt. The
``kiosk`` console command itself is ``ui.startup.cli`` (where Qt may be imported): it hands
:func:`main` a :class:`Frontend` that adds the kiosk's own options, runs the kiosk when no
sub-command is named and gives the commands the Qt receipt renderer. ``python -m
kiosk.commands COMMAND`` runs the technician commands alone.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kiosk import __version__
from kiosk.commands.context import CommandContext, Register

#: sub-command -> the module that adds it with ``register(subparsers, ctx)``; imported only
#: when the command line names one (or asks for help), so the kiosk itself starts faster
COMMAND_MODULES = {
    "config": "kiosk.commands.config_check",
    "card": "kiosk.commands.card",
    "catalog": "kiosk.commands.catalog",
    "receipt": "kiosk.commands.receipt",
    "doctor": "kiosk.commands.doctor",
    "staff": "kiosk.commands.staff",
}


@dataclass(frozen=True)
class Frontend:
    """What the GUI layer adds to the command line (given by ``ui.startup.cli``)."""

    #: adds the kiosk's own options (``--demo``, ``--lang``, ...) to the main parser
    add_arguments: Callable[[argparse.ArgumentParser], None]
    #: runs the kiosk (no sub-command, or ``run``); returns the exit status
    run: Callable[[argparse.Namespace], int]
    #: what the commands get from the GUI layer (the Qt receipt renderer)
    context: CommandContext = field(default_factory=CommandContext)


def build_parser(
    argv: Sequence[str] | None = None, frontend: Frontend | None = None
) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command modules that ``argv`` needs."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Ward public-service kiosk (Hanoi).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", help="kiosk.toml to use (default: config/kiosk.toml)")
    parser.add_argument("--data-dir", help="override kiosk.data_dir")
    if frontend is not None:
        frontend.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if frontend is not None:
        sub.add_parser("run", help="run the kiosk (the default)")
    ctx = frontend.context if frontend is not None else CommandContext()
    tokens = set(argv) if argv is not None else None
    for command, module_name in COMMAND_MODULES.items():
        if tokens is None or command in tokens or tokens & {"-h", "--help"}:
            register: Register = importlib.import_module(module_name).register
            register(sub, ctx)
    return parser


def main(argv: Sequence[str] | None = None, frontend: Frontend | None = None) -> int:
    """Parse ``argv`` and run the named sub-command; without one, run the kiosk (given a
    ``frontend``) or print the help."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv, frontend).parse_args(argv)
    func: Callable[[argparse.Namespace], int | None] | None = getattr(args, "func", None)
    if func is not None:
        return int(func(args) or 0)
    if frontend is None:
        build_parser(None).print_help(sys.stderr)  # every sub-command
        return 2
    return int(frontend.run(args))
