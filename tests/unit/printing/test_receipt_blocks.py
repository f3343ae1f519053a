"""Every renderer draws these blocks: they must carry all of Form 01 and the kiosk additions."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from kiosk.domain.receipt import PaymentState, sample_receipt
from kiosk.printing.receipt_blocks import Field, Header, QrRow, Text, receipt_blocks


def _texts(blocks: Sequence[object]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Text):
            out.append(b.text)
        elif isinstance(b, Field):
            out.append(f"{b.label}: {b.value}")
        elif isinstance(b, Header):
            out.extend(t.text for t in (*b.left, *b.right))
    return "\n".join(out)


def test_blocks_hold_form01() -> None:
    r = sample_receipt()
    text = _texts(receipt_blocks(r))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Hà Nội, ngày 30 tháng 09 năm 2026",
        f"Mã hồ sơ: {r.dossier_code}",
        "Người nộp: Nguyễn Thị Minh Hằng",
        "Thời gian trả kết quả: 16 giờ 00 phút, ngày 05/10/2026",
        "Phí, lệ phí: 15.000 đồng",
        "Mang theo giấy này và thẻ căn cước khi đến nhận kết quả",
        "KIOSK-DEMO-01",
    ):
        assert expected in text


def test_qr_codes_tracking_and_payment() -> None:
    r = sample_receipt()
    rows = [b for b in receipt_blocks(r) if isinstance(b, QrRow)]
    assert len(rows) == 1
    assert [q.data for q in rows[0].codes] == [r.tracking_url, r.payment_payload]


def test_paid_receipt_has_only_the_tracking_qr() -> None:
    r = dataclasses.replace(sample_receipt(), payment_state=PaymentState.PAID)
    rows = [b for b in receipt_blocks(r) if isinstance(b, QrRow)]
    assert [q.data for q in rows[0].codes] == [r.tracking_url]
    assert "Tình trạng thanh toán: Đã thanh toán" in _texts(receipt_blocks(r))
