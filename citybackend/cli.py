"""``citybackend``: serve the reference city API and administer it (a back office stand-in)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from citybackend.agencies import load_agency_codes
from citybackend.catalog import CatalogError, load_catalog
from citybackend.database import create_db_engine
from citybackend.migrations import LATEST, current_version, upgrade
from citybackend.statuses import LABELS, parse_status
from citybackend.stores.errors import StoreError
from citybackend.stores.kiosks import DEFAULT_AGENCY
from citybackend.stores.store import Store

DEFAULT_DATABASE = "sqlite:///citybackend.sqlite3"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="citybackend", description=__doc__)
    p.add_argument(
        "--database",
        default=os.environ.get("CITYBACKEND_DATABASE", DEFAULT_DATABASE),
        help="SQLAlchemy URL: sqlite:///FILE (default) or postgresql://user@host/db "
        "(env CITYBACKEND_DATABASE)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the API with uvicorn")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument("--workers", type=int, default=1, help="worker processes")
    s.add_argument(
        "--threads",
        type=int,
        default=8,
        help="database threads per worker process (more only queue on the Python lock)",
    )
    s.add_argument("--catalog", default="", help="procedures catalog: JSON/TOML file or folder")
    s.add_argument(
        "--agencies", default="", help="TOML file: agency code of each competent ward (prefix)"
    )
    s.add_argument(
        "--admin-token",
        default=os.environ.get("CITYBACKEND_ADMIN_TOKEN", ""),
        help="token for /admin pages (Authorization: Bearer); empty = admin pages off "
        "(env CITYBACKEND_ADMIN_TOKEN)",
    )
    s.add_argument(
        "--lookup-rate",
        type=float,
        default=0.5,
        help="tracking page lookups per second per client address",
    )
    s.add_argument("--lookup-burst", type=int, default=20)
    s.add_argument(
        "--kiosk-lookup-rate",
        type=float,
        default=0.2,
        help="look-ups by code or token per second per kiosk",
    )
    s.add_argument("--kiosk-lookup-burst", type=int, default=30)
    s.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="address or network of a reverse proxy whose X-Forwarded-For/-Proto are "
        "believed (repeatable); none by default",
    )
    s.add_argument("--docs", action="store_true", help="serve /docs, /redoc and /openapi.json")
    s.add_argument(
        "--log-level",
        default="warning",
        choices=["debug", "info", "warning", "error"],
        help="info also logs each refused request (route, field, reason; never values)",
    )
    s.add_argument("--ssl-certfile", default="")
    s.add_argument("--ssl-keyfile", default="")

    sub.add_parser("migrate", help="create or upgrade the schema")

    k = sub.add_parser("kiosk", help="enrol and list kiosks").add_subparsers(
        dest="kiosk_command", required=True
    )
    ka = k.add_parser("add", help="enrol a kiosk and print its device token")
    ka.add_argument("name")
    ka.add_argument("--agency", default=DEFAULT_AGENCY, help="agency code (dossier prefix)")
    ka.add_argument("--rotate", action="store_true", help="issue a new token if enrolled")
    k.add_parser("list", help="kiosks with their last heartbeat")
    kr = k.add_parser("revoke", help="stop a kiosk's device token (a stolen or retired kiosk)")
    kr.add_argument("name")
    ke = k.add_parser(
        "enrolment-code", help="a one-time code (24 h) the kiosk exchanges for its token"
    )
    ke.add_argument("name")
    ke.add_argument("--agency", default=DEFAULT_AGENCY, help="agency code (dossier prefix)")

    d = sub.add_parser("dossier", help="back office actions").add_subparsers(
        dest="dossier_command", required=True
    )
    da = d.add_parser("advance", help="move a dossier to another status")
    da.add_argument("code")
    da.add_argument("status", help="1-10 or a name such as RECEIVED, PROCESSING, DONE")
    da.add_argument("--note", default="")
    ds = d.add_parser("show", help="status and history of a dossier")
    ds.add_argument("code")

    pay = sub.add_parser("payment", help="payments").add_subparsers(
        dest="payment_command", required=True
    )
    pm = pay.add_parser("mark-paid", help="record that the fee of a dossier was paid")
    pm.add_argument("code")

    r = sub.add_parser("ratings", help="satisfaction ratings").add_subparsers(
        dest="ratings_command", required=True
    )
    rs = r.add_parser("summary", help="ratings per ward and procedure")
    rs.add_argument("--ward", default="")
    rs.add_argument("--procedure", default="")
    rs.add_argument("--json", action="store_true")

    sub.add_parser("openapi", help="print the OpenAPI document (JSON)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (StoreError, CatalogError, ValueError) as exc:
        print(f"citybackend: {exc}", file=sys.stderr)
        return 2


def _store(args: argparse.Namespace) -> Store:
    engine = create_db_engine(args.database)
    upgrade(engine)
    return Store(engine)


def _dispatch(args: argparse.Namespace) -> int:  # noqa: PLR0912 - one branch per command
    if args.command == "serve":
        return _serve(args)
    if args.command == "openapi":
        from sqlalchemy import create_engine

        from citybackend.app import create_app

        engine = create_engine("sqlite://")  # never queried: the document needs no data
        print(json.dumps(create_app(Store(engine)).openapi(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "migrate":
        engine = create_db_engine(args.database)
        applied = upgrade(engine)
        print(
            f"schema at version {current_version(engine)} (latest {LATEST}); applied: "
            f"{', '.join(map(str, applied)) or 'none'}"
        )
        return 0
    store = _store(args)
    if args.command == "kiosk" and args.kiosk_command == "add":
        print(store.enrol_kiosk(args.name, agency_code=args.agency, rotate=args.rotate))
        return 0
    if args.command == "kiosk" and args.kiosk_command == "revoke":
        store.revoke_kiosk(args.name)
        print(f"kiosk {args.name}: token revoked")
        return 0
    if args.command == "kiosk" and args.kiosk_command == "enrolment-code":
        print(store.issue_enrolment_code(args.name, agency_code=args.agency))
        return 0
    if args.command == "kiosk":
        print(
            f"{'KIOSK':<24} {'AGENCY':<16} {'LAST HEARTBEAT (UTC)':<26} {'OUTBOX':>6}  LAST ERROR"
        )
        for k in store.list_kiosks():
            seen = k.last_heartbeat_at.isoformat(timespec="seconds") if k.last_heartbeat_at else "-"
            depth = "-" if k.outbox_depth is None else str(k.outbox_depth)
            print(f"{k.kiosk_id:<24} {k.agency_code:<16} {seen:<26} {depth:>6}  {k.last_error}")
        return 0
    if args.command == "dossier":
        if args.dossier_command == "advance":
            view = store.advance(args.code, parse_status(args.status), args.note)
        else:
            view = store.tracking(code=args.code)
        print(f"{view.code}  procedure {view.procedure_code}  due {view.due_date or '-'}")
        for e in view.history:
            vi, en = _label(e.status)
            print(
                f"  {e.at.isoformat(timespec='seconds')}  {e.status:>2} {vi} / {en}"
                + (f"  ({e.note})" if e.note else "")
            )
        return 0
    if args.command == "payment":
        pay = store.mark_paid(args.code)
        paid = pay.paid_at.isoformat(timespec="seconds") if pay.paid_at else "-"
        print(f"{args.code}: paid at {paid}")
        return 0
    if args.command == "ratings":
        rows = store.ratings_summary(ward_code=args.ward, procedure_code=args.procedure)
        if args.json:
            print(json.dumps([r.model_dump() for r in rows], indent=2, ensure_ascii=False))
            return 0
        print(
            f"{'WARD':<8} {'PROCEDURE':<10} {'TOTAL':>5} {'VERY':>5} {'SAT':>5} {'NOT':>5} "
            f"{'SHARE':>6}  REASONS"
        )
        for r in rows:
            reasons = ", ".join(f"{k}={v}" for k, v in r.reasons.items())
            print(
                f"{r.ward_code:<8} {r.procedure_code:<10} {r.total:>5} {r.very_satisfied:>5} "
                f"{r.satisfied:>5} {r.not_satisfied:>5} {r.satisfied_share:>6.0%}  {reasons}"
            )
        return 0
    raise ValueError(f"unknown command {args.command}")


def _label(status: int) -> tuple[str, str]:
    from citybackend.statuses import Status

    return LABELS[Status(status)]


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from citybackend import settings as backend_settings

    load_catalog(args.catalog or None)  # fail now, not in every worker
    load_agency_codes(args.agencies or None)
    engine = create_db_engine(args.database)
    upgrade(engine)  # once, before any worker starts
    engine.dispose()
    os.environ[backend_settings.ENV_DATABASE] = args.database
    os.environ[backend_settings.ENV_CATALOG] = args.catalog
    os.environ[backend_settings.ENV_AGENCIES] = args.agencies
    os.environ[backend_settings.ENV_ADMIN_TOKEN] = args.admin_token
    os.environ[backend_settings.ENV_LOOKUP_RATE] = str(args.lookup_rate)
    os.environ[backend_settings.ENV_LOOKUP_BURST] = str(args.lookup_burst)
    os.environ[backend_settings.ENV_THREADS] = str(max(1, args.threads))
    os.environ[backend_settings.ENV_KIOSK_LOOKUP_RATE] = str(args.kiosk_lookup_rate)
    os.environ[backend_settings.ENV_KIOSK_LOOKUP_BURST] = str(args.kiosk_lookup_burst)
    os.environ[backend_settings.ENV_DOCS] = "1" if args.docs else ""
    os.environ[backend_settings.ENV_LOG_LEVEL] = args.log_level
    proxies = [p.strip() for p in args.trusted_proxy if p.strip()]
    uvicorn.run(
        "citybackend.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,  # tracking page paths are secret capabilities
        log_level=args.log_level,
        timeout_graceful_shutdown=5,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 by default: only from the
        # configured proxies here, so a client cannot choose its own address
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or [],
        ssl_certfile=args.ssl_certfile or None,
        ssl_keyfile=args.ssl_keyfile or None,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
