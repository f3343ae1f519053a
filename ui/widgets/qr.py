"""A QR code drawn crisply at any size from the qrcode package's module matrix."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


def qr_matrix(text: str, border: int = 4) -> list[list[bool]]:
    import qrcode  # ~40 ms to import: when the first code is drawn, not at start-up

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


class QrView(QWidget):
    def __init__(self, size: int = 320) -> None:
        super().__init__()
        self._matrix: list[list[bool]] = []
        self._text = ""
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        self._text = text
        self._matrix = qr_matrix(text) if text else []
        self.setAccessibleDescription(text)
        self.update()

    def text(self) -> str:
        return self._text

    def clear(self) -> None:
        self.set_text("")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        n = len(self._matrix)
        if n:
            cell = min(self.width(), self.height()) / n
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("black"))
            for y, row in enumerate(self._matrix):
                for x, dark in enumerate(row):
                    if dark:
                        painter.drawRect(QRectF(x * cell, y * cell, cell + 0.5, cell + 0.5))
        painter.end()
