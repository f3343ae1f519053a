"""One entry point for "is the receipt printer ready?", whatever its kind."""

from __future__ import annotations

from kiosk.printing.cups_status import cups_status
from kiosk.printing.escpos_status import escpos_status
from kiosk.printing.status import PrinterStatus, pdf_dir_status

PRINTER_KINDS = ("cups", "escpos", "pdf")


def check_printer(kind: str, name: str, *, timeout_s: float = 3.0) -> PrinterStatus:
    """State of the printer ``name`` of ``kind`` (``cups`` | ``escpos`` | ``pdf``).

    ``name`` is the CUPS queue (empty: the default queue), the ESC/POS device URI or the PDF
    output directory. Never raises for printer trouble; bounded by ``timeout_s``.
    """
    if kind == "cups":
        return cups_status(name, timeout_s=timeout_s)
    if kind == "escpos":
        return escpos_status(name, timeout_s=timeout_s)
    if kind == "pdf":
        return pdf_dir_status(name)
    raise ValueError(f"unknown printer kind {kind!r}; expected one of {PRINTER_KINDS}")
