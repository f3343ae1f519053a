"""The visit's screens by step, each imported and built the first time it is shown, and the
stacked area that shows one at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QStackedWidget

from kiosk.visit.session import Step
from ui.screens.base import Screen

#: every screen of the visit: the module that holds it, imported when first shown
SCREEN_CLASSES: dict[Step, tuple[str, str]] = {
    Step.HOME: ("ui.screens.home", "HomeScreen"),
    Step.PROCEDURE: ("ui.screens.procedure", "ProcedureScreen"),
    Step.CONSENT: ("ui.screens.consent", "ConsentScreen"),
    Step.IDENTIFY: ("ui.screens.identify", "IdentifyScreen"),
    Step.FORM: ("ui.screens.form", "FormScreen"),
    Step.REVIEW: ("ui.screens.review", "ReviewScreen"),
    Step.SUBMITTING: ("ui.screens.submitting", "SubmittingScreen"),
    Step.RECEIPT: ("ui.screens.receipt", "ReceiptScreen"),
    Step.RATING: ("ui.screens.rating", "RatingScreen"),
    Step.END: ("ui.screens.end", "EndScreen"),
    Step.TRACK: ("ui.screens.track", "TrackScreen"),
}


class ScreenSet(Mapping[Step, Screen]):
    """The screens by step, each built on first access (see ``MainWindow._make_screen``)."""

    def __init__(self, build: Callable[[Step], Screen]) -> None:
        self._build = build
        self._screens: dict[Step, Screen] = {}

    def __getitem__(self, step: Step) -> Screen:
        screen = self._screens.get(step)
        if screen is None:
            screen = self._screens[step] = self._build(step)
        return screen

    def __iter__(self) -> Iterator[Step]:
        return iter(SCREEN_CLASSES)

    def __len__(self) -> int:
        return len(SCREEN_CLASSES)

    def built(self) -> list[Screen]:
        """The screens that exist so far (retranslating or wiping never builds one)."""
        return list(self._screens.values())


class ScreenStack(QStackedWidget):
    """The screen area. It claims no height for its width: a word-wrapped heading would
    otherwise make the window's layout give it the whole content's height, squeezing the
    keyboard below it off its keys."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False
