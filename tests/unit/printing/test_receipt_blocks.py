"""Every renderer draws these blocks: they must carry all of Form 01 and the kiosk additions."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from kiosk.domain.receipt import PaymentState
from kiosk.printing.receipt_blocks import Field, Header, QrRow, Text, receipt_blocks
from kiosk.simulators.sample_receipt import sample_receipt


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


def test_blocks_hold_ct04() -> None:
    r = sample_receipt()
    text = _texts(receipt_blocks(r))
    for expected in (
        "CÔNG AN THÀNH PHỐ HÀ NỘI",
        "CÔNG AN PHƯỜNG BA ĐÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Hà Nội, ngày 30 tháng 09 năm 2026",
        f"Mã hồ sơ: {r.dossier_code}",
        # form CT04 of Circular 66/2023/TT-BCA, line by line
        "Công an: phường Ba Đình",
        "Đã tiếp nhận hồ sơ của Ông/Bà: Nguyễn Thị Minh Hằng",
        "Số định danh cá nhân/CMND: 001099000001",
        "Nơi thường trú: Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội",
        "Số điện thoại: 0912345678",
        "Nội dung yêu cầu giải quyết: Đăng ký tạm trú (mã TTHC 1.004194)",
        "Thành phần hồ sơ nộp gồm: ",
        "Thời gian nhận hồ sơ: 09 giờ 41 phút, ngày 30/09/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 05/10/2026",
        "Hình thức nhận kết quả: Bản giấy - qua dịch vụ bưu chính",
        "Đăng ký nhận kết quả Bản giấy tại: Qua bưu chính tới: Số 12 ngõ 34 phố Đội Cấn",
        # the kiosk's additions
        "Nơi tiếp nhận: Điểm phục vụ hành chính công phường Ba Đình",
        "Phí, lệ phí: 15.000 đồng",
        "Kết quả được gửi qua bưu chính tới địa chỉ đã đăng ký",
        "KIOSK-DEMO-01",
    ):
        assert expected in text
    assert "Mang theo giấy này" not in text  # nothing to collect: it comes by post


def test_blocks_hold_form01() -> None:
    r = dataclasses.replace(
        sample_receipt(),
        slip_form="01",
        agency_name="UBND PHƯỜNG BA ĐÌNH",
        unit_name="BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        delivery="counter",
        collect_at="Điểm phục vụ hành chính công phường Ba Đình",
    )
    text = _texts(receipt_blocks(r))
    for expected in (
        "UBND PHƯỜNG BA ĐÌNH",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Minh Hằng",
        "1. Thành phần hồ sơ nộp gồm: ",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 09 giờ 41 phút, ngày 30/09/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 05/10/2026",
        "6. Đăng ký nhận kết quả tại: Điểm phục vụ hành chính công phường Ba Đình",
        "Mang theo giấy này và thẻ căn cước khi đến nhận kết quả",
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
