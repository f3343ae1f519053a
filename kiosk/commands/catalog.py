"""``kiosk catalog check [DIR]`` and ``kiosk catalog search QUERY``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kiosk.commands.context import CommandContext, Subparsers
from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
from kiosk.domain.fees import quote_fee
from kiosk.domain.preparation import KIOSK_CHANNEL


def register(subparsers: Subparsers, ctx: CommandContext) -> None:
    """Add the ``catalog`` sub-command to the ``kiosk`` command line."""
    catalog = subparsers.add_parser("catalog", help="procedures catalog: check files, search")
    sub = catalog.add_subparsers(dest="catalog_command", required=True)
    check = sub.add_parser("check", help="validate the procedure files of DIR")
    check.add_argument("dir", nargs="?", type=Path, help="default: the bundled config/procedures")
    check.set_defaults(func=_check)
    search = sub.add_parser("search", help="print the procedures matching QUERY, best first")
    search.add_argument("query", nargs="+")
    search.add_argument("--dir", type=Path, help="catalog directory (default: bundled)")
    search.add_argument("--limit", type=int, default=10)
    search.set_defaults(func=_search)


def _check(args: argparse.Namespace) -> int:
    directory: Path = args.dir or bundled_catalog_dir()
    result = load_catalog(directory)
    for err in result.errors:
        where = f"{err.file}: {err.field}" if err.field else err.file
        print(f"error: {where}: {err.reason}", file=sys.stderr)
    files = len(list(directory.glob("*.toml"))) if directory.is_dir() else 0
    ok = len(result.catalog)
    print(f"{directory}: {ok} of {files} procedure files OK, {len(result.errors)} error(s)")
    return 1 if result.errors else 0


def _search(args: argparse.Namespace) -> int:
    directory: Path = args.dir or bundled_catalog_dir()
    result = load_catalog(directory)
    for err in result.errors:
        print(f"warning: {err}", file=sys.stderr)
    hits = result.catalog.ranked(" ".join(args.query), limit=args.limit)
    if not hits:
        print("no procedure found")
        return 1
    for rank, hit in enumerate(hits, 1):
        p = hit.procedure
        # what a kiosk filing (online) is asked today, not the rule's headline figure
        fee = quote_fee(p.fee, {}, channel=KIOSK_CHANNEL, day=date.today()).due_text("vi")
        print(f"{rank:2d}. {p.code}  {p.name_vi}  ({p.name_en})  score={hit.score:.2f}  fee={fee}")
    return 0
