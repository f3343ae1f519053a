"""``kiosk --demo --screenshots DIR``: walk every screen with the sample citizen and save PNGs.

It drives the real demo services (virtual card, reference backend, PDF printer), so the
pictures show what a resident sees, and doubles as a smoke test of the whole chain.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from kiosk.backend.api import Satisfaction
from kiosk.devices.sample_citizen import SAMPLE_CITIZEN
from kiosk.domain.form import FieldKind
from kiosk.session import Step
from ui.main_window import MainWindow
from ui.screens.form import FormScreen
from ui.screens.identify import IdentifyScreen
from ui.screens.track import TrackScreen
from ui.widgets.fields import (
    AddressField,
    AgencyField,
    ChoiceField,
    DeliveryField,
    PersonField,
)

log = logging.getLogger(__name__)

SAMPLE_PROCEDURE = "1.004194"  # temporary residence: a fee, a form with several pages
SAMPLE_ANSWERS = {
    FieldKind.TEXT: "Làm việc tại Hà Nội",
    FieldKind.PERSON_NAME: "Trần Thị Bình",
    FieldKind.NUMBER: "6",
    FieldKind.PHONE: "0912345678",
    FieldKind.EMAIL: "an.nguyen@example.com",
    FieldKind.DATE: "01/02/2020",
    FieldKind.ID_NUMBER: "001089012345",
}


def _pump(until: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the demo did not reach the expected screen in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def _fill_person(f: PersonField) -> None:
    for key, text in (("full_name", "Nguyễn Thị Hoa"), ("date_of_birth", "02/03/2025")):
        if key in f.parts and not f.parts[key].isReadOnly() and not f.parts[key].text():
            f.parts[key].setText(text)
    if f.sex is not None:
        f.sex.buttons["Nữ"].click()


def _fill_page(form: FormScreen) -> None:
    for f in form.widgets:
        if not f.isVisible():
            continue
        if isinstance(f, DeliveryField):
            if not f.value():
                f.method.buttons["counter"].click()
        elif isinstance(f, ChoiceField):
            if not f.value():
                next(iter(f.buttons.values())).click()
        elif isinstance(f, AddressField):
            if not f.value() and f.street.isVisibleTo(f):
                f.commune.choose(f.commune.find_data("Phường Láng"))
                f.street.setText("Số 5 ngõ 10 Láng Hạ")
        elif isinstance(f, PersonField):
            _fill_person(f)
        elif isinstance(f, AgencyField):
            pass
        elif not f.edit.isReadOnly() and not f.edit.text():
            f.edit.setText(SAMPLE_ANSWERS.get(f.spec.kind, "Nội dung"))


def _staff_screens(w: MainWindow, shot: Callable[[str], None]) -> None:
    """The PIN pad, the staff panel and the technician panel, with the demo's PINs."""
    from ui.app import attach_staff_mode
    from ui.demo import DEMO_STAFF_PIN, DEMO_TECHNICIAN_PIN
    from ui.staff.mode import StaffMode

    attach_staff_mode(w, w.ctx.services, None)
    mode = w.findChild(StaffMode)
    assert mode is not None
    for pin, name in ((DEMO_STAFF_PIN, "19-staff-panel"), (DEMO_TECHNICIAN_PIN, "20-technician")):
        w.staffRequested.emit()
        shot("18-staff-pin-pad")
        mode.pad.submitted.emit(pin)
        _pump(lambda: mode.current() is not mode.pad, 10)
        shot(name)
        mode.close()


def take_screenshots(w: MainWindow, out: Path, size: tuple[int, int]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    w.setGeometry(0, 0, *size)
    w.show()
    _settle()
    s = w.ctx.session
    saved: list[Path] = []

    def shot(name: str) -> None:
        _settle()
        path = out / f"{name}.png"
        if not w.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        saved.append(path)
        log.info("screenshot %s", path.name)

    shot("01-home")
    procedure = w.ctx.services.catalog.get(SAMPLE_PROCEDURE)
    assert procedure is not None
    s.choose_procedure(procedure)
    shot("02-procedure")
    w.continue_button.click()
    shot("03-consent")
    w.continue_button.click()
    ident = w.screens[Step.IDENTIFY]
    assert isinstance(ident, IdentifyScreen)
    shot("04-identify")
    ident.number.setText(SAMPLE_CITIZEN.id_number)
    ident.dob.setText(SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y"))
    ident.start_read()
    _pump(w.continue_button.isEnabled)
    shot("05-identify-card-read")
    w.continue_button.click()
    form = w.screens[Step.FORM]
    assert isinstance(form, FormScreen)
    page = 1
    shot("06-form-page1")
    while s.step is Step.FORM:
        _fill_page(form)
        if page == 2:
            shot("07-form-page2")
        w.continue_button.click()
        page += 1
        if page > 20:
            raise RuntimeError("the sample form did not validate")
    shot("08-review")
    w.continue_button.click()
    if s.step is Step.SUBMITTING:
        shot("09-submitting")
    _pump(lambda: s.step is Step.RECEIPT)
    _pump(lambda: bool(w.receipt.print_state.text()) and "…" not in w.receipt.print_state.text())
    shot("10-receipt")
    assert s.outcome is not None
    token = s.outcome.tracking_token
    w.continue_button.click()
    w.rating.buttons[Satisfaction.NOT_SATISFIED].click()
    shot("11-rating")
    w.continue_button.click()
    shot("12-end")
    s.finish()
    s.start_tracking()
    track = w.screens[Step.TRACK]
    assert isinstance(track, TrackScreen)
    track.query.setText(token)
    track.look_up()
    _pump(track.answered)
    shot("13-track")
    s.finish()
    w.idle.set_timing(warning_ms=1, countdown_s=20)
    s.choose_procedure(procedure)
    _pump(w.overlay.isVisible, 5)
    shot("14-idle-warning")
    w.idle.resume()
    w.overlay.hide()
    w.show_recovery()
    shot("15-recovery")
    w.recovery.finish()
    if w.ctx.services.demo:
        _staff_screens(w, shot)
    w.ctx.large_text = True
    w.apply_theme()
    shot("16-home-large-text")
    w.ctx.large_text = False
    w.ctx.high_contrast = True
    w.apply_theme()
    shot("17-home-high-contrast")
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    return saved
