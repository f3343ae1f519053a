"""What every screen can reach: the session, the engine services, language and modes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from kiosk.backend.api import DossierGateway
from kiosk.card.service import CardService
from kiosk.config import Config
from kiosk.domain.catalog import Catalog
from kiosk.domain.receipt import Receipt
from kiosk.lang import Lang
from kiosk.runtime.logsetup import Redactor
from kiosk.visit.flow import VisitFlow
from kiosk.visit.session import VisitSession
from ui.strings import tr

if TYPE_CHECKING:
    from ui.bridges import TaskRunner


class ReceiptPrinter(Protocol):
    """Prints (or writes) one receipt; raises a PrinterError subclass. Runs on a worker."""

    def __call__(self, receipt: Receipt) -> None: ...


@dataclass
class Services:
    """The engine parts the UI drives, built by :mod:`ui.startup.app` from the configuration."""

    config: Config
    catalog: Catalog
    card: CardService
    gateway: DossierGateway
    printer: ReceiptPrinter
    redactor: Redactor
    catalog_errors: list[str] = field(default_factory=list)
    clock: Callable[[], datetime] = datetime.now
    #: builds what was deferred (the city client, the outbox drain); run on a worker after
    #: the first frame
    warm_up: Callable[[], None] = lambda: None
    demo: bool = False


@dataclass
class UiContext:
    services: Services
    session: VisitSession
    runner: TaskRunner
    lang: Lang = "vi"
    large_text: bool = False
    high_contrast: bool = False
    #: when the resident pressed "Call staff" in this visit (staff mode shows it); the wipe
    #: clears it
    staff_called_at: datetime | None = None
    #: why the kiosk itself called the staff (an error's ``code``, e.g. "card.not_genuine");
    #: empty when the resident called or nobody did. The wipe clears it.
    staff_alert: str = ""

    @property
    def visit(self) -> VisitFlow:
        """The engine's review, submit, receipt and rating steps of this session."""
        return VisitFlow(self.session, self.services.config, self.services.clock)

    def tr(self, key: str, /, **values: object) -> str:
        return tr(key, self.lang, **values)
