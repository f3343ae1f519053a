"""ESC/POS output decoded back: native QR payloads, raster images with QR, text as image."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import zxingcpp

from kiosk.domain.receipt import PaymentState
from kiosk.domain.vietqr import crc_valid
from kiosk.printing.escpos_decode import decode_escpos
from kiosk.printing.escpos_printer import print_receipt_escpos
from kiosk.printing.escpos_render import render_escpos
from kiosk.simulators.sample_receipt import sample_receipt


def _decoded_qr_texts(data: bytes) -> list[str]:
    image = decode_escpos(data).stitched()
    return sorted(r.text for r in zxingcpp.read_barcodes(image))


def test_native_qr_payloads_are_the_tracking_url_and_vietqr() -> None:
    r = sample_receipt()
    data = render_escpos(r, qr_mode="native")
    doc = decode_escpos(data)
    assert doc.qr_payloads == [r.tracking_url, r.payment_payload]
    assert crc_valid(doc.qr_payloads[1])
    assert doc.cut
    assert doc.unknown == []
    assert doc.rasters  # the text is there, as images
    assert _decoded_qr_texts(data) == []  # and no QR was drawn into them


def test_image_qr_decodes_from_the_raster() -> None:
    r = sample_receipt()
    data = render_escpos(r, qr_mode="image")
    doc = decode_escpos(data)
    assert doc.qr_payloads == []
    assert b"\x1d(k" not in data
    assert _decoded_qr_texts(data) == sorted([r.tracking_url, r.payment_payload])


def test_raster_width_is_the_roll_width() -> None:
    doc = decode_escpos(render_escpos(sample_receipt(), width_px=384))
    assert {img.width for img in doc.rasters} == {384}


@pytest.mark.parametrize("mode", ["native", "image"])
def test_text_is_never_sent_as_characters(mode: str) -> None:
    # Vietnamese cannot go through code pages, and personal data must not appear as text.
    r = sample_receipt()
    data = render_escpos(r, qr_mode=mode)  # type: ignore[arg-type]
    for text in (r.applicant_name, "Đăng ký tạm trú", "GIẤY TIẾP NHẬN"):
        assert text.encode("utf-8") not in data
    assert b"Nguy" not in data


def test_free_receipt_has_only_the_tracking_qr() -> None:
    r = dataclasses.replace(
        sample_receipt(), payment_state=PaymentState.FREE, fee_vnd=0, payment_payload=""
    )
    assert decode_escpos(render_escpos(r)).qr_payloads == [r.tracking_url]


def test_bad_qr_mode_refused() -> None:
    with pytest.raises(ValueError, match="qr_mode"):
        render_escpos(sample_receipt(), qr_mode="svg")  # type: ignore[arg-type]


def test_print_to_a_device_file(tmp_path: Path) -> None:
    target = tmp_path / "lp0.bin"
    r = sample_receipt()
    print_receipt_escpos(r, f"file:{target}", "native")
    assert target.read_bytes() == render_escpos(r, qr_mode="native")
