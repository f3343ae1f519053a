"""The production composition (real reader, city API, configured printer) builds and starts
without hardware: the card stack waits for the first read, and an unenrolled kiosk keeps its
dossiers in the outbox."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.config import defaults
from kiosk.domain.dossier import Dossier
from kiosk.runtime.logsetup import Redactor
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from loopback.citybackend import free_port
from ui.startup.production import production_services


@pytest.mark.expect_log("ERROR", "ui.startup.production", r"device token not readable")
def test_production_services_start_unenrolled_and_keep_dossiers(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there: the city is unreachable
    cfg = defaults().replace(
        kiosk__data_dir=str(tmp_path),
        backend__url=f"http://127.0.0.1:{port}",
        backend__submit_wait_s=0.5,
        backend__connect_timeout_s=0.2,
    )
    with ExitStack() as stack:
        services = production_services(cfg, Redactor(), stack)
        stack.callback(services.card.shutdown)
        assert services.catalog.get("1.004194") is not None
        services.warm_up()  # the city client and outbox, as the app does after the first frame
        dossier = Dossier(
            procedure_code="1.004194",
            applicant=SAMPLE_CITIZEN,
            answers={"phone": "0912345678"},
            kiosk_id=cfg.kiosk.id,
            ward_code=cfg.kiosk.ward_code,
            filed_at=datetime(2026, 11, 23, 9, 30),
        )
        outcome = services.gateway.submit(dossier)
        assert not outcome.official  # provisional: kept for when the kiosk is enrolled
        assert services.gateway.outbox_state().depth == 1
    assert (tmp_path / "outbox.sqlite3").exists()
    assert SAMPLE_CITIZEN.full_name.encode() not in (tmp_path / "outbox.sqlite3").read_bytes()
