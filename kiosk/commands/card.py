"""Technician commands: ``kiosk card readers``, ``kiosk card read``, ``kiosk card virtual``.

``read`` needs only ``--id`` for cards that do PACE; ``--dob`` (and ``--expiry``) for BAC.

``read`` goes through the same engine and card thread as the kiosk. Its output holds the
resident's personal data by design (the technician asked for it): it goes to stdout only,
never to the log.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.card.api import AccessKeys, CardReadResult, ReadStage
from kiosk.card.errors import CardError
from kiosk.commands.context import CommandContext, Subparsers, config_from_args
from kiosk.config import Config, ConfigError
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.card.reader import ChipReader  # imported when a read needs it

JSON_FIELDS = (
    "id_number", "full_name", "date_of_birth", "sex", "nationality", "ethnicity", "religion",
    "place_of_origin", "place_of_residence", "identifying_marks", "issue_date", "expiry_date",
    "father_name", "mother_name", "spouse_name", "old_id_number",
)  # fmt: skip

_LABELS = {
    "id_number": "Số định danh / ID number",
    "full_name": "Họ và tên / Name",
    "date_of_birth": "Ngày sinh / Date of birth",
    "sex": "Giới tính / Sex",
    "nationality": "Quốc tịch / Nationality",
    "ethnicity": "Dân tộc / Ethnicity",
    "religion": "Tôn giáo / Religion",
    "place_of_origin": "Quê quán / Place of origin",
    "place_of_residence": "Nơi thường trú / Residence",
    "identifying_marks": "Đặc điểm nhận dạng / Marks",
    "issue_date": "Ngày cấp / Issued",
    "expiry_date": "Có giá trị đến / Expires",
    "father_name": "Họ tên cha / Father",
    "mother_name": "Họ tên mẹ / Mother",
    "spouse_name": "Vợ/chồng / Spouse",
    "old_id_number": "Số CMND cũ / Old ID",
}


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from exc


def register(subparsers: Subparsers, ctx: CommandContext) -> None:
    """Add the ``card`` sub-command to the ``kiosk`` parser."""
    card = subparsers.add_parser("card", help="chip ID card reader: list readers, read a card")
    sub = card.add_subparsers(dest="card_command", metavar="ACTION", required=True)

    readers = sub.add_parser("readers", help="list PC/SC readers and their card state")
    readers.add_argument("--json", action="store_true", help="machine-readable output")
    readers.set_defaults(func=cmd_readers)

    read = sub.add_parser(
        "read",
        help="read a chip ID card (PACE or BAC, chip authentication, DG1, DG13, passive auth)",
    )
    read.add_argument("--id", required=True, dest="id_number", help="12-digit ID number")
    read.add_argument(
        "--dob", type=_iso_date, help="date of birth YYYY-MM-DD (BAC only; PACE needs the ID)"
    )
    read.add_argument("--no-pace", action="store_true", help="BAC even when the card does PACE")
    read.add_argument(
        "--expiry", type=_iso_date, help="expiry YYYY-MM-DD (omitted: try the card-rule dates)"
    )
    read.add_argument("--reader", help="reader name or part of it (default: card.reader)")
    read.add_argument("--face", type=Path, metavar="FILE", help="also read DG2, save it to FILE")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.add_argument("--trust-store", help="CSCA folder/master list (default: card.trust_store)")
    read.add_argument("--timeout", type=float, help="seconds (default: card.read_timeout_s)")
    read.add_argument(
        "--virtual", action="store_true",
        help="read the built-in virtual card in-process (the sample citizen) - a rehearsal",
    )  # fmt: skip
    read.set_defaults(func=cmd_read)

    virtual = sub.add_parser(
        "virtual", help="insert the virtual card (sample citizen) into pcscd's vpcd reader"
    )
    virtual.add_argument("--port", type=int, default=35963, help="vpcd port (35963 or 35964)")
    virtual.add_argument(
        "--faults", default="", help="e.g. tamper_dg13,max_read=32,refuse_pace,wrong_chip_key"
    )
    virtual.add_argument("--no-pace", action="store_true", help="a BAC-only card")
    virtual.add_argument(
        "--chip-auth", choices=("ca", "aa", "none"), default="ca",
        help="chip authentication (DG14), active authentication only (DG15), or neither",
    )  # fmt: skip
    virtual.add_argument(
        "--extended-length", action="store_true", help="advertise and accept extended length"
    )
    virtual.add_argument("--seconds", type=float, default=600.0, help="stay inserted this long")
    virtual.add_argument("--pki-dir", type=Path, help="where the test CSCA/DSC are cached")
    virtual.set_defaults(func=cmd_virtual)


def _fail(exc: KioskError) -> int:
    print(f"{exc.message('vi')}\n{exc.message('en')}\n[{exc.code}] {exc.detail}", file=sys.stderr)
    return 1


def cmd_readers(args: argparse.Namespace) -> int:
    from kiosk.card.transport.pcsc import list_readers

    try:
        states = list_readers()
    except CardError as exc:
        return _fail(exc)
    if args.json:
        rows = [
            {"name": s.name, "card_present": s.card_present, "atr": s.atr.hex().upper()}
            for s in states
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not states:
        print("Không có đầu đọc / no reader")
        return 1
    for s in states:
        card = f"card present, ATR {s.atr.hex().upper()}" if s.card_present else "no card"
        print(f"{s.name}: {card}")
    return 0


def result_as_dict(result: CardReadResult) -> dict[str, Any]:
    """The JSON form of a read: the fields, dates in ISO form, the passive-auth steps, the
    access method, the chip authenticity and the card generation."""
    identity = result.identity
    out: dict[str, Any] = {}
    for name in JSON_FIELDS:
        value = getattr(identity, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    if identity.expiry_date is None and identity.expiry_text:
        out["expiry_date"] = identity.expiry_text
    out["passive_authentication"] = result.passive_auth.as_dict()
    out["access_method"] = result.access_method.value
    out["chip_authenticity"] = result.chip_authenticity.value
    out["chip_auth_method"] = result.chip_auth_method
    out["generation"] = result.generation.value
    return out


def _make_reader(args: argparse.Namespace, cfg: Config) -> ChipReader:
    from kiosk.card.reader import ChipReader
    from kiosk.card.transport.pcsc import PcscConnector
    from kiosk.card.verification.trust_store import TrustStore

    if args.virtual:
        import tempfile

        from kiosk.simulators.demo_card import demo_card_reader
        from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN

        data_dir = Path(tempfile.gettempdir()) / "ward-kiosk-card-cli"
        return demo_card_reader(SAMPLE_CITIZEN, data_dir, use_pace=not args.no_pace)
    trust_path = args.trust_store if args.trust_store is not None else cfg.card.trust_store
    reader = args.reader if args.reader is not None else cfg.card.reader
    return ChipReader(PcscConnector(reader), TrustStore.load(trust_path), use_pace=not args.no_pace)


def cmd_read(args: argparse.Namespace) -> int:
    from kiosk.card.access.keys import check_id_number
    from kiosk.card.service import CardService

    try:
        cfg = config_from_args(args)
    except ConfigError as exc:
        return _fail(exc)
    timeout = args.timeout or cfg.card.read_timeout_s
    try:
        keys = AccessKeys(check_id_number(args.id_number), args.dob, args.expiry)
        service = CardService(_make_reader(args, cfg), timeout_s=timeout)
    except KioskError as exc:
        return _fail(exc)

    def progress(stage: ReadStage) -> None:
        if not args.json:
            print(f"... {stage.value}", file=sys.stderr)

    try:
        result = service.read(keys, progress, read_face=args.face is not None).result(timeout + 5)
    except KioskError as exc:
        return _fail(exc)
    finally:
        service.shutdown()
    if args.face is not None and result.face_image:
        suffix = ".jp2" if result.face_format == "jp2" else ".jpg"
        face_path = args.face if args.face.suffix else args.face.with_suffix(suffix)
        face_path.write_bytes(result.face_image)
    data = result_as_dict(result)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for name in JSON_FIELDS:
        print(f"{_LABELS[name]}: {data[name]}")
    pa = result.passive_auth
    print(
        f"Xác thực dữ liệu / passive authentication: hashes {pa.data_group_hashes.value}, "
        f"signature {pa.sod_signature.value}, chain {pa.certificate_chain.value}"
        + (f" ({pa.detail})" if pa.detail else "")
    )
    print(f"Truy cập / access: {result.access_method.value}")
    method = f" ({result.chip_auth_method})" if result.chip_auth_method else ""
    print(f"Chip: {result.chip_authenticity.value}{method}")
    print(f"Thế hệ thẻ / generation: {result.generation.value}")
    print(f"APDUs: {result.apdu_count}")
    return 0


def cmd_virtual(args: argparse.Namespace) -> int:
    import tempfile

    from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
    from kiosk.simulators.virtual_card.factory import make_card
    from kiosk.simulators.virtual_card.faults import FaultModes
    from kiosk.simulators.virtual_card.features import CardFeatures
    from kiosk.simulators.virtual_card.pki import load_or_create
    from kiosk.simulators.virtual_card.vpcd import VpcdCard

    try:
        faults = FaultModes.parse(args.faults)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pki_dir = args.pki_dir or Path(tempfile.gettempdir()) / "ward-kiosk-card-pki"
    pki = load_or_create(pki_dir)
    features = CardFeatures(
        pace=not args.no_pace, chip_auth=args.chip_auth, extended_length=args.extended_length
    )
    card = VpcdCard(
        make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki, faults=faults, features=features),
        args.port,
    )
    try:
        card.insert()
    except OSError as exc:
        print(f"error: vpcd on port {args.port} not reachable ({exc})", file=sys.stderr)
        return 1
    print(f"virtual card inserted on port {args.port}; CSCA: {pki_dir / 'csca.pem'}")
    try:
        card.removed.wait(args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        card.remove()
    return 0
