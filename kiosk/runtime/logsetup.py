"""Logging to a rotating file with personal data redacted.

Two layers: patterns that look like personal data whatever their origin (12-digit ID numbers,
9-digit old IDs, phone numbers, e-mail addresses, dates), and the exact values of the current
visit (names, addresses...) that the session registers with :class:`Redactor` and clears at wipe.
The filter rewrites the record's message and its formatted traceback, so no handler ever sees
the raw text.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

MASK = "[redacted]"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)\d{12}(?!\d)"),  # CCCD number
    re.compile(r"(?<!\d)\d{9}(?!\d)"),  # old CMND number / document number
    re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.-]?\d){9}(?!\d)"),  # Vietnamese phone numbers
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)"),  # dd/mm/yyyy
    re.compile(r"(?<![\d-])(?:19|20)\d{2}-\d{2}-\d{2}(?![\d:T])"),  # ISO dates (not timestamps)
    re.compile(r"(?<!\d)[0-3]\d[01]\d(?:19|20)\d{2}(?!\d)"),  # ddmmyyyy (card QR)
)


class Redactor:
    """Masks personal data in text. Thread-safe; values are registered per visit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()

    def add(self, values: Iterable[str]) -> None:
        with self._lock:
            for value in values:
                v = value.strip()
                if len(v) >= 3:
                    self._values.add(v)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def redact(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        text = unicodedata.normalize("NFC", text)
        for value in values:
            # whole words only: a value must not mask part of an unrelated word; the single
            # words of a name ("Văn", "An") are not masked alone - they identify nobody
            nfc = re.escape(unicodedata.normalize("NFC", value))
            text = re.sub(rf"(?<!\w){nfc}(?!\w)", MASK, text, flags=re.IGNORECASE)
        for pattern in _PATTERNS:
            text = pattern.sub(MASK, text)
        return text


class RedactionFilter(logging.Filter):
    """Rewrites every record so that handlers only ever see redacted text."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} (unformattable arguments)"
        record.msg = self.redactor.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.redact(record.exc_text)
        record.exc_info = None  # the redacted exc_text is what handlers print
        if record.stack_info:
            record.stack_info = self.redactor.redact(record.stack_info)
        return True


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def configure_logging(
    log_dir: Path,
    redactor: Redactor,
    *,
    level: int = logging.INFO,
    max_bytes: int = 2_000_000,
    backups: int = 5,
    also_stderr: bool = False,
) -> logging.Handler:
    """Attach a redacting rotating file handler (``kiosk.log``) to the root logger."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "kiosk.log", maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactionFilter(redactor))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    if also_stderr:
        err = logging.StreamHandler()
        err.setFormatter(logging.Formatter(LOG_FORMAT))
        err.addFilter(RedactionFilter(redactor))
        root.addHandler(err)
    return handler
