"""Read ESC/POS bytes back: native QR payloads and raster images (tests and diagnostics).

No ready ESC/POS-to-image tool exists, so this walks the command stream the kiosk produces
(``GS v 0`` rasters, ``GS ( k`` QR commands) and skips the other commands it knows the length of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS = 0x1B, 0x1D


@dataclass
class EscposDocument:
    """What a byte stream asks the printer to print."""

    qr_payloads: list[str] = field(default_factory=list)
    rasters: list[Image.Image] = field(default_factory=list)
    cut: bool = False
    unknown: list[int] = field(default_factory=list)  # offsets of commands not understood

    def stitched(self) -> Image.Image:
        """All rasters one under the other (white background), as an 8-bit grey image."""
        width = max((r.width for r in self.rasters), default=1)
        height = sum(r.height for r in self.rasters) or 1
        out = Image.new("L", (width, height), 255)
        y = 0
        for r in self.rasters:
            out.paste(r.convert("L"), (0, y))
            y += r.height
        return out


def _raster(data: bytes, i: int) -> tuple[Image.Image, int]:
    """``GS v 0 m xL xH yL yH d1...dk`` at ``i``; returns the image and the next offset."""
    x_bytes = data[i + 4] | data[i + 5] << 8
    height = data[i + 6] | data[i + 7] << 8
    start = i + 8
    size = x_bytes * height
    bits = data[start : start + size]
    if len(bits) != size:
        raise ValueError(f"raster at {i} truncated")
    # ESC/POS: 1 = black dot; Pillow mode "1" from bytes: 1 = white, so invert.
    img = Image.frombytes("1", (x_bytes * 8, height), bytes(b ^ 0xFF for b in bits))
    return img, start + size


def _gs_paren_k(data: bytes, i: int, doc: EscposDocument, pending: dict[str, str]) -> int:
    """``GS ( k pL pH cn fn ...``: keep stored QR data, record it when printed."""
    length = data[i + 3] | data[i + 4] << 8
    body = data[i + 5 : i + 5 + length]
    cn, fn = body[0], body[1]
    if cn == 0x31 and fn == 0x50:  # store data: cn fn m d1...dk
        pending["qr"] = body[3:].decode("utf-8")
    elif cn == 0x31 and fn == 0x51 and "qr" in pending:  # print stored symbol
        doc.qr_payloads.append(pending.pop("qr"))
    return i + 5 + length


def decode_escpos(data: bytes) -> EscposDocument:
    """Parse the subset of ESC/POS the kiosk emits; unknown bytes are recorded and skipped."""
    doc = EscposDocument()
    pending: dict[str, str] = {}
    i = 0
    fixed = {  # command prefix -> total length
        (ESC, 0x40): 2,  # ESC @ init
        (ESC, 0x61): 3,  # ESC a n align
        (ESC, 0x21): 3,  # ESC ! n print mode
        (ESC, 0x45): 3,  # ESC E n bold
        (ESC, 0x2D): 3,  # ESC - n underline
        (ESC, 0x4D): 3,  # ESC M n font
        (ESC, 0x64): 3,  # ESC d n feed lines
        (ESC, 0x74): 3,  # ESC t n code table
        (ESC, 0x7B): 3,  # ESC { n upside down
        (ESC, 0x47): 3,  # ESC G n double strike
        (GS, 0x21): 3,  # GS ! n size
        (GS, 0x42): 3,  # GS B n inverse
        (GS, 0x62): 3,  # GS b n smoothing
        (ESC, 0x32): 2,  # ESC 2 default line spacing
        (ESC, 0x33): 3,  # ESC 3 n line spacing
    }
    while i < len(data):
        b = data[i]
        pair = (b, data[i + 1]) if i + 1 < len(data) else (b, -1)
        if data[i : i + 3] == b"\x1dv0":
            img, i = _raster(data, i)
            doc.rasters.append(img)
        elif data[i : i + 3] == b"\x1d(k":
            i = _gs_paren_k(data, i, doc, pending)
        elif data[i : i + 2] == b"\x1dV":  # GS V m [n]
            doc.cut = True
            i += 4 if data[i + 2] in (0x41, 0x42, 65, 66) else 3
        elif pair in fixed:
            i += fixed[pair]
        elif b in (0x0A, 0x0D):
            i += 1
        else:
            doc.unknown.append(i)
            i += 1
    return doc
