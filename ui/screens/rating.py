"""Satisfaction rating: three big answers, each with a drawn face (SVG, not emoji),
optional reasons when not satisfied."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.backend.api import Satisfaction
from kiosk.visit.session import Step
from ui.context import UiContext
from ui.screens.base import Screen, label
from ui.widgets.icon_button import IconButton

REASONS = ("slow", "hard", "card", "info")
_CHOICES = (
    (Satisfaction.VERY_SATISFIED, "rating.very", "face-very-satisfied"),
    (Satisfaction.SATISFIED, "rating.ok", "face-satisfied"),
    (Satisfaction.NOT_SATISFIED, "rating.not", "face-not-satisfied"),
)
FACE_PX = 96


class RatingScreen(Screen):
    step = Step.RATING
    show_back = False
    continue_key = "rating.send"

    rated = Signal(object, tuple)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        row = QHBoxLayout()
        self.buttons: dict[Satisfaction, IconButton] = {}
        for value, _key, face in _CHOICES:
            b = IconButton(face, FACE_PX)
            b.setObjectName("Tile")
            b.setCheckable(True)
            b.setProperty("satisfaction", value.value)
            b.clicked.connect(lambda _=False, v=value: self._choose(v))
            row.addWidget(b)
            self.buttons[value] = b
        self.body.addLayout(row)
        self.reasons_box = QWidget()
        rb = QVBoxLayout(self.reasons_box)
        self.reasons_title = label(name="H2")
        rb.addWidget(self.reasons_title)
        self.reason_checks: dict[str, QPushButton] = {}
        reasons_row = QHBoxLayout()
        for r in REASONS:
            c = QPushButton()
            c.setObjectName("Tile")
            c.setProperty("reason", r)
            c.setCheckable(True)
            reasons_row.addWidget(c)
            self.reason_checks[r] = c
        rb.addLayout(reasons_row)
        self.reasons_box.hide()
        self.body.addWidget(self.reasons_box)
        self.skip = QPushButton()
        self.skip.setObjectName("Link")
        self.skip.clicked.connect(self.ctx.session.finish)
        self.body.addWidget(self.skip)
        self.body.addStretch(1)
        self._choice: Satisfaction | None = None

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("rating.heading"))
        for value, key, _face in _CHOICES:
            self.buttons[value].set_label(self.ctx.tr(key))
        self.reasons_title.setText(self.ctx.tr("rating.reasons"))
        for r, c in self.reason_checks.items():
            c.setText(self.ctx.tr(f"rating.reason.{r}"))
        self.skip.setText(self.ctx.tr("rating.skip"))

    def _choose(self, value: Satisfaction) -> None:
        self._choice = value
        for v, b in self.buttons.items():
            b.setChecked(v is value)
        self.reasons_box.setVisible(value is Satisfaction.NOT_SATISFIED)
        self.navChanged.emit()

    def can_continue(self) -> bool:
        return self._choice is not None

    def on_continue(self) -> None:
        assert self._choice is not None
        reasons: tuple[str, ...] = ()
        if self._choice is Satisfaction.NOT_SATISFIED:
            reasons = tuple(r for r, c in self.reason_checks.items() if c.isChecked())
        self.rated.emit(self._choice, reasons)

    def clear(self) -> None:
        self._choice = None
        for b in self.buttons.values():
            b.setChecked(False)
        for c in self.reason_checks.values():
            c.setChecked(False)
        self.reasons_box.hide()
        super().clear()
