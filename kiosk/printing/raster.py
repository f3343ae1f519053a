"""Draw receipt blocks with Pillow into 1-bit images for thermal printers.

Thermal printers cannot print Vietnamese from their code pages, so the text is drawn as an image
in DejaVu Sans. :func:`raster_segments` returns the receipt as a list of images and, when QR
codes are printed natively, :class:`NativeQr` markers between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from kiosk.printing.fonts import dejavu_path
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
)

#: common 80 mm thermal head: 203 dpi, 72 mm printable = 576 dots
ROLL80_WIDTH_PX = 576
THERMAL_DPI = 203
_MARGIN_PX = 8
_LINE_GAP = 1.15


@dataclass(frozen=True)
class NativeQr:
    """A QR code the printer draws itself (``GS ( k``), ``module_dots`` per module."""

    data: str
    module_dots: int


Segment = Image.Image | NativeQr
_Font = ImageFont.FreeTypeFont


@cache
def _font(size_px: int, bold: bool, italic: bool) -> _Font:
    return ImageFont.truetype(str(dejavu_path(bold, italic)), size_px)


class _Canvas:
    """A growing white strip the blocks are drawn on, top to bottom."""

    def __init__(self, width: int, dpi: int) -> None:
        self.width = width
        self.dpi = dpi
        self.parts: list[Image.Image] = []

    def px(self, pt: float) -> int:
        return max(1, round(pt * self.dpi / 72))

    def mm(self, mm: float) -> int:
        return max(1, round(mm * self.dpi / 25.4))

    def add(self, img: Image.Image) -> None:
        self.parts.append(img)

    def blank(self, height: int) -> None:
        self.parts.append(Image.new("1", (self.width, height), 1))

    def flush(self) -> Image.Image | None:
        if not self.parts:
            return None
        height = sum(p.height for p in self.parts)
        out = Image.new("1", (self.width, height), 1)
        y = 0
        for p in self.parts:
            out.paste(p, (0, y))
            y += p.height
        self.parts = []
        return out


def _wrap(runs: list[tuple[str, _Font]], width: int) -> list[list[tuple[str, _Font]]]:
    """Greedy word wrap of styled runs; a word longer than the line is cut by characters."""
    words: list[tuple[str, _Font]] = []
    for text, font in runs:
        words.extend((w, font) for w in text.split())
    lines: list[list[tuple[str, _Font]]] = [[]]
    used = 0.0
    for original, font in words:
        word = original
        space = font.getlength(" ") if lines[-1] else 0.0
        need = font.getlength(word)
        if lines[-1] and used + space + need > width:
            lines.append([])
            used, space = 0.0, 0.0
        while need > width:  # a URL or code without spaces
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines[-1].append((word[:cut], font))
            lines.append([])
            word = word[cut:]
            need = font.getlength(word)
        lines[-1].append((word, font))
        used += space + need
    return [line for line in lines if line]


def _paragraph(
    canvas: _Canvas, runs: list[tuple[str, _Font]], align: Align, width: int | None = None
) -> Image.Image:
    width = width or canvas.width - 2 * _MARGIN_PX
    lines = _wrap(runs, width)
    line_h = max((round(f.size * _LINE_GAP) for _, f in runs), default=1)
    img = Image.new("1", (width, max(1, line_h * len(lines))), 1)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        total = sum(f.getlength(w) for w, f in line) + sum(f.getlength(" ") for _, f in line[1:])
        x = (width - total) / 2 if align is Align.CENTER else 0.0
        for j, (word, font) in enumerate(line):
            if j:
                x += font.getlength(" ")
            draw.text((x, i * line_h), word, font=font, fill=0)
            x += font.getlength(word)
    return img


def _text_img(canvas: _Canvas, t: Text, width: int | None = None) -> Image.Image:
    font = _font(canvas.px(t.size_pt), t.bold, t.italic)
    return _paragraph(canvas, [(t.text, font)], t.align, width)


def _with_margin(canvas: _Canvas, img: Image.Image, x: int = _MARGIN_PX) -> Image.Image:
    row = Image.new("1", (canvas.width, img.height), 1)
    row.paste(img, (x, 0))
    return row


def _qr_image(data: str, module_px: int) -> Image.Image:
    matrix = qr_matrix(data, border=4)
    n = len(matrix)
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    return small.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)


def _module_px(canvas: _Canvas, qr: Qr) -> int:
    modules = len(qr_matrix(qr.data)) + 8
    return max(3, round(canvas.mm(qr.size_mm) / modules))


def _draw_header(canvas: _Canvas, h: Header) -> None:
    for t in (*h.left, Text("", 4), *h.right):
        if t.text:
            canvas.add(_with_margin(canvas, _text_img(canvas, t)))
        else:
            canvas.blank(canvas.px(t.size_pt))


def _draw_qr_row(canvas: _Canvas, row: QrRow, native: bool, out: list[Segment]) -> None:
    for qr in row.codes:
        caption = _text_img(canvas, Text(qr.caption, 9.0, bold=True, align=Align.CENTER))
        canvas.add(_with_margin(canvas, caption))
        if native:
            image = canvas.flush()
            if image is not None:
                out.append(image)
            out.append(NativeQr(qr.data, _module_px(canvas, qr)))
        else:
            img = _qr_image(qr.data, _module_px(canvas, qr))
            canvas.add(_with_margin(canvas, img, max(0, (canvas.width - img.width) // 2)))
        canvas.blank(canvas.mm(1.5))


def raster_segments(
    blocks: list[Block],
    *,
    width_px: int = ROLL80_WIDTH_PX,
    dpi: int = THERMAL_DPI,
    native_qr: bool = False,
) -> list[Segment]:
    """The receipt as images (and native QR markers), top to bottom."""
    canvas = _Canvas(width_px, dpi)
    out: list[Segment] = []
    for block in blocks:
        if isinstance(block, Text):
            canvas.add(_with_margin(canvas, _text_img(canvas, block)))
        elif isinstance(block, Field):
            size = canvas.px(block.size_pt)
            runs = [(f"{block.label}:", _font(size, True, False))]
            if block.value:
                runs.append((block.value, _font(size, False, False)))
            canvas.add(_with_margin(canvas, _paragraph(canvas, runs, Align.LEFT)))
        elif isinstance(block, Header):
            _draw_header(canvas, block)
        elif isinstance(block, QrRow):
            _draw_qr_row(canvas, block, native_qr, out)
        elif isinstance(block, Rule):
            canvas.blank(canvas.mm(1))
            line = Image.new("1", (canvas.width, 2), 1)
            ImageDraw.Draw(line).line([(_MARGIN_PX, 0), (canvas.width - _MARGIN_PX, 0)], 0, 2)
            canvas.add(line)
            canvas.blank(canvas.mm(1))
        elif isinstance(block, Space):
            canvas.blank(canvas.mm(block.mm))
    image = canvas.flush()
    if image is not None:
        out.append(image)
    return out
