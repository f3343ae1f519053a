"""The kiosk on real hardware: PC/SC reader, the city API, the configured printer.

The card stack and the city client are built on first use (:mod:`kiosk.services.deferred`); the app
warms the client up on a worker right after the first frame so the outbox drains at once.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack

from kiosk.backend.api import DossierGateway
from kiosk.backend.enrolment import read_token
from kiosk.backend.errors import NotEnrolledError
from kiosk.card.api import CardReader
from kiosk.card.service import CardService
from kiosk.config import Config
from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
from kiosk.domain.receipt import Receipt
from kiosk.printing.target import PrintTarget
from kiosk.runtime.logsetup import Redactor
from kiosk.services.deferred import DeferredCardReader, DeferredGateway, Stoppable
from ui.context import Services
from ui.printing.print_process import PrintProcess

log = logging.getLogger(__name__)


def production_services(cfg: Config, redactor: Redactor, stack: ExitStack) -> Services:
    loaded = load_catalog(bundled_catalog_dir(), cfg.data_dir / "catalog")
    for error in loaded.errors:
        log.error("catalog: %s", error)

    def make_gateway() -> tuple[DossierGateway, Stoppable]:
        from kiosk.backend.gateway import start_gateway

        try:
            token = read_token(cfg)
        except NotEnrolledError as exc:
            # dossiers wait in the outbox until a technician enrols the kiosk
            log.error("%s", exc)
            token = ""
        return start_gateway(cfg, token)

    def make_reader() -> CardReader:
        from kiosk.card.reader import ChipReader
        from kiosk.card.transport.pcsc import PcscConnector
        from kiosk.card.verification.trust_store import TrustStore

        trust = TrustStore.load(cfg.card.trust_store)
        return ChipReader(PcscConnector(cfg.card.reader), trust)

    gateway = DeferredGateway(make_gateway)
    stack.callback(gateway.stop)
    card = CardService(DeferredCardReader(make_reader), timeout_s=cfg.card.read_timeout_s)
    # slips are painted in their own process: no Qt object on the kiosk's worker threads (#16)
    print_process = PrintProcess(PrintTarget.from_config(cfg))
    stack.callback(print_process.stop)

    def print_receipt(receipt: Receipt) -> None:
        print_process.print_receipt(receipt)

    def warm_up() -> None:
        print_process.warm_up()
        gateway.warm_up()

    return Services(
        config=cfg,
        catalog=loaded.catalog,
        catalog_errors=[str(e) for e in loaded.errors],
        card=card,
        gateway=gateway,
        printer=print_receipt,
        redactor=redactor,
        warm_up=warm_up,
    )
