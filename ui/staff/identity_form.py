"""The identity a staff member types when the resident's card cannot be read.

It checks the ID number and birth date like the card screen does, and that the number agrees
with the year of birth and the sex it encodes. The result is a :class:`CardReadResult` whose
identity says ``source=STAFF`` and ``entered_by=<staff id>`` (never the PIN), so the dossier
records who vouched for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.card.access.keys import check_birth_date, check_id_number
from kiosk.card.api import CardReadResult, PassiveAuthResult
from kiosk.domain.citizen import CitizenIdentity, IdentitySource
from kiosk.domain.idnumber import FEMALE, MALE, id_problem
from kiosk.errors import KioskError
from kiosk.lang import Lang
from ui.screens.base import action_row, forget_text, label
from ui.staff.strings import tr

#: what the passive-authentication record says for an identity typed by staff
STAFF_DETAIL = "entered by staff"

_ID_PROBLEM_KEYS = {
    "province": "ident.province",
    "birth_year": "ident.birth_year",
    "sex": "ident.sex_mismatch",
}


class IdentityForm(QWidget):
    """ID number, full name, date of birth, sex, residence; ``accepted(result)`` when valid."""

    accepted = Signal(object)  # CardReadResult
    backRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._lang: Lang = "vi"
        self._entered_by = ""
        outer = QVBoxLayout(self)
        outer.setSpacing(12)
        self.heading = label(name="H2")
        self.note = label(name="Muted")
        outer.addWidget(self.heading)
        outer.addWidget(self.note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        self.number = self._edit("ident_number", "numeric", 12)
        self.name = self._edit("ident_name", "text", 100)
        self.dob = self._edit("ident_dob", "date", 10)
        self.residence = self._edit("ident_residence", "text", 200)
        self.male = QPushButton()
        self.female = QPushButton()
        for b in (self.male, self.female):
            b.setObjectName("Tile")  # the theme marks a checked tile
        self.sex_group = QButtonGroup(self)
        sex_row = QHBoxLayout()
        for b in (self.male, self.female):
            b.setCheckable(True)
            self.sex_group.addButton(b)
            sex_row.addWidget(b)
        sex_box = QWidget()
        sex_box.setLayout(sex_row)
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget]] = [
            ("number", self.number),
            ("name", self.name),
            ("dob", self.dob),
            ("sex", sex_box),
            ("residence", self.residence),
        ]
        for i, (key, widget) in enumerate(rows):
            self.labels[key] = label()
            self.errors[key] = label(name="Error")
            grid.addWidget(self.labels[key], 2 * i, 0)
            grid.addWidget(widget, 2 * i, 1)
            grid.addWidget(self.errors[key], 2 * i + 1, 1)
        outer.addLayout(grid)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.backRequested)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.submit)
        outer.addLayout(
            action_row(
                self.back_button,
                self.save_button,
                secondary_name="ident_back",
                primary_role="ident_save",
            )
        )
        outer.addStretch(1)
        self.retranslate("vi")

    def _edit(self, name: str, keyboard: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setProperty("keyboard", keyboard)
        edit.setMaxLength(max_length)
        return edit

    def retranslate(self, lang: Lang) -> None:
        self._lang = lang
        self.heading.setText(tr("ident.heading", lang))
        self.note.setText(tr("ident.note", lang))
        for key, text_key in (
            ("number", "ident.number"),
            ("name", "ident.name"),
            ("dob", "ident.dob"),
            ("sex", "ident.sex"),
            ("residence", "ident.residence"),
        ):
            self.labels[key].setText(tr(text_key, lang))
        self.male.setText(tr("ident.male", lang))
        self.female.setText(tr("ident.female", lang))
        self.back_button.setText(tr("ident.back", lang))
        self.save_button.setText(tr("ident.save", lang))

    def start(self, entered_by: str) -> None:
        """A fresh, empty form for the staff member ``entered_by`` (an opaque staff id)."""
        self.clear()
        self._entered_by = entered_by

    def clear(self) -> None:
        for edit in (self.number, self.name, self.dob, self.residence):
            forget_text(edit)
        self.sex_group.setExclusive(False)
        self.male.setChecked(False)
        self.female.setChecked(False)
        self.sex_group.setExclusive(True)
        for e in self.errors.values():
            e.clear()
        self._entered_by = ""

    def sex(self) -> str:
        if self.male.isChecked():
            return MALE
        if self.female.isChecked():
            return FEMALE
        return ""

    def submit(self) -> None:
        """Validate every field (all messages at once); emit ``accepted`` when all are good."""
        result = self.build()
        if result is not None:
            self.accepted.emit(result)

    def build(self) -> CardReadResult | None:
        for e in self.errors.values():
            e.clear()
        lang = self._lang
        required = tr("ident.required", lang)
        number = dob = None
        try:
            number = check_id_number(self.number.text())
        except KioskError as exc:
            self.errors["number"].setText(exc.message(lang))
        try:
            dob = check_birth_date(self.dob.text(), today=self._today())
        except KioskError as exc:
            self.errors["dob"].setText(exc.message(lang))
        name = " ".join(self.name.text().split())
        residence = " ".join(self.residence.text().split())
        if not name:
            self.errors["name"].setText(required)
        if not residence:
            self.errors["residence"].setText(required)
        sex = self.sex()
        if not sex:
            self.errors["sex"].setText(tr("ident.choose_sex", lang))
        if number is not None:
            problem = id_problem(number, birth=dob, sex=sex)
            if problem is not None:
                key = _ID_PROBLEM_KEYS.get(problem.split(".", 1)[-1])
                if key is not None:
                    self.errors["number"].setText(tr(key, lang))
        if any(e.text() for e in self.errors.values()):
            return None
        assert number is not None
        assert dob is not None
        identity = CitizenIdentity(
            id_number=number,
            full_name=name,
            date_of_birth=dob,
            sex=sex,
            place_of_residence=residence,
            source=IdentitySource.STAFF,
            entered_by=self._entered_by,
        )
        return CardReadResult(
            identity=identity, passive_auth=PassiveAuthResult(detail=STAFF_DETAIL)
        )
