"""Printing through a real CUPS queue backed by cups-pdf, and the queue failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.vietqr import crc_valid
from kiosk.printing import errors
from kiosk.printing.check import check_printer
from kiosk.printing.status import PrinterState
from kiosk.simulators.sample_receipt import sample_receipt
from tests.fixtures.cups import CupsPdfQueue
from tests.integration.printing.pdf_tools import pdf_qr_texts
from ui.printing.qt_printer import print_receipt

pytestmark = [pytest.mark.cups, pytest.mark.usefixtures("qapp")]


@pytest.mark.parametrize("layout", ["a5", "roll80"])
def test_printed_pdf_qr_is_the_tracking_url(
    cups_pdf_queue: CupsPdfQueue, tmp_path: Path, layout: str
) -> None:
    r = sample_receipt()
    assert check_printer("cups", cups_pdf_queue.name).state is PrinterState.OK
    before = cups_pdf_queue.snapshot()
    print_receipt(r, printer_name=cups_pdf_queue.name, layout=layout)
    printed = cups_pdf_queue.wait_for_new_pdf(before)
    try:
        texts = pdf_qr_texts(printed, tmp_path)
    finally:
        printed.unlink(missing_ok=True)
    assert r.tracking_url in texts
    assert r.payment_payload in texts
    assert all(crc_valid(t) for t in texts if t != r.tracking_url)


def test_missing_queue(cups_scheduler: None) -> None:
    status = check_printer("cups", "NoSuchKioskQueue")
    assert status.state is PrinterState.QUEUE_MISSING
    assert status.message("vi") == "Chưa cài đặt máy in - vui lòng báo cán bộ"
    with pytest.raises(errors.PrinterQueueMissingError) as caught:
        print_receipt(sample_receipt(), printer_name="NoSuchKioskQueue", layout="a5")
    assert "Chưa cài đặt máy in" in caught.value.message("vi")


def test_paused_queue_refuses_and_keeps_nothing_half_done(
    cups_paused_queue: CupsPdfQueue,
) -> None:
    r = sample_receipt()
    status = check_printer("cups", cups_paused_queue.name)
    assert status.state is PrinterState.PAUSED
    assert status.message("vi") == "Máy in đang tạm dừng - vui lòng báo cán bộ"
    with pytest.raises(errors.PrinterPausedError) as caught:
        print_receipt(r, printer_name=cups_paused_queue.name, layout="a5")
    assert r.applicant_name not in str(caught.value)
    assert cups_paused_queue.pending_jobs() == ""  # no job stuck in the paused queue
