"""QR code module matrices from the ``qrcode`` package, shared by every renderer."""

from __future__ import annotations

import qrcode
import qrcode.constants


def qr_matrix(data: str, *, border: int = 0) -> list[list[bool]]:
    """The QR modules of ``data`` (error correction M), ``True`` = dark, quiet zone ``border``."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, box_size=1)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]
