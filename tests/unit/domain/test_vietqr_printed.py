"""The payment QR as printed: rendered to a receipt image, decoded by zxing-cpp, and every TLV
length, every sub-field of 62 and the CRC checked; nothing to pay, no QR."""

from __future__ import annotations

from datetime import datetime

import zxingcpp

from kiosk.config import defaults
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.receipt import PaymentState, Receipt
from kiosk.domain.receipt_building import build_receipt
from kiosk.domain.vietqr import SUBFIELD_MAX, crc_valid, parse_payload
from kiosk.printing.escpos_decode import decode_escpos
from kiosk.printing.escpos_render import render_escpos
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.simulators.sample_receipt import SAMPLE_PAYMENT_ACCOUNT
from tests.factories import BIRTH, CERTIFIED_COPY, procedure

CODE = "000.00.01.H26-261123-0001"  # 25 characters: the bill number holds it whole


def _tlv_items(text: str) -> list[tuple[str, int, str]]:
    """(tag, declared length, value) of every element, the declared length read as printed."""
    out, i = [], 0
    while i < len(text):
        tag, length = text[i : i + 2], int(text[i + 2 : i + 4])
        out.append((tag, length, text[i + 4 : i + 4 + length]))
        i += 4 + length
    assert i == len(text)  # no trailing bytes: every length added up
    return out


def _receipt(code: str, fee: int, proc_code: str = CERTIFIED_COPY) -> Receipt:
    dossier = Dossier(
        procedure_code=proc_code,
        applicant=SAMPLE_CITIZEN,
        answers={"pages": 3, "copies": 2, "delivery": {"method": "counter"}},
        kiosk_id="KIOSK-T-01",
        ward_code="00004",
        filed_at=datetime(2026, 11, 23, 9, 0),
        fee_vnd=fee,
        fee_rule="Thông tư 226/2016/TT-BTC | in_person | -",
    )
    outcome = SubmitOutcome(dossier.dossier_uuid, code, True, "tok", "https://t.test/tra-cuu/tok")
    return build_receipt(
        dossier, outcome, procedure(proc_code), defaults(), payment_account=SAMPLE_PAYMENT_ACCOUNT
    )


def test_printed_payment_qr_decodes_within_emvco_limits() -> None:
    r = _receipt(CODE, 10_000)
    image = decode_escpos(render_escpos(r, qr_mode="image")).stitched()
    texts = [x.text for x in zxingcpp.read_barcodes(image)]
    payloads = [t for t in texts if t.startswith("000201")]
    assert len(payloads) == 1
    payload = payloads[0]
    assert payload == r.payment_payload
    assert crc_valid(payload)
    assert payload[-8:-4] == "6304"
    root = _tlv_items(payload)
    assert [tag for tag, _, _ in root] == ["00", "01", "38", "53", "54", "58", "62", "63"]
    for tag, length, value in root:
        assert length == len(value) <= 99, tag
    nested = {tag: value for tag, _, value in root}
    for tag, length, value in _tlv_items(nested["38"]):
        assert length == len(value), tag
    extra = _tlv_items(nested["62"])
    assert {tag for tag, _, _ in extra} == {"01", "08"}
    for tag, length, value in extra:
        assert length == len(value) <= SUBFIELD_MAX, tag
    parsed = parse_payload(payload)
    assert parsed.bill_number == CODE
    assert parsed.amount == 10_000


def test_nothing_to_pay_prints_no_payment_qr() -> None:
    r = _receipt(CODE, 0, BIRTH)
    assert r.payment_state is PaymentState.FREE
    assert r.payment_payload == ""
    image = decode_escpos(render_escpos(r, qr_mode="image")).stitched()
    assert [x.text for x in zxingcpp.read_barcodes(image)] == ["https://t.test/tra-cuu/tok"]
