"""What both kinds of kiosk assemble the same way: the catalog, the city gateway and the card
stack built on first use (:mod:`kiosk.services.deferred`), and the print process. Demo mode
and production mode (:mod:`ui.startup.demo`, :mod:`ui.startup.production`) give what differs:
where the city is and which card reader to build."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from kiosk.backend.api import DossierGateway
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


def assemble_services(
    cfg: Config,
    redactor: Redactor,
    stack: ExitStack,
    *,
    make_gateway: Callable[[], tuple[DossierGateway, Stoppable]],
    make_reader: Callable[[], CardReader],
    demo: bool = False,
    on_printed: Callable[[Path | None], None] | None = None,
) -> Services:
    """The kiosk's services over ``cfg``; everything started is stopped by ``stack``."""
    loaded = load_catalog(bundled_catalog_dir(), cfg.data_dir / "catalog")
    for error in loaded.errors:
        log.error("catalog: %s", error)
    gateway = DeferredGateway(make_gateway)
    stack.callback(gateway.stop)
    card = CardService(DeferredCardReader(make_reader), timeout_s=cfg.card.read_timeout_s)
    # slips are painted in their own process: no Qt object on the kiosk's worker threads (#16)
    print_process = PrintProcess(PrintTarget.from_config(cfg))
    stack.callback(print_process.stop)

    def print_receipt(receipt: Receipt) -> None:
        path = print_process.print_receipt(receipt)
        if on_printed is not None:
            on_printed(path)

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
        demo=demo,
        warm_up=warm_up,
    )
