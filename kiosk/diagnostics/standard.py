"""The standard probes for a kiosk configuration (used by ``kiosk doctor`` and the UI)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.backend.api import OutboxState
from kiosk.backend.enrolment import read_token
from kiosk.backend.errors import NotEnrolledError, OutboxError
from kiosk.backend.outbox import OUTBOX_FILE
from kiosk.backend.outbox_reading import read_outbox_state
from kiosk.config import Config
from kiosk.diagnostics.backend_probe import HEALTH_PATH, probe_backend
from kiosk.diagnostics.card_probe import CardRunner, probe_card_readers
from kiosk.diagnostics.collect import DaemonThreadRunner, Probe
from kiosk.diagnostics.printer_probe import probe_printer
from kiosk.diagnostics.report import ProbeResult, Status
from kiosk.diagnostics.system_probes import probe_disk, probe_outbox, probe_versions

log = logging.getLogger(__name__)

CARD_TIMEOUT_S = 4.0
PRINTER_COMMAND_TIMEOUT_S = 2.0


def _token_or_empty(cfg: Config) -> str:
    """The device token, or "" when not enrolled yet or not readable by this user (the
    backend probe then says so)."""
    try:
        return read_token(cfg)
    except NotEnrolledError:
        return ""


def standard_probes(
    cfg: Config,
    *,
    card_runner: CardRunner | None = None,
    outbox_state: Callable[[], OutboxState] | None = None,
    health_path: str = HEALTH_PATH,
    overrides: dict[str, Callable[[], ProbeResult]] | None = None,
) -> list[Probe]:
    """Probes for readers, printer, backend, outbox, disk and versions.

    ``card_runner`` routes PC/SC calls (the app passes ``CardService.run``; by default a
    daemon thread). ``outbox_state`` is the gateway's; without it (``kiosk doctor``, another
    process) the outbox file is read, read only.
    ``overrides`` replaces a probe's function by name (tests, demo devices).
    """
    runner: CardRunner = card_runner or DaemonThreadRunner("diagnostics-pcsc")
    printer_name = (
        str(cfg.data_path(cfg.printer.pdf_dir)) if cfg.printer.kind == "pdf" else cfg.printer.name
    )
    connect_s = cfg.backend.connect_timeout_s
    read_s = cfg.backend.read_timeout_s
    ca_bundle = cfg.backend.ca_bundle

    def outbox() -> ProbeResult:
        if outbox_state is not None:
            return probe_outbox(outbox_state)
        try:  # another process (``kiosk doctor``): the file, read only
            return probe_outbox(lambda: read_outbox_state(cfg.data_dir / OUTBOX_FILE))
        except OutboxError as exc:
            return ProbeResult("outbox", Status.FAIL, exc.detail)

    def backend() -> ProbeResult:
        return probe_backend(
            cfg.backend.url,
            _token_or_empty(cfg),
            path=health_path,
            connect_timeout_s=connect_s,
            read_timeout_s=read_s,
            verify=ca_bundle or True,
        )

    funcs: dict[str, tuple[Callable[[], ProbeResult], float]] = {
        "card_readers": (
            lambda: probe_card_readers(
                runner, timeout_s=CARD_TIMEOUT_S, wanted_reader=cfg.card.reader
            ),
            CARD_TIMEOUT_S + 1,
        ),
        "printer": (
            lambda: probe_printer(
                cfg.printer.kind, printer_name, timeout_s=PRINTER_COMMAND_TIMEOUT_S
            ),
            5 * PRINTER_COMMAND_TIMEOUT_S + 1,
        ),
        "backend": (backend, connect_s + read_s + 1),
        "outbox": (outbox, 5.0),
        "disk": (lambda: probe_disk(cfg.data_dir), 5.0),
        "versions": (
            lambda: probe_versions(ward=(cfg.kiosk.ward_code, cfg.kiosk.ward_name)),
            5.0,
        ),
    }
    for name, fn in (overrides or {}).items():
        if name not in funcs:
            raise KeyError(f"no probe named {name!r}")
        funcs[name] = (fn, funcs[name][1])
    return [Probe(name, fn, timeout) for name, (fn, timeout) in funcs.items()]


def describe(probes: list[Probe]) -> dict[str, Any]:
    """Names and time limits, for logs."""
    return {p.name: p.timeout_s for p in probes}
