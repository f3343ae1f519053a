"""Printer failures a resident or staff member can act on.

Every message tells the resident that nothing is lost: the dossier is filed, the code and QR stay
on screen to be photographed and staff can reprint from staff mode.
"""

from __future__ import annotations

from kiosk.errors import KioskError

_KEEP_VI = " Hồ sơ đã được nộp; vui lòng chụp lại mã hồ sơ và mã QR trên màn hình."
_KEEP_EN = " Your dossier is filed; please take a photo of the code and QR on the screen."


class PrinterError(KioskError):
    code = "printer.error"
    message_vi = "Không in được giấy tiếp nhận - vui lòng báo cán bộ." + _KEEP_VI
    message_en = "The receipt could not be printed - please tell the staff." + _KEEP_EN


class PrinterQueueMissingError(PrinterError):
    code = "printer.queue_missing"
    message_vi = "Chưa cài đặt máy in - vui lòng báo cán bộ." + _KEEP_VI
    message_en = "No printer is set up - please tell the staff." + _KEEP_EN


class PrinterPausedError(PrinterError):
    code = "printer.paused"
    message_vi = "Máy in đang tạm dừng - vui lòng báo cán bộ." + _KEEP_VI
    message_en = "The printer is paused - please tell the staff." + _KEEP_EN


class PrinterOfflineError(PrinterError):
    code = "printer.offline"
    message_vi = "Máy in không hoạt động - vui lòng báo cán bộ." + _KEEP_VI
    message_en = "The printer is not responding - please tell the staff." + _KEEP_EN


class PrinterPaperOutError(PrinterError):
    code = "printer.paper_out"
    message_vi = "Máy in hết giấy - vui lòng báo cán bộ." + _KEEP_VI
    message_en = "The printer is out of paper - please tell the staff." + _KEEP_EN


class PrinterCoverOpenError(PrinterError):
    code = "printer.cover_open"
    message_vi = "Nắp máy in đang mở - vui lòng báo cán bộ." + _KEEP_VI
    message_en = "The printer cover is open - please tell the staff." + _KEEP_EN


class PrintJobError(PrinterError):
    """The job could not be handed over or rendered (detail says why, for the log)."""

    code = "printer.job_failed"


class PrintProcessError(PrinterError):
    """The print process did not answer in time, or stopped (it is started again for the next
    slip; the kiosk itself keeps running)."""

    code = "printer.process"


def printer_error_for(code: str, detail: str) -> PrinterError:
    """The :class:`PrinterError` subclass whose ``code`` is ``code`` (the print process sends
    codes, not objects); :class:`PrintJobError` for a code this kiosk does not know."""
    pending: list[type[PrinterError]] = [PrinterError]
    while pending:
        cls = pending.pop()
        if cls.code == code:
            return cls(detail)
        pending.extend(cls.__subclasses__())
    return PrintJobError(detail)
