"""The whole journey with real parts: the virtual card read by the real card engine, the
reference backend in its own process on 127.0.0.1, the encrypted outbox on disk, the Qt PDF
print path - driven through the window by clicks and typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.backend.api import Satisfaction
from kiosk.domain.dossier import DossierStatus
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from tests.ui.driving import TYPED, click, press_continue, visit_until_receipt
from ui.window.main_window import MainWindow

pytestmark = pytest.mark.slow


def test_a_resident_files_a_dossier_and_nothing_personal_is_logged(
    qtbot: QtBot, demo: tuple[MainWindow, Path]
) -> None:
    w, data_dir = demo
    visit_until_receipt(qtbot, w, "1.004194")
    s = w.ctx.session
    assert s.outcome is not None
    outcome = s.outcome
    assert outcome.official, "the backend is up: the official code comes back"
    assert outcome.code.startswith("000.00.01.H26-")
    assert outcome.tracking_url.endswith(outcome.tracking_token)
    qtbot.waitUntil(
        lambda: "In" in w.receipt.print_state.text() or "Đã in" in w.receipt.print_state.text(),
        timeout=20000,
    )
    receipts = list((data_dir / "receipts").glob("*.pdf"))
    assert len(receipts) == 1
    assert receipts[0].stat().st_size > 1000

    # the city knows the dossier, through the real API
    tracking = w.ctx.services.gateway.track(outcome.tracking_token)
    assert tracking.code == outcome.code
    assert tracking.status in (DossierStatus.NEW, DossierStatus.RECEIVED)
    assert SAMPLE_CITIZEN.full_name not in tracking.applicant_masked

    press_continue(qtbot, w)
    click(qtbot, w.rating.buttons[Satisfaction.VERY_SATISFIED])
    press_continue(qtbot, w)
    assert s.step is Step.END
    press_continue(qtbot, w)
    assert s.is_blank

    log_text = "\n".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*"))
    assert "kiosk" in log_text or "card" in log_text  # the log was written
    personal = [
        SAMPLE_CITIZEN.id_number,
        SAMPLE_CITIZEN.full_name,
        SAMPLE_CITIZEN.old_id_number,
        SAMPLE_CITIZEN.place_of_residence,
        SAMPLE_CITIZEN.place_of_origin,
        SAMPLE_CITIZEN.father_name,
        SAMPLE_CITIZEN.mother_name,
        SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y"),
        SAMPLE_CITIZEN.date_of_birth.isoformat(),
        TYPED[next(iter(k for k in TYPED if k.value == "phone"))],
    ]
    assert [v for v in personal if v in log_text] == []
    # nor in any other file the kiosk wrote, except the encrypted outbox
    for path in data_dir.rglob("*"):
        if path.is_file() and path.suffix in {".log", ".txt", ".json", ".toml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert [v for v in personal if v in text] == [], path.name
