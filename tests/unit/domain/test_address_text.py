"""Addresses read as text wherever an answer is shown: screens, the slip, the receipt record."""

from __future__ import annotations

import dataclasses

from kiosk.domain.address import HANOI, communes, format_address
from kiosk.domain.receipt import BRING_NOTE, POST_NOTE
from kiosk.printing.receipt_blocks import Field, Text, receipt_blocks
from tests.factories import receipt_for_delivery

HOAN_KIEM = next(u for u in communes(HANOI) if u.name == "Phường Hoàn Kiếm")
POSTAL = {"province_code": HANOI, "commune_code": HOAN_KIEM.code, "street": "12 Hàng Bạc"}
CARD_TEXT = "Số 5 phố Kim Mã, Phường Giảng Võ, Thành phố Hà Nội"


def test_an_address_answer_reads_as_one_line_in_each_language() -> None:
    assert format_address(POSTAL) == "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert format_address(POSTAL, "en") == "12 Hàng Bạc, Hoàn Kiếm Ward, Hà Nội City"
    # as read from the card: kept as it is, in both languages
    assert format_address(f"  {CARD_TEXT} ") == CARD_TEXT
    assert format_address(CARD_TEXT, "en") == CARD_TEXT
    # the codes given as text (as a form sends them) work too; unknown parts are left out
    as_text = {"province_code": "1", "commune_code": str(HOAN_KIEM.code), "street": "Ngõ 3"}
    assert format_address(as_text) == "Ngõ 3, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert format_address({"province_code": 1, "commune_code": 999999, "street": ""}) == (
        "Thành phố Hà Nội"
    )
    assert format_address(None) == ""
    assert format_address(42) == ""


def _receipt(delivery: object) -> tuple[str, ...]:
    """Every text of the slip and of the receipt record."""
    r = receipt_for_delivery(delivery)
    blocks = receipt_blocks(r)
    printed = tuple(
        b.text if isinstance(b, Text) else f"{b.label}: {b.value}"
        for b in blocks
        if isinstance(b, Text | Field)
    )
    record = tuple(v for v in dataclasses.asdict(r).values() if isinstance(v, str))
    return printed + record


def test_by_post_the_slip_says_where_it_goes_as_text_and_not_to_come_back() -> None:
    lines = _receipt({"method": "post", "address": POSTAL})
    text = "\n".join(lines)
    assert "{" not in text
    assert "province_code" not in text
    where = "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert f"Đăng ký nhận kết quả Bản giấy tại: Qua bưu chính tới: {where}" in lines
    assert POST_NOTE in lines
    assert BRING_NOTE not in lines
    assert "Hình thức nhận kết quả: Bản giấy - qua dịch vụ bưu chính" in lines


def test_at_the_counter_the_slip_says_to_bring_it() -> None:
    lines = _receipt({"method": "counter"})
    assert BRING_NOTE in lines
    assert POST_NOTE not in lines
    assert "Hình thức nhận kết quả: Bản giấy - tại nơi nộp hồ sơ" in lines
