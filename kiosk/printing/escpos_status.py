"""ESC/POS real-time status (``DLE EOT n``) and what it means for printing."""

from __future__ import annotations

from kiosk.printing.errors import PrinterError
from kiosk.printing.escpos_transport import Transport, open_transport
from kiosk.printing.status import PrinterState, PrinterStatus

DLE_EOT = b"\x10\x04"
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4


def _valid(byte: int) -> bool:
    # Status bytes have bit 1 and bit 4 set, bits 0 and 7 clear.
    return byte & 0x93 == 0x12


def state_from_bytes(printer: int | None, offline: int | None, paper: int | None) -> PrinterState:
    """Combine the three status bytes (``None`` = not answered) into one state."""

    def bit(value: int | None, mask: int) -> bool:
        return value is not None and _valid(value) and bool(value & mask)

    checks = (
        (bit(paper, 0x60) or bit(offline, 0x20), PrinterState.PAPER_OUT),
        (bit(offline, 0x04), PrinterState.COVER_OPEN),
        (bit(offline, 0x40) or bit(printer, 0x08), PrinterState.OFFLINE),
        (bit(paper, 0x0C), PrinterState.PAPER_LOW),
    )
    return next((state for hit, state in checks if hit), PrinterState.OK)


def _query(transport: Transport, n: int, timeout_s: float) -> int | None:
    transport.write(DLE_EOT + bytes([n]))
    answer = transport.read(1, timeout_s)
    return answer[0] if answer else None


def query_status(transport: Transport, timeout_s: float = 1.0) -> PrinterStatus:
    """Ask an open device; a device that does not answer is assumed ready (not all report)."""
    if not transport.can_read:
        return PrinterStatus(PrinterState.OK, "device cannot report status")
    printer = _query(transport, PRINTER_STATUS, timeout_s)
    if printer is None:
        return PrinterStatus(PrinterState.OK, "printer did not answer DLE EOT")
    offline = _query(transport, OFFLINE_CAUSE, timeout_s)
    paper = _query(transport, PAPER_SENSOR, timeout_s)
    state = state_from_bytes(printer, offline, paper)

    def fmt(v: int | None) -> str:
        return "-" if v is None else f"{v:02x}"

    return PrinterStatus(state, f"DLE EOT 1/2/4 = {fmt(printer)}/{fmt(offline)}/{fmt(paper)}")


def escpos_status(uri: str, *, timeout_s: float = 3.0) -> PrinterStatus:
    """Open ``uri``, ask the status, close. Never raises for printer trouble."""
    try:
        transport = open_transport(uri, timeout_s)
    except PrinterError as exc:
        state = (
            PrinterState.QUEUE_MISSING
            if exc.code == "printer.queue_missing"
            else (PrinterState.OFFLINE)
        )
        return PrinterStatus(state, exc.detail)
    try:
        return query_status(transport, min(timeout_s, 1.0))
    except PrinterError as exc:
        return PrinterStatus(PrinterState.OFFLINE, exc.detail)
    finally:
        transport.close()
