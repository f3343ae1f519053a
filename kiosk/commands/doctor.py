"""``kiosk doctor [--json] [--config FILE] [--export DIR]``.

Exit status: 0 when nothing failed (warnings allowed), 1 when a probe failed,
2 when the settings file is invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from kiosk.commands.context import CommandContext, Subparsers
from kiosk.config import ConfigError
from kiosk.diagnostics import Status, collect, export_report
from kiosk.diagnostics.backend_probe import HEALTH_PATH
from kiosk.diagnostics.standard import standard_probes
from kiosk.settings_store import load_config


def register(subparsers: Subparsers, ctx: CommandContext) -> None:
    """Add ``doctor`` to the ``kiosk`` command line."""
    doctor = subparsers.add_parser(
        "doctor", help="check readers, printer, backend, outbox, disk and versions"
    )
    doctor.add_argument("--json", action="store_true", help="print the report as JSON")
    # SUPPRESS: never overwrite the main parser's global --config with None
    doctor.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="settings file (default: $KIOSK_CONFIG, else /etc/ward-kiosk/kiosk.toml)",
    )
    doctor.add_argument(
        "--export", metavar="DIR", help="also write the report (.json and .txt) into DIR"
    )
    doctor.add_argument("--health-path", default=HEALTH_PATH, help=argparse.SUPPRESS)
    doctor.set_defaults(func=run_doctor)


def run_doctor(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        cfg = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 2
    probes = standard_probes(cfg, health_path=args.health_path)
    report = collect(probes, kiosk_id=cfg.kiosk.id)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print(report.as_text(), end="", file=out)
    if args.export:
        path = export_report(report, args.export)
        print(f"report written to {path}", file=sys.stderr)
    return 1 if report.status is Status.FAIL else 0
