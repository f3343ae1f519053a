"""Scripted visits, touched and typed only where a resident can: the cost of a visit counted.

Each journey is a list of what the resident does on the form, found by what the screen shows
(the widgets' names), in the order the form asks; everything else (the card, the review, the
receipt, the rating) is the same for every procedure. The resident's card is read from its
printed QR code with the kiosk's scanner, as the identify screen asks: nothing the card holds is
typed. The counts: screens from home to the end screen, touches (taps and drags, the keyboard's
Enter included), keys typed per fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from kiosk.backend.api import Satisfaction
from kiosk.card.access.keys import QR_SEPARATOR
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from ui.screens.form import FormScreen
from ui.walkthrough.resident import Resident, WalkthroughError
from ui.widgets.fields import FieldWidget
from ui.window.main_window import MainWindow

#: keys typed for these facts are what no card holds (the issue's budget leaves them out)
NO_CARD_FACTS = ("child's name", "child's birth date", "child's birth place")


@dataclass(frozen=True)
class Tap:
    """Touch the widget called ``name`` (a choice row, a picker's row...). A choice the screen
    already shows chosen is only looked at (brought into view), not touched again."""

    name: str


@dataclass(frozen=True)
class Type:
    """Touch the field called ``name`` and type ``text`` on the on-screen keys."""

    name: str
    text: str
    fact: str


@dataclass(frozen=True)
class Pick:
    """Open the picker ``name``, type ``filter`` in its search line, touch the row ``row``."""

    name: str
    filter: str
    row: str
    fact: str


Action = Tap | Type | Pick


def _child_birth() -> str:
    return (date.today() - timedelta(days=10)).strftime("%d/%m/%Y")


def journeys() -> dict[str, list[Action]]:
    """What the resident does on each procedure's form, in order."""
    return {
        # the card holder is the child's father; his card names his wife; result by post
        "1.001193": [
            Tap("choice-relationship-father"),
            Type("input-child-full_name", "Nguyễn Thị Mai", "child's name"),
            Type("input-child-date_of_birth", _child_birth(), "child's birth date"),
            Tap("choice-child-sex-Nữ"),
            Type("input-child_birth_place", "Bệnh viện Phụ sản Hà Nội", "child's birth place"),
            Type("input-phone", "0912345678", "phone"),
            Tap("choice-delivery-method-post"),
        ],
        # temporary residence at a rented flat in Phường Láng, for 12 months
        "1.004194": [
            Pick("input-temporary_address-commune", "lang", "Phường Láng", "address"),
            Type("input-temporary_address-street", "Số 5 ngõ 10 Láng Hạ", "address"),
            Tap("choice-housing-rented"),
            Type("input-host_name", "Trần Văn Hùng", "landlord's name"),
            Type("input-months", "12", "months"),
            Type("input-phone", "0912345678", "phone"),
        ],
        # two certified copies of a one-page document, sent by post to the card's residence
        "2.000815": [
            Type("input-document_name", "Bằng tốt nghiệp", "document"),
            Type("input-pages", "1", "pages"),
            Type("input-copies", "2", "copies"),
            Type("input-phone", "0912345678", "phone"),
            Tap("choice-delivery-method-post"),
        ],
    }


def card_qr(identity: Any = SAMPLE_CITIZEN) -> str:
    """The text of the QR code printed on the resident's card (what the scanner types)."""
    issue = identity.issue_date.strftime("%d%m%Y") if identity.issue_date else ""
    return QR_SEPARATOR.join(
        [
            identity.id_number,
            identity.old_id_number,
            identity.full_name,
            identity.date_of_birth.strftime("%d%m%Y"),
            identity.sex,
            identity.place_of_residence,
            issue,
        ]
    )


def card_values(identity: Any) -> set[str]:
    """What the card holds, as a resident would type it: every text, each part of an
    address, the dates as dd/mm/yyyy (typing one of these is typing a card fact)."""
    values: set[str] = set()
    for name, value in vars(identity).items():
        if isinstance(value, date):
            values.add(value.strftime("%d/%m/%Y"))
        elif isinstance(value, str) and value and name not in ("source", "entered_by"):
            values.add(value)
            values.update(part.strip() for part in value.split(","))
    return {v.casefold() for v in values if v}


def _field_of(widget: QWidget) -> FieldWidget | None:
    parent: QWidget | None = widget
    while parent is not None and not isinstance(parent, FieldWidget):
        parent = parent.parentWidget()
    return parent


def _find(w: MainWindow, name: str) -> QWidget | None:
    for widget in w.current().findChildren(QWidget, name):
        if widget.isVisible():
            return widget
    for widget in w.findChildren(QWidget, name):  # a picker's panel covers the screen
        if widget.isVisible():
            return widget
    return None


class Journey:
    def __init__(
        self, window: MainWindow, code: str, shots: Path | None = None, *, large_text: bool = False
    ) -> None:
        self.w = window
        self.code = code
        self.large_text = large_text
        self.r = Resident(window)
        self.shots = shots
        self._shot_count = 0
        #: keys typed for what the card holds (the issue's budget: none)
        self.card_keys = 0
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
        script = journeys().get(code)
        if script is None:
            raise WalkthroughError(f"no journey for {code}")
        self.todo = list(script)
        #: form pages whose first question is not wholly in view on arrival (to be scrolled to)
        self.out_of_view: list[int] = []

    def shot(self, label: str = "") -> None:
        """Save what the screen shows now (with ``--screenshots``), named by the screen."""
        if self.shots is None:
            return
        from ui.walkthrough.run import shot_screen

        self.r.settle(150)
        self._shot_count += 1
        name = f"{self._shot_count:02d}-{self.r.screen_name()}{'-' + label if label else ''}"
        shot_screen(self.w, self.shots / f"{name}.png")

    def run(self) -> dict[str, Any]:
        from ui.walkthrough.tour import procedure_tile

        r, w = self.r, self.w
        s = w.ctx.session
        if self.large_text:
            r.touch(w.large_button)
        self.shot()
        r.touch(procedure_tile(w, self.code))
        self.shot()
        r.touch(w.continue_button)  # the procedure's page: what it needs
        self.shot()
        r.touch(w.continue_button)  # consent
        r.wait(lambda: s.step is Step.IDENTIFY, "the identify screen")
        self.shot()
        r.scan(card_qr())
        r.wait(w.continue_button.isEnabled, "the card read")
        self.shot("card-read")
        r.touch(w.continue_button)
        for _page in range(12):
            if s.step is not Step.FORM:
                break
            self.shot()
            page = s.form_page
            if not self._first_question_in_view():
                self.out_of_view.append(page + 1)
            self._page()
            self.shot("answered")
            r.touch(w.continue_button)
            if s.step is Step.FORM and s.form_page == page:
                self.shot("refused")
                raise WalkthroughError(f"form page {page + 1} refused: {self._errors()}")
        if self.todo:
            raise WalkthroughError(f"not asked on any page: {[a.name for a in self.todo]}")
        if s.step is not Step.REVIEW:
            raise WalkthroughError(f"the form did not end at the review (at {s.step.value})")
        self.shot()
        r.touch(w.continue_button)  # submit
        r.wait(lambda: s.step is Step.RECEIPT, "the receipt")
        # the dossier the engine sent (the session forgets it at the end screen)
        answers = {k: _plain(v) for k, v in (s.dossier.answers if s.dossier else {}).items()}
        dossier_code = s.outcome.code if s.outcome is not None else ""
        official = s.outcome.official if s.outcome is not None else False
        r.wait(lambda: "…" not in w.receipt.print_state.text(), "the print")
        self.shot()
        r.touch(w.continue_button)
        self.shot()
        r.touch(w.rating.buttons[Satisfaction.VERY_SATISFIED])
        r.touch(w.continue_button)
        r.wait(lambda: s.step is Step.END, "the end screen")
        self.shot()
        counts = r.counts.as_dict()
        keys: dict[str, int] = r.counts.keys
        other = sum(n for k, n in keys.items() if k not in NO_CARD_FACTS)
        counts["keys_no_card_facts"] = sum(n for k, n in keys.items() if k in NO_CARD_FACTS)
        counts["keys_other"] = other
        counts["keys_card_facts"] = self.card_keys
        counts["touches_and_other_keys"] = r.counts.touches + other
        counts["answers"] = answers
        counts["dossier_code"] = dossier_code
        counts["dossier_official"] = official  # an official code: the backend has it
        counts["lang"] = w.ctx.lang  # the language the visit ended in (nothing switched it)
        counts["large_text"] = self.large_text
        counts["first_question_out_of_view"] = self.out_of_view
        r.touch(w.continue_button)  # done: home
        return {"procedure": self.code, "counts": counts}

    def _page(self) -> None:
        """Do, on this page, every scripted action whose widget it shows (in order)."""
        done: list[Action] = []
        for action in self.todo:
            widget = _find(self.w, action.name)
            if widget is None:
                continue
            if isinstance(action, Tap):
                if isinstance(widget, QAbstractButton) and widget.isChecked():
                    self.r.look(widget)
                else:
                    self.r.touch(widget)
            elif isinstance(action, Type):
                if not isinstance(widget, QLineEdit):
                    raise WalkthroughError(f"{action.name} is not a text field")
                before = sum(self.r.counts.keys.values())
                card_fact = self._holds_card_fact(widget, action.text)
                self.r.type_into(widget, action.text, action.fact)
                if self.w.keyboard.isVisible():
                    self.r.key("enter", action.fact)  # to the next field, or Continue
                if card_fact:
                    self.card_keys += sum(self.r.counts.keys.values()) - before
            else:
                before = sum(self.r.counts.keys.values())
                card_fact = self._holds_card_fact(widget, action.row)
                self._pick(widget, action)
                if card_fact:
                    self.card_keys += sum(self.r.counts.keys.values()) - before
            done.append(action)
        self.todo = [a for a in self.todo if a not in done]

    def _first_question_in_view(self) -> bool:
        """Whether the page's first question (a shown field the resident may answer) is in
        view as the page opens, before any touch: wholly, or as far as the view reaches when it
        is taller."""
        self.r.settle()
        form = self.w.current()
        if not isinstance(form, FormScreen):
            return True
        known = self.w.ctx.session.prefilled
        asked = [
            f for f in form.shown_widgets() if f.spec.key not in known or known[f.spec.key].editable
        ]
        if not asked:
            return True
        first, view = asked[0], form.area.viewport()
        top = first.mapTo(view, QPoint(0, 0)).y()
        return top >= 0 and top + min(first.height(), view.height()) <= view.height()

    def _holds_card_fact(self, edit: QWidget, text: str) -> bool:
        """Whether typing ``text`` into ``edit`` (or filtering a picker for it) types what the
        card holds: the text is a card value, or the field is one the kiosk filled from the
        card."""
        s = self.w.ctx.session
        if s.identity is not None and text.casefold() in card_values(s.identity):
            return True
        field = _field_of(edit)
        known = s.prefilled.get(field.spec.key) if field is not None else None
        return known is not None and known.from_card

    def _errors(self) -> str:
        """The error summary the form shows (what the resident is asked to correct)."""
        form = self.w.current()
        summary = form.findChild(QWidget, "ErrorSummary")
        if summary is None or not summary.isVisible():
            return "no error shown"
        texts = [b.text() for b in summary.findChildren(QAbstractButton) if b.isVisible()]
        return "; ".join(texts) or "errors without text"

    def _pick(self, button: QWidget, action: Pick) -> None:
        r = self.r
        r.touch(button)
        search = _find(self.w, f"picker-filter-{action.name}")
        if isinstance(search, QLineEdit):
            r.type_into(search, action.filter, action.fact)
        rows = _find(self.w, f"picker-list-{action.name}")
        if rows is None:
            raise WalkthroughError(f"the picker {action.name} shows no list")
        from ui.walkthrough.picking import touch_row

        touch_row(r, rows, action.row)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def run_journey(
    window: MainWindow, code: str, shots: Path | None, *, large_text: bool = False
) -> dict[str, Any]:
    """The journey of ``code``; ``large_text``: the resident first touches "Chữ to" on the
    home screen (one touch more, counted)."""
    journey = Journey(window, code, shots, large_text=large_text)
    try:
        return journey.run()
    except WalkthroughError as exc:
        exc.report = {"procedure": code, "counts": journey.r.counts.as_dict()}
        raise
