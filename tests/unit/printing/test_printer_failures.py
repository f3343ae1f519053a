"""Printer state checks and failures: the right message, nothing lost, reprint works."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.printing import errors
from kiosk.printing.check import check_printer
from kiosk.printing.cups_status import parse_lpstat, state_from_reasons
from kiosk.printing.escpos_decode import decode_escpos
from kiosk.printing.escpos_printer import print_receipt_escpos
from kiosk.printing.escpos_status import state_from_bytes
from kiosk.printing.status import PrinterState, PrinterStatus
from kiosk.simulators.sample_receipt import sample_receipt
from tests.fixtures.escpos import FakeEscposPrinter
from tests.wait import wait_until

LPSTAT_IDLE = """printer KioskPDF is idle.  enabled since Mon Nov 23 09:42:32 2026
\tForm mounted:
\tAlerts: none
\tLocation:
"""
LPSTAT_PAUSED = """printer KioskPDF disabled since Mon Nov 23 09:42:32 2026 -
\tpaused by test
\tForm mounted:
\tAlerts: paused
"""
LPSTAT_EMPTY = """printer Q is idle.  enabled since Mon Nov 23 09:42:32 2026
\tAlerts: media-empty-error, media-needed
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_errors_are_kiosk_errors_with_plain_messages() -> None:
    classes = [
        errors.PrinterError,
        errors.PrinterQueueMissingError,
        errors.PrinterPausedError,
        errors.PrinterOfflineError,
        errors.PrinterPaperOutError,
        errors.PrinterCoverOpenError,
        errors.PrintJobError,
    ]
    assert len({c.code for c in classes}) == len(classes)
    for cls in classes:
        err = cls("technical detail")
        assert isinstance(err, KioskError)
        assert "vui lòng báo cán bộ" in err.message("vi")
        assert "chụp lại mã hồ sơ" in err.message("vi")  # the QR stays on screen
        assert "please tell the staff" in err.message("en")
    assert (
        errors.PrinterPaperOutError()
        .message("vi")
        .startswith("Máy in hết giấy - vui lòng báo cán bộ")
    )


@pytest.mark.parametrize(
    ("printer", "offline", "paper", "state"),
    [
        (0x16, 0x12, 0x12, PrinterState.OK),
        (0x1E, 0x12, 0x12, PrinterState.OFFLINE),  # bit 3: offline
        (0x16, 0x52, 0x12, PrinterState.OFFLINE),  # bit 6: error
        (0x1E, 0x16, 0x12, PrinterState.COVER_OPEN),  # cover open
        (0x1E, 0x32, 0x72, PrinterState.PAPER_OUT),  # paper end stop + sensor
        (0x16, 0x12, 0x72, PrinterState.PAPER_OUT),
        (0x16, 0x12, 0x1E, PrinterState.PAPER_LOW),  # near end
        (0xFF, 0xFF, 0xFF, PrinterState.OK),  # not status bytes: ignored
        (None, None, None, PrinterState.OK),
    ],
)
def test_escpos_status_bytes(
    printer: int | None, offline: int | None, paper: int | None, state: PrinterState
) -> None:
    assert state_from_bytes(printer, offline, paper) is state


def test_lpstat_parsing() -> None:
    assert parse_lpstat(LPSTAT_IDLE, "KioskPDF accepting requests since x") == (True, True, [])
    enabled, accepting, reasons = parse_lpstat(LPSTAT_PAUSED, "KioskPDF accepting requests")
    assert (enabled, reasons) == (False, ["paused"])
    assert state_from_reasons(reasons, enabled, accepting) is PrinterState.PAUSED
    _, _, reasons = parse_lpstat(LPSTAT_EMPTY, "Q accepting requests")
    assert state_from_reasons(reasons, True, True) is PrinterState.PAPER_OUT
    assert state_from_reasons(["media-low-report"], True, True) is PrinterState.PAPER_LOW
    assert state_from_reasons(["offline-report"], True, True) is PrinterState.OFFLINE
    assert state_from_reasons([], True, False) is PrinterState.PAUSED
    assert state_from_reasons([], True, True) is PrinterState.OK


def test_status_messages_and_errors() -> None:
    status = PrinterStatus(PrinterState.PAPER_OUT, "x")
    assert not status.can_print
    assert status.message("vi") == "Máy in hết giấy - vui lòng báo cán bộ"
    assert status.message("en") == "The printer is out of paper - please tell the staff"
    with pytest.raises(errors.PrinterPaperOutError):
        status.raise_if_unusable()
    low = PrinterStatus(PrinterState.PAPER_LOW)
    assert low.can_print
    low.raise_if_unusable()
    for state in PrinterState:
        assert PrinterStatus(state).message_vi
        assert PrinterStatus(state).message_en


def test_escpos_healthy_printer_prints(fake_escpos_printer: FakeEscposPrinter) -> None:
    r = sample_receipt()
    assert check_printer("escpos", fake_escpos_printer.uri).state is PrinterState.OK
    print_receipt_escpos(r, fake_escpos_printer.uri, "native")
    assert 1 in fake_escpos_printer.queries
    doc = decode_escpos(_wait_printed(fake_escpos_printer))
    assert doc.qr_payloads == [r.tracking_url, r.payment_payload]
    assert doc.cut


CUTS = (b"\x1dVA\x00", b"\x1dV\x00", b"\x1dV\x01", b"\x1dVB\x00")


def _wait_printed(printer: FakeEscposPrinter, timeout_s: float = 5.0) -> bytes:
    """What the printer received, once it ends with a cut (the whole slip)."""
    wait_until(lambda: printer.printed().endswith(CUTS), timeout_s, "the cut")
    return printer.printed()


@pytest.mark.parametrize(
    ("status", "error", "state"),
    [
        ({1: 0x1E, 2: 0x32, 4: 0x72}, errors.PrinterPaperOutError, PrinterState.PAPER_OUT),
        ({1: 0x1E, 2: 0x12, 4: 0x12}, errors.PrinterOfflineError, PrinterState.OFFLINE),
        ({1: 0x1E, 2: 0x16, 4: 0x12}, errors.PrinterCoverOpenError, PrinterState.COVER_OPEN),
    ],
)
def test_escpos_failure_loses_nothing(
    fake_escpos_printer: FakeEscposPrinter,
    status: dict[int, int],
    error: type[errors.PrinterError],
    state: PrinterState,
) -> None:
    r = sample_receipt()
    fake_escpos_printer.status = status
    assert check_printer("escpos", fake_escpos_printer.uri).state is state
    with pytest.raises(error) as caught:
        print_receipt_escpos(r, fake_escpos_printer.uri, "image")
    assert fake_escpos_printer.printed() == b""  # nothing half-printed
    assert r.applicant_name not in str(caught.value)
    # staff fixes the printer and reprints the same receipt
    fake_escpos_printer.status = {1: 0x16, 2: 0x12, 4: 0x12}
    print_receipt_escpos(r, fake_escpos_printer.uri, "image")
    assert decode_escpos(_wait_printed(fake_escpos_printer)).cut


@pytest.mark.expect_log("WARNING", "kiosk.printing.escpos_printer", r"ESC/POS printer paper low")
def test_escpos_paper_low_still_prints_and_warns(
    fake_escpos_printer: FakeEscposPrinter, caplog: pytest.LogCaptureFixture
) -> None:
    fake_escpos_printer.status = {1: 0x16, 2: 0x12, 4: 0x1E}
    with caplog.at_level(logging.WARNING, logger="kiosk.printing"):
        print_receipt_escpos(sample_receipt(), fake_escpos_printer.uri, "native")
    assert decode_escpos(_wait_printed(fake_escpos_printer)).cut
    assert any("paper low" in m for m in caplog.messages)


def test_escpos_printer_without_status_prints(fake_escpos_printer: FakeEscposPrinter) -> None:
    fake_escpos_printer.answers_status = False
    status = check_printer("escpos", fake_escpos_printer.uri, timeout_s=0.5)
    assert status.state is PrinterState.OK
    assert "did not answer" in status.detail
    print_receipt_escpos(sample_receipt(), fake_escpos_printer.uri, "native", timeout_s=0.5)
    assert decode_escpos(_wait_printed(fake_escpos_printer)).cut


def test_escpos_unreachable_printer_is_offline() -> None:
    uri = f"tcp://127.0.0.1:{_free_port()}"
    assert check_printer("escpos", uri).state is PrinterState.OFFLINE
    with pytest.raises(errors.PrinterOfflineError):
        print_receipt_escpos(sample_receipt(), uri, "native", timeout_s=1.0)


@pytest.mark.parametrize("uri", ["", "relative/path", "usb:zz:yy", "tcp://"])
def test_escpos_bad_uri_is_queue_missing(uri: str) -> None:
    assert check_printer("escpos", uri).state is PrinterState.QUEUE_MISSING
    with pytest.raises(errors.PrinterQueueMissingError):
        print_receipt_escpos(sample_receipt(), uri, "native")


def test_pdf_dir_status(tmp_path: Path) -> None:
    assert check_printer("pdf", str(tmp_path / "new")).state is PrinterState.OK
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert check_printer("pdf", str(blocker / "sub")).state is PrinterState.OFFLINE


def test_unknown_kind_refused() -> None:
    with pytest.raises(ValueError, match="unknown printer kind"):
        check_printer("laser", "x")
