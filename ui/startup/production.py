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
from kiosk.config import Config
from kiosk.runtime.logsetup import Redactor
from kiosk.services.deferred import Stoppable
from ui.context import Services
from ui.startup.services import assemble_services

log = logging.getLogger(__name__)


def production_services(cfg: Config, redactor: Redactor, stack: ExitStack) -> Services:
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

    return assemble_services(
        cfg, redactor, stack, make_gateway=make_gateway, make_reader=make_reader
    )
