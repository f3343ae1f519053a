"""Print a receipt on whatever printer the kiosk is configured with."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config
from kiosk.domain.receipt import Receipt
from kiosk.printing.escpos_printer import print_receipt_escpos
from kiosk.printing.escpos_render import QrMode
from ui.printing.pdf_file_printer import PdfFilePrinter
from ui.printing.qt_printer import print_receipt


def print_with_config(
    receipt: Receipt, cfg: Config, *, escpos_qr_mode: str = "native"
) -> Path | None:
    """``printer.kind``: cups (queue ``printer.name``), escpos (URI ``printer.name``) or pdf.

    Returns the file written for the pdf kind. Raises ``PrinterError`` subclasses.
    """
    kind = str(cfg["printer.kind"])
    layout = str(cfg["printer.layout"])
    if kind == "pdf":
        return PdfFilePrinter(cfg.data_path("printer.pdf_dir"), layout).print_receipt(receipt)
    if kind == "escpos":
        mode: QrMode = "image" if escpos_qr_mode == "image" else "native"
        print_receipt_escpos(receipt, str(cfg["printer.name"]), mode)
        return None
    print_receipt(receipt, printer_name=str(cfg["printer.name"]), layout=layout)
    return None
