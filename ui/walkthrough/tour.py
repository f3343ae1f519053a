"""Every screen, and every kind of field with the keyboard shown, audited in the real window;
optionally saved as screenshots (the pictures in docs/screenshots come from here)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from kiosk.backend.api import Satisfaction
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from ui.walkthrough.audit import AuditResult, audit
from ui.walkthrough.fill import fill_page
from ui.walkthrough.resident import Resident, WalkthroughError
from ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: the tour's procedure: a fee, several form pages, every field kind
TOUR_PROCEDURE = "1.004194"


@dataclass
class TourReport:
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    shots: list[str] = field(default_factory=list)

    @property
    def problems(self) -> dict[str, list[str]]:
        return {k: v["problems"] for k, v in self.states.items() if v["problems"]}

    @property
    def smallest_text_px(self) -> int:
        sizes = [v["smallest_text_px"] for v in self.states.values() if v["smallest_text_px"]]
        return min(sizes) if sizes else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "states": self.states,
            "shots": self.shots,
            "problems": self.problems,
            "smallest_text_px": self.smallest_text_px,
        }


class Tour:
    def __init__(
        self, window: MainWindow, shots: Path | None = None, *, large_text: bool = False
    ) -> None:
        self.large_text = large_text
        self.w = window
        self.r = Resident(window)
        self.shots = shots
        self.report = TourReport()
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)

    def check(self, name: str, active: QWidget | None = None) -> AuditResult:
        self.r.settle(150)
        result = audit(self.w, keyboard=self.w.keyboard, active=active)
        self.report.states[name] = {
            "problems": result.problems,
            "smallest_text_px": result.smallest_text_px,
            "targets": result.targets,
            "keyboard": self.w.keyboard.isVisible(),
        }
        if self.shots is not None:
            from ui.walkthrough.run import shot_screen

            shot_screen(self.w, self.shots / f"{name}.png")
            self.report.shots.append(f"{name}.png")
        log.info("tour %s: %d problems", name, len(result.problems))
        return result

    def fields_with_keyboard(self, prefix: str) -> None:
        """Touch each kind of text field on the screen once and check it with the keyboard."""
        seen: set[str] = set()
        for edit in self.w.current().findChildren(QLineEdit):
            kind = str(edit.property("keyboard") or "text")
            if kind in seen or not edit.isVisible() or edit.isReadOnly():
                continue
            seen.add(kind)
            self.r.touch(edit)
            self.r.wait(self.w.keyboard.isVisible, "the keyboard")
            self.check(f"{prefix}-keyboard-{kind}")
        self.w.keyboard.hide()

    def pickers(self, prefix: str) -> None:
        """Open one picker of the screen (if any), check it, close it."""
        from ui.walkthrough.fill import open_first_picker

        closer = open_first_picker(self.r, self.w)
        if closer is not None:
            self.check(f"{prefix}-picker")
            closer()

    def run(self) -> TourReport:
        r, w = self.r, self.w
        s = w.ctx.session
        if self.large_text:
            r.touch(w.large_button)
        self.check("01-home")
        self.fields_with_keyboard("01-home")
        r.touch(w.screens[Step.HOME].track_button)  # type: ignore[attr-defined]
        self.check("13-track")
        self.fields_with_keyboard("13-track")
        r.touch(w.back_button)
        r.touch(procedure_tile(w, TOUR_PROCEDURE))
        self.check("02-procedure")
        r.touch(w.continue_button)
        self.check("03-consent")
        r.touch(w.continue_button)
        self.check("04-identify")
        ident = w.screens[Step.IDENTIFY]
        number: QLineEdit = ident.number  # type: ignore[attr-defined]
        r.type_into(number, SAMPLE_CITIZEN.id_number, "card keys")
        self.check("04-identify-keyboard-numeric")
        # the number is the only key a PACE card needs: Enter in that one field reads the card
        r.key("enter", "card keys")
        r.wait(w.continue_button.isEnabled, "the card read")
        self.check("05-identify-card-read")
        r.touch(w.continue_button)
        page = 0
        while s.step is Step.FORM:
            page += 1
            if page > 12:
                raise WalkthroughError("the form did not end after 12 pages")
            name = f"06-form-page{page}"
            self.check(name)
            self.fields_with_keyboard(name)
            self.pickers(name)
            fill_page(w)
            r.settle()
            r.touch(w.continue_button)
            if s.step is Step.FORM and s.form_page + 1 == page:
                self.check(f"{name}-errors")
                raise WalkthroughError(f"form page {page} did not validate")
        self.check("08-review")
        r.touch(w.continue_button)
        r.wait(lambda: s.step is Step.RECEIPT, "the receipt")
        r.wait(lambda: "…" not in w.receipt.print_state.text(), "the print")
        self.check("10-receipt")
        r.touch(w.continue_button)
        self.check("11-rating")
        r.touch(w.rating.buttons[Satisfaction.VERY_SATISFIED])
        r.touch(w.continue_button)
        self.check("12-end")
        r.touch(w.continue_button)
        r.wait(lambda: s.step is Step.HOME, "home")
        if w.ctx.services.demo:
            self._older_card()
        self._idle()
        self._recovery()
        if not self.large_text:
            self._modes()
            self._staff()
        return self.report

    def _recovery(self) -> None:
        """The screen after an unexpected error (a crash cannot be touched into being)."""
        self.w.show_recovery()
        self.check("15-recovery")
        self.r.touch(self.w.recovery.home)
        self.r.wait(lambda: self.w.ctx.session.step is Step.HOME, "home after recovery")

    def _staff(self) -> None:
        """Staff and technician panels, opened as staff do: a long press on the title and
        the PIN on the pad (the demo's PINs)."""
        from ui.staff.mode import StaffMode
        from ui.startup.demo import DEMO_STAFF_PIN, DEMO_TECHNICIAN_PIN
        from ui.walkthrough import xinput

        r, w = self.r, self.w
        r.wait(lambda: w.findChild(StaffMode) is not None, "staff mode")
        mode = w.findChild(StaffMode)
        assert mode is not None
        for pin, name in (
            (DEMO_STAFF_PIN, "19-staff-panel"),
            (DEMO_TECHNICIAN_PIN, "20-technician"),
        ):
            p = r.where(w.title)
            xinput.press(p.x(), p.y())
            r.settle(3400)  # the kiosk's clock runs while the finger rests
            xinput.release()
            r.wait(mode.is_open, "the PIN pad")
            self.check("18-staff-pin-pad", active=mode.overlay)
            for digit in pin:
                r.touch_named(f"pin_{digit}")
            r.touch(mode.pad.ok_button)
            r.wait(lambda: mode.current() is not mode.pad, "the PIN to be checked", 15)
            self.check(name, active=mode.overlay)
            mode.close()
            r.settle()

    def _idle(self) -> None:
        w, s = self.w, self.w.ctx.session
        procedure = w.ctx.services.catalog.get(TOUR_PROCEDURE)
        assert procedure is not None
        w.idle.set_timing(warning_ms=1, countdown_s=30)
        s.choose_procedure(procedure)
        self.r.wait(w.overlay.isVisible, "the idle warning", 10)
        self.check("14-idle-warning", active=w.overlay)
        w.overlay.hide()
        w.idle.resume()
        w.idle.set_timing(warning_ms=3_600_000, countdown_s=30)
        s.finish()
        self.r.settle()

    def _older_card(self) -> None:
        """A chip without PACE on the reader: after the number the screen asks for the birth
        date (the date keys), then reads it with BAC; then back home."""
        w, r = self.w, self.r
        r.touch(procedure_tile(w, TOUR_PROCEDURE))
        r.touch(w.continue_button)
        r.touch(w.continue_button)
        ident = w.screens[Step.IDENTIFY]
        number: QLineEdit = ident.number  # type: ignore[attr-defined]
        dob: QLineEdit = ident.dob  # type: ignore[attr-defined]
        with older_card_on_the_reader(w):
            r.type_into(number, SAMPLE_CITIZEN.id_number, "card keys")
            r.key("enter", "card keys")
            r.wait(dob.isVisible, "the birth date asked")
            # the screen puts the date keys under the birth date by itself
            r.wait(lambda: w.keyboard.isVisible() and w.keyboard.target() is dob, "date keys")
            self.check("05-identify-dates-keyboard-date")
            birth = SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y")
            for k in birth.replace("/", ""):
                r.key(k, "card keys")
            r.settle()
            if dob.text() != birth:
                raise WalkthroughError(f"typed the birth date, got {dob.text()!r}")
            r.key("enter", "card keys")  # to the expiry (derived by the engine when empty)
            r.key("enter", "card keys")  # last field: Enter reads the card
            r.wait(w.continue_button.isEnabled, "the card read with BAC")
            self.check("05-identify-card-read-bac")
        for _ in range(3):  # identify -> consent -> procedure -> home
            r.touch(w.back_button)
        r.wait(lambda: w.ctx.session.step is Step.HOME, "home")

    def _modes(self) -> None:
        """Large text and high contrast, switched on by touching their buttons."""
        w, r = self.w, self.r
        r.touch(w.large_button)
        self.check("16-home-large-text")
        self.fields_with_keyboard("16-home-large-text")
        tile = next(t for t in w.screens[Step.HOME].tiles if t.isVisible())  # type: ignore[attr-defined]
        r.touch(tile)
        self.check("16-procedure-large-text")
        r.touch(w.continue_button)
        r.touch(w.continue_button)
        self.check("16-identify-large-text")
        self.fields_with_keyboard("16-identify-large-text")
        r.touch(w.back_button)
        r.touch(w.back_button)
        r.touch(w.back_button)
        r.touch(w.large_button)
        r.touch(w.contrast_button)
        self.check("17-home-high-contrast")
        r.touch(w.contrast_button)


def procedure_tile(w: MainWindow, code: str) -> QPushButton:
    """The home screen's tile for the procedure ``code`` (tiles show its name)."""
    procedure = w.ctx.services.catalog.get(code)
    assert procedure is not None
    name = procedure.name(w.ctx.lang)
    tiles: list[QPushButton] = w.screens[Step.HOME].tiles  # type: ignore[attr-defined]
    for t in tiles:
        if t.isVisible() and name in t.text():
            return t
    raise WalkthroughError(f"no tile on the home screen for {code}")


def run_tour(window: MainWindow, shots: Path | None, *, large_text: bool = False) -> dict[str, Any]:
    tour = Tour(window, shots, large_text=large_text)
    try:
        tour.run()
    except WalkthroughError as exc:
        exc.report = tour.report.as_dict()
        raise
    return tour.report.as_dict()


@contextmanager
def older_card_on_the_reader(w: MainWindow) -> Iterator[None]:
    """The demo's virtual card without PACE (as older chips are) on the reader for a while:
    what a technician does by putting another card on it."""
    from kiosk.card.service import CardService
    from kiosk.simulators.demo_card import demo_card_reader
    from kiosk.simulators.virtual_card.features import CardFeatures

    services = w.ctx.services
    usual = services.card
    reader = demo_card_reader(
        SAMPLE_CITIZEN, services.config.data_dir, features=CardFeatures(pace=False)
    )
    services.card = CardService(reader, timeout_s=30)
    try:
        yield
    finally:
        services.card.shutdown()
        services.card = usual
