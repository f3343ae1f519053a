"""Print a receipt on an ESC/POS thermal printer (USB, network or device file)."""

from __future__ import annotations

import logging

from kiosk.domain.receipt import Receipt
from kiosk.printing.escpos_render import QrMode, render_escpos
from kiosk.printing.escpos_status import query_status
from kiosk.printing.escpos_transport import open_transport
from kiosk.printing.raster import ROLL80_WIDTH_PX
from kiosk.printing.status import PrinterState

log = logging.getLogger(__name__)


def print_receipt_escpos(
    receipt: Receipt,
    device_uri: str,
    qr_mode: QrMode = "native",
    *,
    width_px: int = ROLL80_WIDTH_PX,
    timeout_s: float = 5.0,
) -> None:
    """Render, check the printer's status, then send the job.

    Blocking (call it from a worker thread). Raises a :class:`PrinterError` subclass when the
    printer is missing, offline, out of paper or its cover is open; the receipt is untouched
    and can be printed again.
    """
    data = render_escpos(receipt, qr_mode=qr_mode, width_px=width_px)
    transport = open_transport(device_uri, timeout_s)
    try:
        status = query_status(transport, min(timeout_s, 1.0))
        status.raise_if_unusable()
        if status.state is PrinterState.PAPER_LOW:
            log.warning("ESC/POS printer paper low: %s", status.detail)
        transport.write(data)
    finally:
        transport.close()
    log.info("receipt sent to ESC/POS printer (%d bytes, qr=%s)", len(data), qr_mode)
