"""Printer state as the kiosk reports it before printing (and in diagnostics).

:func:`check_printer` asks the right source for ``kind``: ``cups`` (lpstat / IPP state reasons),
``escpos`` (DLE EOT real-time status) or ``pdf`` (the output directory is writable).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.lang import Lang
from kiosk.printing.errors import (
    PrinterCoverOpenError,
    PrinterError,
    PrinterOfflineError,
    PrinterPaperOutError,
    PrinterPausedError,
    PrinterQueueMissingError,
)


class PrinterState(StrEnum):
    OK = "ok"
    PAPER_LOW = "paper_low"  # still prints; staff should add paper
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    QUEUE_MISSING = "queue_missing"
    PAUSED = "paused"


_MESSAGES: dict[PrinterState, tuple[str, str]] = {
    PrinterState.OK: ("Máy in sẵn sàng", "The printer is ready"),
    PrinterState.PAPER_LOW: (
        "Máy in sắp hết giấy - vui lòng báo cán bộ",
        "The printer is running out of paper - please tell the staff",
    ),
    PrinterState.PAPER_OUT: (
        "Máy in hết giấy - vui lòng báo cán bộ",
        "The printer is out of paper - please tell the staff",
    ),
    PrinterState.COVER_OPEN: (
        "Nắp máy in đang mở - vui lòng báo cán bộ",
        "The printer cover is open - please tell the staff",
    ),
    PrinterState.OFFLINE: (
        "Máy in không hoạt động - vui lòng báo cán bộ",
        "The printer is not responding - please tell the staff",
    ),
    PrinterState.QUEUE_MISSING: (
        "Chưa cài đặt máy in - vui lòng báo cán bộ",
        "No printer is set up - please tell the staff",
    ),
    PrinterState.PAUSED: (
        "Máy in đang tạm dừng - vui lòng báo cán bộ",
        "The printer is paused - please tell the staff",
    ),
}

_ERRORS: dict[PrinterState, type[PrinterError]] = {
    PrinterState.PAPER_OUT: PrinterPaperOutError,
    PrinterState.COVER_OPEN: PrinterCoverOpenError,
    PrinterState.OFFLINE: PrinterOfflineError,
    PrinterState.QUEUE_MISSING: PrinterQueueMissingError,
    PrinterState.PAUSED: PrinterPausedError,
}


@dataclass(frozen=True)
class PrinterStatus:
    """What a printer reported. ``detail`` is technical (for the log and technician view)."""

    state: PrinterState
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.state in (PrinterState.OK, PrinterState.PAPER_LOW)

    @property
    def message_vi(self) -> str:
        return _MESSAGES[self.state][0]

    @property
    def message_en(self) -> str:
        return _MESSAGES[self.state][1]

    def message(self, lang: Lang) -> str:
        return self.message_vi if lang == "vi" else self.message_en

    def error(self) -> PrinterError | None:
        """The error to raise when this state prevents printing, else ``None``."""
        cls = _ERRORS.get(self.state)
        return cls(f"{self.state.value}: {self.detail}") if cls else None

    def raise_if_unusable(self) -> None:
        err = self.error()
        if err is not None:
            raise err


def pdf_dir_status(directory: str | os.PathLike[str]) -> PrinterStatus:
    """The PDF "printer" (demo mode) is ready when its directory exists or can be made."""
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return PrinterStatus(PrinterState.OFFLINE, f"cannot create {path}: {exc.strerror}")
    if not os.access(path, os.W_OK):
        return PrinterStatus(PrinterState.OFFLINE, f"{path} is not writable")
    return PrinterStatus(PrinterState.OK, str(path))
