"""The demo "printer": one PDF file per receipt in a directory (``printer.kind = "pdf"``)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from kiosk.domain.receipt import Receipt
from kiosk.printing.status import pdf_dir_status
from ui.printing.qt_printer import render_pdf

_UNSAFE = re.compile(r"[^0-9A-Za-z.-]+")


class PdfFilePrinter:
    """Writes ``receipt-<dossier code>-<time>.pdf`` into ``directory`` (no personal data)."""

    def __init__(self, directory: str | Path, layout: str = "a5") -> None:
        self.directory = Path(directory)
        self.layout = layout

    def print_receipt(self, receipt: Receipt) -> Path:
        pdf_dir_status(self.directory).raise_if_unusable()
        code = _UNSAFE.sub("_", receipt.dossier_code) or "receipt"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        return render_pdf(receipt, self.directory / f"receipt-{code}-{stamp}.pdf", self.layout)
