"""Receipts through Qt: to a CUPS queue (QPrinter), to a PDF file, to a PNG image.

Blocking; call from a worker thread (QPainter on QPrinter/QPdfWriter/QImage is thread-safe
per device). Failures raise :class:`kiosk.printing.errors.PrinterError` subclasses whose
messages the resident can act on; the receipt itself is never consumed, so it can be
printed again from staff mode.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QImage, QPageLayout, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.domain.receipt import Receipt
from kiosk.printing.cups_status import cups_status
from kiosk.printing.errors import PrinterQueueMissingError, PrintJobError
from kiosk.printing.status import PrinterState
from kiosk.runtime.atomic_file import temp_name_for
from ui.printing.qt_app import ensure_gui_app
from ui.printing.receipt_painter import PageLayout, ReceiptPainter, layout_named

log = logging.getLogger(__name__)

PDF_DPI = 600
PNG_DPI = 200


def _doc_title(receipt: Receipt) -> str:
    # The dossier code is not personal data; the applicant's name never goes in metadata.
    return f"Giấy tiếp nhận hồ sơ {receipt.dossier_code}"


def _measure(receipt: Receipt, layout: PageLayout, device: QPdfWriter | QPrinter) -> float:
    return ReceiptPainter(receipt, layout, device).content_height_mm


def _new_page(device: QPdfWriter | QPrinter) -> None:
    if not device.newPage():
        raise PrintJobError("the print device refused a new page")


def _paint_paged(receipt: Receipt, layout: PageLayout, device: QPdfWriter | QPrinter) -> int:
    painter = QPainter()
    if not painter.begin(device):
        raise PrintJobError("QPainter.begin failed on the print device")
    try:
        return ReceiptPainter(receipt, layout, device).paint(painter, lambda: _new_page(device))
    finally:
        painter.end()


def _setup_page(device: QPdfWriter | QPrinter, receipt: Receipt, layout: PageLayout) -> None:
    height = _measure(receipt, layout, device) if layout.height_mm is None else None
    page = QPageLayout(
        layout.page_size(height), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)
    )
    page.setMode(QPageLayout.Mode.FullPageMode)
    if not device.setPageLayout(page):
        raise PrintJobError(f"the device refused the {layout.name} page layout")


def render_pdf(receipt: Receipt, path: str | os.PathLike[str], layout: str = "a5") -> Path:
    """Write the receipt as a PDF file (atomically). Returns the path written."""
    ensure_gui_app()
    page_layout = layout_named(layout)
    target = Path(path)
    tmp = temp_name_for(target)
    try:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setTitle(_doc_title(receipt))
        writer.setCreator("ward-kiosk")
        _setup_page(writer, receipt, page_layout)
        _paint_paged(receipt, page_layout, writer)
        del writer  # closes the file
        os.replace(tmp, target)
    except OSError as exc:
        raise PrintJobError(f"cannot write PDF {target.name}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def render_image(receipt: Receipt, layout: str = "a5", dpi: int = PNG_DPI) -> QImage:
    """The receipt as one white image (an A5 page grows when the content is longer)."""
    ensure_gui_app()
    page_layout = layout_named(layout)
    dpm = round(dpi / 0.0254)
    probe = QImage(8, 8, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(dpm)
    probe.setDotsPerMeterY(dpm)
    content = ReceiptPainter(receipt, page_layout, probe).content_height_mm
    height_mm = max(page_layout.height_mm or 0.0, content + 2 * page_layout.margin_mm)
    px = dpi / 25.4
    image = QImage(
        round(page_layout.width_mm * px), round(height_mm * px), QImage.Format.Format_RGB32
    )
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        ReceiptPainter(receipt, page_layout, image).paint(painter, None)
    finally:
        painter.end()
    return image


def render_png(
    receipt: Receipt, path: str | os.PathLike[str], layout: str = "a5", dpi: int = PNG_DPI
) -> Path:
    """Write the receipt as a PNG image (atomically). Returns the path written."""
    image = render_image(receipt, layout, dpi)
    target = Path(path)
    tmp = temp_name_for(target)
    try:
        if not image.save(str(tmp), "PNG"):  # type: ignore[call-overload]  # stub says bytes
            raise PrintJobError(f"cannot write PNG {target.name}")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def print_receipt(receipt: Receipt, *, printer_name: str, layout: str = "a5") -> None:
    """Print through the CUPS queue ``printer_name`` (empty: the default queue).

    Checks the queue first (missing, paused, paper out, offline) and raises the matching
    :class:`PrinterError`; raises :class:`PrintJobError` when Qt cannot hand the job over.
    """
    ensure_gui_app()
    page_layout = layout_named(layout)
    name = printer_name or QPrinterInfo.defaultPrinterName()
    status = cups_status(name)
    status.raise_if_unusable()
    if status.state is PrinterState.PAPER_LOW:
        log.warning("printer %s: paper low (%s)", name, status.detail)
    if QPrinterInfo.printerInfo(name).isNull():
        raise PrinterQueueMissingError(f"Qt does not list the CUPS queue {name!r}")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(name)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setDocName(f"receipt {receipt.dossier_code}")  # ASCII job name
    printer.setCopyCount(1)
    _setup_page(printer, receipt, page_layout)
    _paint_paged(receipt, page_layout, printer)
    if printer.printerState() is QPrinter.PrinterState.Error:
        raise PrintJobError(f"CUPS did not accept the job for {name!r}")
    log.info("receipt sent to CUPS queue %s (%s)", name, layout)
