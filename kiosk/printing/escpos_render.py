"""The receipt as ESC/POS bytes (python-escpos), text as raster images, QR native or image."""

from __future__ import annotations

from typing import Literal

from kiosk.domain.receipt import Receipt
from kiosk.printing.raster import ROLL80_WIDTH_PX, NativeQr, raster_segments
from kiosk.printing.receipt_blocks import receipt_blocks

QrMode = Literal["native", "image"]
QR_MODES: tuple[QrMode, ...] = ("native", "image")


def render_escpos(
    receipt: Receipt, *, qr_mode: QrMode = "native", width_px: int = ROLL80_WIDTH_PX
) -> bytes:
    """ESC/POS bytes for the receipt: init, raster text (``GS v 0``), QR, feed and cut.

    ``qr_mode="native"`` sends QR codes as ``GS ( k`` (the printer draws them, sharpest);
    ``"image"`` draws them into the raster, for printers without QR support.
    """
    if qr_mode not in QR_MODES:
        raise ValueError(f"qr_mode must be one of {QR_MODES}, got {qr_mode!r}")
    # python-escpos loads its printer capability database on import (~0.3 s): only when
    # a receipt is actually rendered, never at start-up
    from escpos.printer import Dummy

    printer = Dummy()
    printer.profile.profile_data["media"]["width"]["pixels"] = width_px
    printer.hw("INIT")
    for segment in raster_segments(
        receipt_blocks(receipt), width_px=width_px, native_qr=qr_mode == "native"
    ):
        if isinstance(segment, NativeQr):
            printer.set(align="center")
            printer.qr(segment.data, ec=1, size=min(16, segment.module_dots), native=True)
            printer.set(align="left")
        else:
            printer.image(segment, impl="bitImageRaster")
    printer.ln(4)
    printer.cut()
    return bytes(printer.output)
