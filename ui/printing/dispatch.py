"""Print a receipt on whatever printer the kiosk is configured with (in this process).

The kiosk itself never calls this: its slips go through :mod:`ui.printing.print_process`,
whose child process calls :func:`print_to`. The command line (``kiosk receipt``) and the
integration tests call it directly.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config
from kiosk.domain.receipt import Receipt
from kiosk.printing.escpos_printer import print_receipt_escpos
from kiosk.printing.escpos_render import QrMode
from kiosk.printing.target import PrintTarget
from ui.printing.pdf_file_printer import PdfFilePrinter
from ui.printing.qt_printer import print_receipt


def print_to(receipt: Receipt, target: PrintTarget) -> Path | None:
    """Returns the file written for the pdf kind. Raises ``PrinterError`` subclasses."""
    if target.kind == "pdf":
        return PdfFilePrinter(target.pdf_path, target.layout).print_receipt(receipt)
    if target.kind == "escpos":
        mode: QrMode = "image" if target.escpos_qr == "image" else "native"
        print_receipt_escpos(receipt, target.name, mode)
        return None
    print_receipt(receipt, printer_name=target.name, layout=target.layout)
    return None


def print_with_config(
    receipt: Receipt, cfg: Config, *, escpos_qr_mode: str | None = None
) -> Path | None:
    """``printer.kind``: cups (queue ``printer.name``), escpos (URI ``printer.name``) or pdf."""
    target = PrintTarget.from_config(cfg)
    if escpos_qr_mode is not None:
        target = PrintTarget(
            target.kind, target.layout, target.name, target.pdf_dir, escpos_qr_mode
        )
    return print_to(receipt, target)
