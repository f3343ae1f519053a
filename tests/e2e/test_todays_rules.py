"""The demo files a birth registration and a temporary residence the way Hanoi handles them
today (issue #13): fee and rule from the engine, delivery by post to the card's residence as
the kiosk proposes it, the right slip printed (Form 01, CT04), the code from the real backend.
Real parts: the reference backend in its own process, the card engine, the Qt PDF printer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.domain.address import units_version
from tests.integration.printing.pdf_tools import pdf_text
from tests.ui.driving import visit_until_receipt
from ui.window.main_window import MainWindow

pytestmark = pytest.mark.slow


def _printed_text(qtbot: QtBot, data_dir: Path) -> str:
    qtbot.waitUntil(lambda: len(list((data_dir / "receipts").glob("*.pdf"))) == 1, timeout=20000)
    return " ".join(pdf_text(next((data_dir / "receipts").glob("*.pdf"))).split())


@dataclass(frozen=True)
class Case:
    code: str
    slip: str
    title: str
    fee_due: int | None
    rule: str


CASES = [
    Case("1.001193", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 0, "Luật Hộ tịch 2014"),
    # covered 100% by the city; whether not collected or refunded is not known: nothing due
    Case("1.004194", "CT04", "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", None, "77/2025/NQ-HĐND"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_todays_fee_delivery_and_slip(
    qtbot: QtBot, demo: tuple[MainWindow, Path], case: Case
) -> None:
    code, slip, title, fee_due, rule = case.code, case.slip, case.title, case.fee_due, case.rule
    w, data_dir = demo
    visit_until_receipt(qtbot, w, code, delivery=None)  # keep the kiosk's proposal
    s = w.ctx.session
    assert s.dossier is not None
    assert s.outcome is not None
    assert s.outcome.official
    dossier = s.dossier
    assert dossier.fee_vnd == fee_due
    assert rule in dossier.fee_rule
    assert dossier.fee_rule.endswith("| online | 2026-01-01") or code == "1.001193"
    assert dossier.units_version == units_version()
    delivery = dossier.answers["delivery"]
    assert delivery["method"] == "post"  # the default, never touched
    assert delivery["address"]["commune_code"] == 4  # the card's residence, Phường Ba Đình
    receipt = w.receipt.receipt
    assert receipt is not None
    assert receipt.slip_form == slip
    assert receipt.delivery == "post"
    assert receipt.payment_payload == ""  # nothing to pay at the kiosk
    text = _printed_text(qtbot, data_dir)
    assert title in text
    assert "Điểm phục vụ hành chính công phường Ba Đình" in text
    assert "Qua bưu chính tới: Số 12 ngõ 34 phố Đội Cấn" in text
    assert "được hỗ trợ 100% (Nghị quyết 77/2025/NQ-HĐND)" in text  # postage
    assert "Mang theo giấy này" not in text
    if slip == "CT04":
        # the police of the ward of the temporary residence (the driver picks Phường Láng)
        assert "Công an: phường Láng" in text
        assert dossier.competent_ward_code == "199"
    else:
        assert "Cơ quan giải quyết: Ủy ban nhân dân phường Ba Đình" in text
