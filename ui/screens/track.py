"""Track a dossier: scan the receipt's QR or type the code; show the procedure's name and
the status timeline."""

from __future__ import annotations

import logging
import re

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.domain.dossier import STATUS_LABELS, DossierTracking
from kiosk.errors import KioskError
from kiosk.visit.session import Step
from ui.context import UiContext
from ui.display import show_date
from ui.screens.base import Screen, empty_layout, label, panel

log = logging.getLogger(__name__)

_TOKEN_IN_URL = re.compile(r"/tra-cuu/([A-Za-z0-9_-]{16,64})")


def query_from_scan(text: str) -> str:
    """A scanned receipt QR holds the tracking URL; keep only its token."""
    m = _TOKEN_IN_URL.search(text)
    return m.group(1) if m else text.strip()


class TrackScreen(Screen):
    step = Step.TRACK
    show_continue = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.prompt = label()
        self.body.addWidget(self.prompt)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setObjectName("track_query")
        self.query.returnPressed.connect(self.look_up)
        row.addWidget(self.query, 1)
        self.go = QPushButton()
        self.go.setObjectName("Primary")
        self.go.clicked.connect(self.look_up)
        row.addWidget(self.go)
        self.body.addLayout(row)
        self.state = label(name="H2")
        self.body.addWidget(self.state)
        self.result = panel()
        self.result_layout = QVBoxLayout(self.result)
        self.result_layout.setContentsMargins(32, 24, 32, 24)
        self.result.hide()
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        self._tracking: DossierTracking | None = None
        self._error: KioskError | None = None
        self._busy = False

    def retranslate(self) -> None:
        t = self.ctx.tr
        self.heading.setText(t("track.heading"))
        self.prompt.setText(t("track.prompt"))
        self.go.setText(t("track.search"))
        self._render()

    def accept_scan(self, text: str) -> bool:
        self.query.setText(query_from_scan(text))
        self.look_up()
        return True

    def look_up(self) -> None:
        q = query_from_scan(self.query.text())
        if not q or self._busy:
            return
        self.ctx.session.tracking_query = q
        self._busy = True
        self._error = None
        self._tracking = None
        self._render()
        gateway = self.ctx.services.gateway
        self.ctx.runner.run(lambda: gateway.track(q), self._found, self._failed)

    def answered(self) -> bool:
        """A look-up has come back, with a result or a message."""
        return not self._busy and (self._tracking is not None or self._error is not None)

    def _found(self, tracking: DossierTracking) -> None:
        self._busy = False
        self._tracking = tracking
        self._render()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, KioskError):
            self._error = error
        else:
            log.error("tracking crashed", exc_info=error)
            self._error = KioskError(type(error).__name__)
        self._render()

    def _render(self) -> None:
        t = self.ctx.tr
        lang = self.ctx.lang
        empty_layout(self.result_layout)
        if self._busy:
            self.state.setText(t("track.looking"))
        elif self._error is not None:
            self.state.setText(self._error.message(lang))
        else:
            self.state.setText("")
        tr_ = self._tracking
        self.result.setVisible(tr_ is not None)
        if tr_ is None:
            return
        vi, en = STATUS_LABELS[tr_.status]
        self.result_layout.addWidget(label(tr_.code, "Code"))
        procedure = self.ctx.services.catalog.get(tr_.procedure_code)
        name = procedure.name(lang) if procedure is not None else tr_.procedure_code
        self.result_layout.addWidget(label(t("track.procedure", name=name), "H2"))
        self.result_layout.addWidget(label(tr_.applicant_masked, "Muted"))
        status = vi if lang == "vi" else en
        self.result_layout.addWidget(label(t("track.status", status=status), "H2"))
        if tr_.due_date:
            self.result_layout.addWidget(label(t("track.due", due=show_date(tr_.due_date))))
        for ev in tr_.history:
            evi, een = STATUS_LABELS[ev.status]
            # no notes: the city's intake note names the kiosk, and back-office notes may name
            # people (the public tracking page leaves them out too)
            text = f"{ev.at.strftime('%H:%M %d/%m/%Y')}  —  {evi if lang == 'vi' else een}"
            self.result_layout.addWidget(label(text))

    def clear(self) -> None:
        self._tracking = None
        self._error = None
        self._busy = False
        super().clear()
        self._render()
