"""Spoken guidance: each screen's question is read aloud, only in a voice of its language."""

from __future__ import annotations

from PySide6.QtTextToSpeech import QTextToSpeech
from pytestqt.qtbot import QtBot

from kiosk.lang import Lang
from kiosk.visit.session import Step
from tests.ui.driving import click, press_continue
from ui.speech import QtSpeaker
from ui.window.main_window import MainWindow


class RecordingSpeaker:
    def __init__(self) -> None:
        self.said: list[tuple[str, Lang]] = []

    def say(self, text: str, lang: Lang) -> None:
        self.said.append((text, lang))

    def stop(self) -> None:
        pass


def test_each_screen_question_is_spoken_in_the_current_language(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    speaker = RecordingSpeaker()
    w.set_speaker(speaker)
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    procedure = w.ctx.session.procedure
    assert procedure is not None
    press_continue(qtbot, w)
    click(qtbot, w.lang_button)
    assert speaker.said == [
        (procedure.name_vi, "vi"),
        ("Đồng ý sử dụng thông tin cá nhân", "vi"),
        ("Consent to use your personal data", "en"),
    ]


def test_a_language_without_a_voice_stays_silent(qtbot: QtBot) -> None:
    speaker = QtSpeaker("mock")  # Qt's test engine: English voices, no Vietnamese one
    assert speaker.available
    assert speaker.can_speak("en")
    assert not speaker.can_speak("vi")
    engine = speaker.engine
    assert isinstance(engine, QTextToSpeech)
    states: list[QTextToSpeech.State] = []
    engine.stateChanged.connect(states.append)
    speaker.say("Xin chào", "vi")
    assert states == []
    speaker.say("Place your ID card on the reader", "en")
    qtbot.waitUntil(lambda: QTextToSpeech.State.Ready in states, timeout=10000)
    # the engine spoke once, the English line, to its end: the Vietnamese one never reached it
    assert states == [QTextToSpeech.State.Speaking, QTextToSpeech.State.Ready]
