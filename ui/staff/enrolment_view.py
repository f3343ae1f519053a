"""Technician mode: enrol the kiosk with the city (paste or scan the device token)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from ui.context import UiContext
from ui.screens.base import forget_text, label
from ui.staff.strings import tr

log = logging.getLogger(__name__)


class EnrolmentView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: checks the token with the city and stores it; runs on a worker
        self.enrol_fn: Callable[[str], Path] = self._enrol
        layout = QVBoxLayout(self)
        self.intro = label()
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("enrolment_code")
        self.code.setProperty("keyboard", "email")  # letters and digits, no Telex
        self.code.textChanged.connect(self._changed)
        row.addWidget(self.code, 1)
        self.save_button = QPushButton()
        self.save_button.setObjectName("Primary")
        self.save_button.setProperty("role", "enrol")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.state = label(name="H2")
        layout.addWidget(self.state)
        layout.addStretch(1)
        self._busy = False
        self._state_key = ""
        self._error: KioskError | None = None
        self.retranslate()
        self._changed()

    def _enrol(self, text: str) -> Path:
        from kiosk.backend.enrolment import enrol  # the HTTP client: not needed to start

        return enrol(self.ctx.services.config, text)

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.intro.setText(tr("enrol.intro", lang, url=self.ctx.services.config.backend.url))
        self.code.setPlaceholderText(tr("enrol.placeholder", lang))
        self.save_button.setText(tr("enrol.save", lang))
        if self._error is not None:
            self.state.setText(self._error.message(lang))
        else:
            self.state.setText(tr(self._state_key, lang) if self._state_key else "")

    def _changed(self) -> None:
        self.save_button.setEnabled(bool(self.code.text().strip()) and not self._busy)

    def save(self) -> None:
        text = self.code.text()
        if not text.strip() or self._busy:
            return
        self._busy = True
        self._error = None
        self._state_key = "enrol.checking"
        self._changed()
        self.retranslate()
        enrol_fn = self.enrol_fn
        self.ctx.runner.run(lambda: enrol_fn(text), self._saved, self._failed)

    def _saved(self, _path: Path) -> None:
        log.info("device token checked with the city and stored")
        self._busy = False
        self._state_key = "enrol.saved"
        forget_text(self.code)
        self._changed()
        self.retranslate()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, KioskError):
            log.warning("enrolment refused: %s", error)
            self._error = error
        else:
            log.error("enrolment crashed", exc_info=error)
            self._error = KioskError(type(error).__name__)
        self._changed()
        self.retranslate()

    def abandon(self) -> None:
        self._busy = False
        self._state_key = ""
        self._error = None
        forget_text(self.code)
        self._changed()
