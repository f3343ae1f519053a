"""Spoken guidance: each screen's question read aloud where a voice is installed.

QtTextToSpeech with the speech-dispatcher engine (espeak-ng has "Vietnamese (Northern)"). A
language is spoken only with a voice of that language - Vietnamese read by an English voice
helps nobody - so without one the kiosk stays silent. Loaded on first use, after start-up.
"""

from __future__ import annotations

import logging
import shutil
from typing import Protocol

from PySide6.QtCore import QLocale, QObject

from kiosk.errors import Lang

log = logging.getLogger(__name__)

_LANGUAGES = {"vi": QLocale.Language.Vietnamese, "en": QLocale.Language.English}


class Speaker(Protocol):
    def say(self, text: str, lang: Lang) -> None: ...

    def stop(self) -> None: ...


class SilentSpeaker:
    def say(self, text: str, lang: Lang) -> None:
        """No voice installed: nothing to say."""

    def stop(self) -> None:
        """Nothing is being said."""


class QtSpeaker(QObject):
    """Speaks through a QTextToSpeech engine, in the voice of the text's language only."""

    def __init__(self, engine: str = "speechd", parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech  # Qt Multimedia: not at start-up

        self._tts = QTextToSpeech(engine, self)
        self.available = self._tts.state() != QTextToSpeech.State.Error
        self._locales = {
            lang: next((loc for loc in self._tts.availableLocales() if loc.language() == q), None)
            for lang, q in _LANGUAGES.items()
        }
        if not self.available:
            log.info("spoken guidance off: text-to-speech engine %r not available", engine)

    def can_speak(self, lang: Lang) -> bool:
        return self.available and self._locales.get(lang) is not None

    def say(self, text: str, lang: Lang) -> None:
        locale = self._locales.get(lang)
        if not self.available or locale is None or not text:
            return
        self._tts.stop()
        self._tts.setLocale(locale)
        self._tts.say(text)

    def stop(self) -> None:
        if self.available:
            self._tts.stop()

    @property
    def engine(self) -> object:
        return self._tts


def default_speaker(parent: QObject | None = None) -> Speaker:
    """speech-dispatcher when it is installed and answers; silence otherwise."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # PySide6-Addons not installed
        return SilentSpeaker()
    if "speechd" not in QTextToSpeech.availableEngines() or not shutil.which("speech-dispatcher"):
        return SilentSpeaker()
    speaker = QtSpeaker("speechd", parent)
    return speaker if speaker.available else SilentSpeaker()
