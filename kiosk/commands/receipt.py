"""``kiosk receipt render``: render a receipt to PDF, PNG, ESC/POS bytes or JSON.

PDF and PNG use the Qt renderer, which the ``kiosk`` command (``ui.startup.cli``) gives
:func:`register` in its context; the engine never imports it. ESC/POS bytes and JSON need no
Qt. The output kind follows the file's extension (``.pdf``, ``.png``, ``.bin``/``.escpos``/``.prn``,
``.json``) or ``--format escpos``. The tracking URL the receipt encodes is printed on
standard output.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.commands.context import (
    CommandContext,
    ReceiptRenderer,
    Subparsers,
    config_from_args,
)
from kiosk.config import ConfigError
from kiosk.domain.receipt import Receipt
from kiosk.printing.escpos_render import QR_MODES, render_escpos
from kiosk.runtime.atomic_file import write_atomic
from kiosk.simulators.sample_receipt import sample_receipt

ESCPOS_SUFFIXES = frozenset({".bin", ".escpos", ".prn"})
QT_SUFFIXES = frozenset({".pdf", ".png"})


def register(subparsers: Subparsers, ctx: CommandContext) -> None:
    """Add ``receipt``; without ``ctx.render_receipt`` (no GUI layer), PDF and PNG are refused."""
    receipt = subparsers.add_parser("receipt", help="render receipts (sample or given)")
    receipt_sub = receipt.add_subparsers(dest="receipt_command", required=True)
    render = receipt_sub.add_parser(
        "render",
        help="render a receipt to PDF/PNG (Qt renderer), ESC/POS bytes or JSON",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = render.add_mutually_exclusive_group(required=True)
    source.add_argument("--sample", action="store_true", help="the built-in sample dossier")
    source.add_argument(
        "--dossier", metavar="FILE.json", help="a receipt record (as written with --out X.json)"
    )
    render.add_argument("--out", required=True, metavar="FILE", help="output file")
    render.add_argument(
        "--format",
        choices=("a5", "roll80", "escpos"),
        default=None,
        help="layout (default: printer.layout from the config; escpos = thermal bytes)",
    )
    render.add_argument(
        "--qr-mode",
        choices=QR_MODES,
        default="native",
        help="ESC/POS QR codes: printer-drawn (native) or in the image",
    )
    render.set_defaults(func=functools.partial(run_render, renderer=ctx.render_receipt))


def _load_receipt(path: str) -> Receipt:
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return Receipt.from_dict(data)


def run_render(args: argparse.Namespace, renderer: ReceiptRenderer | None = None) -> int:
    try:
        cfg = config_from_args(args)
        receipt = sample_receipt(cfg) if args.sample else _load_receipt(args.dossier)
    except (ConfigError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    suffix = out.suffix.lower()
    layout = args.format or cfg.printer.layout
    if layout == "escpos" or suffix in ESCPOS_SUFFIXES:
        write_atomic(out, render_escpos(receipt, qr_mode=args.qr_mode), mode=0o644)
    elif suffix == ".json":
        text = json.dumps(receipt.to_dict(), ensure_ascii=False, indent=2) + "\n"
        write_atomic(out, text.encode("utf-8"), mode=0o644)
    elif suffix in QT_SUFFIXES:
        if renderer is None:
            print(f"error: {suffix} needs the Qt renderer: use the kiosk command", file=sys.stderr)
            return 2
        renderer(receipt, out, layout)
    else:
        print(
            f"error: unknown output type {suffix!r} (use .pdf, .png, .bin/.escpos or .json)",
            file=sys.stderr,
        )
        return 2
    print(receipt.tracking_url)
    return 0
