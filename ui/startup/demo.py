"""Demo mode: the reference backend on 127.0.0.1, a virtual card, a printer that writes PDFs.

Everything real except the hardware: the card engine reads a virtual CCCD (BAC, secure
messaging, passive authentication against a test CSCA), the client and outbox talk HTTP to the
reference backend in its own process, and receipts are rendered by the Qt print path to PDF.
The card stack and the city client are built on first use (:mod:`kiosk.services.deferred`), so
the home screen paints first.
"""

from __future__ import annotations

import logging
import os
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.backend.api import DossierGateway
from kiosk.card.api import CardReader
from kiosk.config import Config
from kiosk.domain.catalog_loading import bundled_catalog_dir
from kiosk.runtime.logsetup import Redactor
from kiosk.services.deferred import Stoppable
from kiosk.staff import PinStore, Role
from kiosk.staff.pins import pin_path
from loopback.citybackend import DemoBackend
from ui.context import Services
from ui.startup.services import assemble_services

if TYPE_CHECKING:
    from kiosk.simulators.virtual_card.vpcd import VpcdCard

log = logging.getLogger(__name__)

#: demo-only PINs, printed in the README; a real kiosk gets its PINs from `kiosk staff add-pin`
DEMO_STAFF_PIN = "1234"
DEMO_TECHNICIAN_PIN = "9999"


def seed_demo_pins(store: PinStore) -> None:
    if not store.members():
        store.add(Role.STAFF, "Cán bộ (demo)", DEMO_STAFF_PIN)
        store.add(Role.TECHNICIAN, "Kỹ thuật viên (demo)", DEMO_TECHNICIAN_PIN)


def demo_services(
    cfg: Config, redactor: Redactor, stack: ExitStack, *, wait_for_backend: bool = False
) -> Services:
    """Start the demo's backend process and build the services around it.

    The home screen does not wait for the backend (a resident needs a minute to reach
    "submit"); ``wait_for_backend`` is for screenshots and tests that submit at once.
    """
    data_dir = cfg.data_dir
    backend = DemoBackend(data_dir / "citybackend", cfg.kiosk.id, bundled_catalog_dir())
    backend.start()
    stack.callback(backend.stop)
    if wait_for_backend:
        backend.wait_ready()
    cfg = cfg.replace(
        backend__url=backend.base_url,
        backend__tracking_base_url=backend.tracking_base_url,
        printer__kind="pdf",
    )

    def make_gateway() -> tuple[DossierGateway, Stoppable]:
        from kiosk.backend.gateway import start_gateway

        return start_gateway(cfg, backend.token)  # cfg points at the demo backend

    inserted: list[VpcdCard] = []

    def make_reader() -> CardReader:
        """The virtual card through pcscd and its vpcd reader when pcscd runs (the whole PC/SC
        path, as on a kiosk); driven in-process otherwise."""
        from kiosk.simulators.demo_card import demo_card_reader, demo_card_reader_via_pcscd
        from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN

        # KIOSK_DEMO_CARD=in-process: never through pcscd (a test run that shares the machine's
        # pcscd with other runs, e.g. the real-window tier)
        use_pcscd = os.environ.get("KIOSK_DEMO_CARD", "auto") != "in-process"
        via_pcscd = demo_card_reader_via_pcscd(SAMPLE_CITIZEN, data_dir) if use_pcscd else None
        if via_pcscd is not None:
            reader, card = via_pcscd
            inserted.append(card)
            log.info("demo card inserted into pcscd's virtual reader")
            return reader
        log.info("pcscd is not running: the demo card is read in-process")
        return demo_card_reader(SAMPLE_CITIZEN, data_dir)

    def remove_cards() -> None:
        for card in inserted:
            card.remove()

    stack.callback(remove_cards)

    def printed(path: Path | None) -> None:
        log.info("demo receipt written: %s", path.name if path else "-")

    seed_demo_pins(PinStore(pin_path(data_dir)))
    return assemble_services(
        cfg,
        redactor,
        stack,
        make_gateway=make_gateway,
        make_reader=make_reader,
        demo=True,
        on_printed=printed,
    )
