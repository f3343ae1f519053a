"""``kiosk config check FILE``: validate a kiosk.toml without starting the kiosk."""

from __future__ import annotations

import argparse
import sys

from kiosk.commands.context import CommandContext, Subparsers
from kiosk.config import ConfigError, load


def register(subparsers: Subparsers, ctx: CommandContext) -> None:
    """Add ``config check`` to the ``kiosk`` command line."""
    config = subparsers.add_parser("config", help="configuration files")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    check = config_sub.add_parser("check", help="validate a kiosk.toml")
    check.add_argument("file")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
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
