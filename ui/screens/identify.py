"""Identify: the ID number on the number pad (or the card's printed QR), then the chip read.

The resident gives only the 12-digit ID number: the reader does PACE with it (the card access
number is its last 6 digits). A card without PACE answers ``DatesNeededError``; the screen then
asks for the birth date (and the expiry where one is printed; otherwise the engine derives it)
and reads again, keeping the number typed. What a refused key means, and whether a failure
should also alert the staff (``ChipNotGenuineError.staff_alert``), is the engine's to say.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.card.access.keys import (
    check_birth_date,
    check_expiry_date,
    check_id_number,
    parse_card_qr,
)
from kiosk.card.api import AccessKeys, CardReadResult, ReadStage
from kiosk.card.errors import AccessDeniedError, DatesNeededError
from kiosk.card.generation import NUMBER_ONLY_HINT, QR_HINT
from kiosk.errors import KioskError
from kiosk.visit.session import Step
from ui.bridges import CallbackRelay
from ui.context import UiContext
from ui.screens.base import Screen, label, panel

log = logging.getLogger(__name__)

# the demo's virtual card (kiosk.simulators.sample_citizen): shown only in demo mode, and kept
# as literals so the hint never reads anything from a real card
DEMO_CARD_NUMBER = "001089012345"
DEMO_CARD_BIRTH = "14/05/1989"

_STAGE_KEYS = {
    ReadStage.WAITING_FOR_CARD: "id.waiting",
    ReadStage.AUTHENTICATING: "id.reading",
    ReadStage.READING: "id.reading",
    ReadStage.VERIFYING: "id.verifying",
    ReadStage.DONE: "id.done",
}


class IdentifyScreen(Screen):
    step = Step.IDENTIFY

    #: a read failed in a way the staff must know of at once (the error's code; no personal
    #: data): the window calls them as "Call staff" does
    staffAlert = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.hint = label()
        self.hint.setObjectName("id_hint")
        self.body.addWidget(self.hint)
        self.qr_hint = label()
        self.qr_hint.setObjectName("qr_hint")
        self.body.addWidget(self.qr_hint)
        self.demo_hint = label(name="Muted")
        self.demo_hint.setVisible(ctx.services.demo)
        self.body.addWidget(self.demo_hint)
        # one "field" for the window's scroll-into-view: a focused date brings the number and
        # the prompt over it into view with it, above the keyboard
        keys_box = QWidget()
        keys_box.setObjectName("field-access-keys")
        grid = QGridLayout(keys_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        self.number_label, self.number = label(wrap=False), QLineEdit()
        self.dob_label, self.dob = label(wrap=False), QLineEdit()
        self.expiry_label, self.expiry = label(wrap=False), QLineEdit()
        #: why the dates are asked (the card's answer), over the date rows: above the keyboard
        self.dates_prompt = label(name="H2")
        self.dates_prompt.setProperty("role", "dates_prompt")
        self.number.setObjectName("id_number")
        self.dob.setObjectName("date_of_birth")
        self.expiry.setObjectName("expiry_date")
        self.number.setMaxLength(12)
        for edit, mode in ((self.number, "numeric"), (self.dob, "date"), (self.expiry, "date")):
            edit.setProperty("keyboard", mode)
            edit.textChanged.connect(self._keys_changed)
        grid.addWidget(self.number_label, 0, 0)
        grid.addWidget(self.number, 0, 1)
        grid.addWidget(self.dates_prompt, 1, 0, 1, 2)
        for row, (lab, edit) in enumerate(
            ((self.dob_label, self.dob), (self.expiry_label, self.expiry)), start=2
        ):
            grid.addWidget(lab, row, 0)
            grid.addWidget(edit, row, 1)
        self.body.addWidget(keys_box)
        #: the date rows, shown only when the card needs BAC (or BAC refused dates it was given)
        self._date_rows = (self.dob_label, self.dob, self.expiry_label, self.expiry)
        self.key_error = label(name="Error")
        self.body.addWidget(self.key_error)

        actions = QHBoxLayout()
        self.read_button = QPushButton()
        self.read_button.setObjectName("Primary")
        self.read_button.setProperty("role", "read")
        self.read_button.clicked.connect(self.start_read)
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.start_read)
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("ask_staff")
        actions.addWidget(self.read_button)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.staff_button)
        actions.addStretch(1)
        self.body.addLayout(actions)

        self.status = label(name="H2")
        self.body.addWidget(self.status)

        self.summary = panel()
        srow = QHBoxLayout(self.summary)
        srow.setContentsMargins(32, 24, 32, 24)
        self.photo = label(wrap=False)
        self.photo.setFixedSize(180, 240)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        srow.addWidget(self.photo)
        texts = QVBoxLayout()
        self.confirm = label(name="H2")
        self.person = label()
        self.pa_state = label(name="Muted")
        texts.addWidget(self.confirm)
        texts.addWidget(self.person)
        texts.addWidget(self.pa_state)
        texts.addStretch(1)
        srow.addLayout(texts, 1)
        self.body.addWidget(self.summary)
        self.body.addStretch(1)

        self._relay = CallbackRelay()
        self._relay.fired.connect(self._progress)
        self._result: CardReadResult | None = None
        self._reading = False
        self._error: KioskError | None = None
        self._stage: ReadStage | None = None
        #: the card asked for the birth date (BAC): the date rows are shown and required
        self._dates_needed = False
        self._reset_view()

    # --- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = self.ctx.tr
        i = 0 if self.ctx.lang == "vi" else 1
        self.heading.setText(t("id.heading"))
        self.hint.setText(NUMBER_ONLY_HINT[i])
        qr = QR_HINT[i]
        self.qr_hint.setText(t("id.or_qr", qr=qr[:1].lower() + qr[1:]))
        if self.ctx.services.demo:
            self.demo_hint.setText(t("id.demo_hint", number=DEMO_CARD_NUMBER, dob=DEMO_CARD_BIRTH))
        self.number_label.setText(t("id.number"))
        self.dob_label.setText(t("id.dob"))
        self.expiry_label.setText(t("id.expiry"))
        for edit in (self.dob, self.expiry):
            edit.setPlaceholderText(t("id.date_hint"))
        self.read_button.setText(t("id.read"))
        self.retry_button.setText(t("id.retry"))
        self.staff_button.setText(t("id.ask_staff"))
        self.confirm.setText(t("id.confirm"))
        self._show_state()
        self._keys_changed()
        self._show_result()

    # --- keys -----------------------------------------------------------------------------
    def _keys(self) -> AccessKeys | None:
        keys, _error = self._check_keys(partial=False)
        return keys

    def _check_keys(self, *, partial: bool) -> tuple[AccessKeys | None, str]:
        """The access keys, or the first problem to show. ``partial``: the resident may still
        be typing, so an incomplete value is not yet an error.

        The number alone opens a PACE card. The birth date is required once the card asked for
        it; before that a birth date from the card's QR (kept in the hidden field) is passed
        along, so that a card without PACE is read without asking."""
        number = self.number.text().strip()
        dob_text = self.dob.text().strip()
        expiry_text = self.expiry.text().strip()
        lang = self.ctx.lang
        today = self.ctx.services.clock().date()
        try:
            if number and not number.isdigit():
                check_id_number(number)
            if not partial or len(number) >= 12:
                number = check_id_number(number)
            dob = None
            if self._dates_needed:
                if not partial or len(dob_text) >= 10:
                    dob = check_birth_date(dob_text, today=today)
            elif dob_text:
                try:
                    dob = check_birth_date(dob_text, today=today)
                except KioskError:
                    dob = None  # not asked for: never an error of the resident's
            expiry = None
            if self._dates_needed and expiry_text and (not partial or len(expiry_text) >= 10):
                expiry = check_expiry_date(expiry_text, dob)
        except KioskError as exc:
            return None, exc.message(lang)
        if partial or (self._dates_needed and dob is None):
            return None, ""
        return AccessKeys(id_number=number, date_of_birth=dob, expiry_date=expiry), ""

    def _keys_changed(self) -> None:
        _keys, error = self._check_keys(partial=True)
        self.key_error.setText(error)
        self.key_error.setVisible(bool(error))
        ready = self._keys() is not None and not self._reading
        self.read_button.setEnabled(ready)
        self.retry_button.setEnabled(ready)

    def _show_dates(self, on: bool) -> None:
        self._dates_needed = on
        for w in self._date_rows:
            w.setVisible(on)

    def accept_scan(self, text: str) -> bool:
        """Fill the keys from the QR printed on the card (front of the CCCD, back of the 2024
        card) and read; False if it is not one. The birth date it carries stays in the hidden
        date field, for a card that needs BAC."""
        try:
            qr = parse_card_qr(text)
        except KioskError:
            return False
        self.number.setText(qr.id_number)
        self.dob.setText(qr.date_of_birth.strftime("%d/%m/%Y"))
        self.status.setText(self.ctx.tr("id.scanned"))
        if self._keys() is not None and not self._reading:
            self.start_read()
        return True

    # --- reading --------------------------------------------------------------------------
    def start_read(self) -> None:
        keys = self._keys()
        if keys is None or self._reading:
            return
        self._reading = True
        self._error = None
        self._result = None
        self._stage = ReadStage.WAITING_FOR_CARD
        self._show_state()
        self._show_result()
        future = self.ctx.services.card.read(keys, self._relay, read_face=True)
        self.ctx.runner.watch(future, self._read_ok, self._read_failed)

    def _progress(self, stage: object) -> None:
        if self._reading and isinstance(stage, ReadStage):
            self._stage = stage
            self._show_state()

    def _read_ok(self, result: CardReadResult) -> None:
        self._reading = False
        self._result = result
        self._stage = ReadStage.DONE
        self.ctx.services.redactor.add(result.identity.identifying_values())
        self._show_state()
        self._show_result()
        self.navChanged.emit()

    def _read_failed(self, error: BaseException) -> None:
        self._reading = False
        self._stage = None
        if isinstance(error, KioskError):
            self._error = error
            log.info("card read failed: %s", error.code)
        else:
            log.error("card read crashed", exc_info=error)
            self._error = KioskError(type(error).__name__)
        if isinstance(error, DatesNeededError) or (
            type(error) is AccessDeniedError and self.dob.text().strip()
        ):
            # the card needs BAC (or BAC refused the dates from the QR): ask, keep the number
            self._show_dates(True)
            self._keys_changed()
            self.dob.setFocus(Qt.FocusReason.OtherFocusReason)
        if getattr(error, "staff_alert", False):
            self.staffAlert.emit(self._error.code)
        self._show_state()
        self.navChanged.emit()

    def _show_state(self) -> None:
        error = self._error
        asks_dates = isinstance(error, DatesNeededError)
        #: retrying cannot help (a chip that is not genuine): only the staff can
        hopeless = bool(getattr(error, "staff_alert", False))
        self.retry_button.setVisible(error is not None and not asks_dates and not hopeless)
        self.staff_button.setVisible(error is not None)
        self.read_button.setVisible(error is None or asks_dates)
        self._keys_changed()
        self.dates_prompt.setVisible(asks_dates)
        if asks_dates:
            assert error is not None
            # said over the date fields (the status line is under the keyboard by now)
            self.dates_prompt.setText(error.message(self.ctx.lang))
            self.status.setObjectName("H2")
            self.status.setText("")
        elif error is not None:
            self.status.setObjectName("Error")
            self.status.setText(error.message(self.ctx.lang))
        elif self._stage is not None:
            self.status.setObjectName("H2")
            self.status.setText(self.ctx.tr(_STAGE_KEYS[self._stage]))
        else:
            self.status.setText("")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _show_result(self) -> None:
        r = self._result
        self.summary.setVisible(r is not None)
        if r is None:
            self.person.clear()
            self.photo.clear()
            return
        who = r.identity
        self.person.setText(
            f"{who.full_name}\n{who.date_of_birth.strftime('%d/%m/%Y')}  ·  {who.id_number}"
        )
        key = "id.pa.verified" if r.passive_auth.fully_verified else "id.pa.partial"
        self.pa_state.setText(self.ctx.tr(key))
        if r.face_image:
            image = QImage.fromData(r.face_image)
            if not image.isNull():
                self.photo.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        self.photo.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )

    def _reset_view(self) -> None:
        self._result = None
        self._error = None
        self._stage = None
        self._reading = False
        self._show_dates(False)
        self._show_state()
        self._show_result()

    # --- navigation -----------------------------------------------------------------------
    def on_enter_key(self) -> bool:
        if self._result is None:
            self.start_read()  # the keys are typed: read the card (nothing if incomplete)
            return True
        return False

    def on_enter(self) -> None:
        if self.ctx.session.identity is None:
            self._reset_view()

    def can_continue(self) -> bool:
        return self._result is not None

    def on_continue(self) -> None:
        assert self._result is not None
        self.ctx.session.identified(self._result)

    def clear(self) -> None:
        super().clear()
        self._reset_view()
