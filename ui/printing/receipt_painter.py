"""Paint a receipt with QPainter on any paint device (QPrinter, QPdfWriter, QImage).

The blocks come from :func:`kiosk.printing.receipt_blocks.receipt_blocks`; this module places
them in device pixels for the page layout (A5 sheet or 80 mm roll) and draws them. Text goes
through QTextDocument (word wrap, bold labels) in DejaVu Sans; QR codes are drawn module by
module from the ``qrcode`` matrix, so they stay vector in PDF output.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPen,
    QTextDocument,
    QTextOption,
)

from kiosk.domain.receipt import Receipt
from kiosk.printing.qr_matrix import qr_matrix
from kiosk.printing.receipt_blocks import (
    Align,
    Block,
    Field,
    Header,
    Qr,
    QrRow,
    Rule,
    Space,
    Text,
    receipt_blocks,
)

FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class PageLayout:
    name: str
    width_mm: float
    #: ``None``: a roll, the page is as tall as the content
    height_mm: float | None
    margin_mm: float
    font_scale: float
    qr_mm: float
    side_by_side_header: bool

    def page_size(self, content_height_mm: float | None = None) -> QPageSize:
        if self.height_mm is not None:
            return QPageSize(QPageSize.PageSizeId.A5)
        height = max(60.0, (content_height_mm or 0.0) + 2 * self.margin_mm)
        return QPageSize(
            QSizeF(self.width_mm, height),
            QPageSize.Unit.Millimeter,
            "Roll 80 mm",
            QPageSize.SizeMatchPolicy.ExactMatch,
        )


LAYOUTS: dict[str, PageLayout] = {
    "a5": PageLayout("a5", 148.0, 210.0, 11.0, 1.0, 30.0, True),
    "roll80": PageLayout("roll80", 80.0, None, 4.0, 0.9, 30.0, False),
}


def layout_named(name: str) -> PageLayout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValueError(f"unknown layout {name!r}; expected one of {sorted(LAYOUTS)}") from None


Draw = Callable[[QPainter, float, float], None]  # painter, x, y


@dataclass
class _Item:
    height: float
    draw: Draw


class ReceiptPainter:
    """Lays the receipt out for one device and layout, then paints it (possibly on pages)."""

    def __init__(self, receipt: Receipt, layout: PageLayout, device: QPaintDevice) -> None:
        self.layout = layout
        self.device = device
        self.px_per_mm = device.logicalDpiY() / 25.4
        self.margin = layout.margin_mm * self.px_per_mm
        self.width = layout.width_mm * self.px_per_mm - 2 * self.margin
        self.items = [self._item(b) for b in receipt_blocks(receipt)]

    @property
    def content_height_mm(self) -> float:
        return sum(i.height for i in self.items) / self.px_per_mm

    # ----------------------------------------------------------------- text
    def _doc(
        self,
        markup: str,
        size_pt: float,
        align: Align,
        width: float,
        *,
        bold: bool = False,
        italic: bool = False,
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.device)
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(size_pt * self.layout.font_scale)
        font.setBold(bold)
        font.setItalic(italic)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        option = QTextOption(
            Qt.AlignmentFlag.AlignHCenter if align is Align.CENTER else Qt.AlignmentFlag.AlignLeft
        )
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setHtml(markup)
        doc.setTextWidth(width)
        return doc

    @staticmethod
    def _doc_draw(doc: QTextDocument) -> Draw:
        def draw(painter: QPainter, x: float, y: float) -> None:
            painter.save()
            painter.translate(x, y)
            doc.drawContents(painter)
            painter.restore()

        return draw

    def _text(self, t: Text, width: float) -> _Item:
        doc = self._doc(
            html.escape(t.text), t.size_pt, t.align, width, bold=t.bold, italic=t.italic
        )
        return _Item(doc.size().height(), self._doc_draw(doc))

    # ----------------------------------------------------------------- blocks
    def _item(self, block: Block) -> _Item:
        if isinstance(block, Text):
            return self._text(block, self.width)
        if isinstance(block, Field):
            markup = f"<b>{html.escape(block.label)}:</b> {html.escape(block.value)}"
            doc = self._doc(markup, block.size_pt, Align.LEFT, self.width)
            return _Item(doc.size().height(), self._doc_draw(doc))
        if isinstance(block, Header):
            return self._header(block)
        if isinstance(block, QrRow):
            return self._qr_row(block)
        if isinstance(block, Rule):
            return self._rule()
        if isinstance(block, Space):
            return _Item(block.mm * self.px_per_mm, lambda _p, _x, _y: None)
        raise TypeError(f"unknown block {type(block).__name__}")

    def _stack(self, texts: tuple[Text, ...], width: float) -> _Item:
        parts = [self._text(t, width) for t in texts]

        def draw(painter: QPainter, x: float, y: float) -> None:
            for part in parts:
                part.draw(painter, x, y)
                y += part.height

        return _Item(sum(p.height for p in parts), draw)

    def _header(self, h: Header) -> _Item:
        if not self.layout.side_by_side_header:
            gap = 1.5 * self.px_per_mm
            left, right = self._stack(h.left, self.width), self._stack(h.right, self.width)

            def stacked(painter: QPainter, x: float, y: float) -> None:
                left.draw(painter, x, y)
                right.draw(painter, x, y + left.height + gap)

            return _Item(left.height + gap + right.height, stacked)
        column = self.width * 0.42
        right_width = self.width - column
        left, right = self._stack(h.left, column), self._stack(h.right, right_width)

        def side(painter: QPainter, x: float, y: float) -> None:
            left.draw(painter, x, y)
            right.draw(painter, x + column, y)

        return _Item(max(left.height, right.height) + 1.5 * self.px_per_mm, side)

    def _rule(self) -> _Item:
        pad = 1.5 * self.px_per_mm

        def draw(painter: QPainter, x: float, y: float) -> None:
            painter.save()
            pen = QPen(QColor("black"))
            pen.setWidthF(0.3 * self.px_per_mm)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y + pad), QPointF(x + self.width, y + pad))
            painter.restore()

        return _Item(2 * pad, draw)

    def _qr_row(self, row: QrRow) -> _Item:
        size = self.layout.qr_mm * self.px_per_mm
        gap = 8 * self.px_per_mm
        n = len(row.codes)
        side_by_side = n * size + (n - 1) * gap <= self.width
        cell = (self.width - (n - 1) * gap) / n if side_by_side else self.width
        captions = [
            self._text(Text(q.caption, 8.5, bold=True, align=Align.CENTER), cell) for q in row.codes
        ]
        cell_h = [size + 1.5 * self.px_per_mm + c.height for c in captions]
        pad = 2 * self.px_per_mm
        quiet = 3 * self.px_per_mm  # keep text away from the QR's quiet zone

        def draw(painter: QPainter, x: float, y: float) -> None:
            y += quiet
            for i, (qr, caption) in enumerate(zip(row.codes, captions, strict=True)):
                if side_by_side:
                    cx, cy = x + i * (cell + gap), y
                else:
                    cx, cy = x, y + sum(cell_h[:i]) + i * pad
                _paint_qr(painter, qr, cx + (cell - size) / 2, cy, size)
                caption.draw(painter, cx, cy + size + 1.5 * self.px_per_mm)

        height = max(cell_h) if side_by_side else sum(cell_h) + (n - 1) * pad
        return _Item(quiet + height + pad, draw)

    # ----------------------------------------------------------------- paint
    def paint(self, painter: QPainter, new_page: Callable[[], None] | None = None) -> int:
        """Draw every block; start a new page when one does not fit. Returns the page count."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QColor("black"))
        page_h = (self.layout.height_mm * self.px_per_mm) if self.layout.height_mm else None
        top = self.margin
        y = top
        pages = 1
        for item in self.items:
            if (
                page_h is not None
                and new_page is not None
                and y > top
                and y + item.height > page_h - self.margin
            ):
                new_page()
                pages += 1
                y = top
            item.draw(painter, self.margin, y)
            y += item.height
        return pages


def _paint_qr(painter: QPainter, qr: Qr, x: float, y: float, size: float) -> None:
    """Dark modules as filled rectangles (runs per row), no antialiasing: crisp when printed."""
    matrix = qr_matrix(qr.data)
    n = len(matrix)
    module = size / n
    black = QColor("black")
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            painter.fillRect(
                QRectF(x + start * module, y + r * module, (c - start) * module, module), black
            )
