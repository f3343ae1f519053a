"""Technician enrolment against the real reference backend on 127.0.0.1."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import pytest

from kiosk.backend.client import CityClient
from kiosk.backend.enrolment import CodeForAnotherKioskError, EnrolmentCodeError, enrol
from kiosk.backend.errors import BackendError, BackendUnauthorisedError, DossierNotFoundError
from kiosk.config import defaults
from tests.fixtures.citybackend import CityBackend, run_cli


def test_a_valid_token_is_checked_then_stored_0600(
    citybackend: CityBackend, tmp_path: Path
) -> None:
    cfg = defaults().replace(
        kiosk__data_dir=str(tmp_path), kiosk__id=citybackend.kiosk_id, backend__url=citybackend.url
    )
    path = enrol(cfg, f"  {citybackend.token}\r\n")  # as a scanner types it
    assert path == tmp_path / "device-token"
    assert path.read_text(encoding="ascii").strip() == citybackend.token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_refused_or_malformed_token_writes_nothing(
    citybackend: CityBackend, tmp_path: Path
) -> None:
    cfg = defaults().replace(
        kiosk__data_dir=str(tmp_path), kiosk__id=citybackend.kiosk_id, backend__url=citybackend.url
    )
    (tmp_path / "device-token").write_text("old-working-token\n", encoding="ascii")
    with pytest.raises(BackendUnauthorisedError):
        enrol(cfg, "x" * 43)
    with pytest.raises(EnrolmentCodeError):
        enrol(cfg, "not a token")
    assert (tmp_path / "device-token").read_text(encoding="ascii") == "old-working-token\n"


def test_an_unreachable_city_writes_nothing(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = defaults().replace(
        kiosk__data_dir=str(tmp_path),
        backend__url=f"http://127.0.0.1:{port}",
        backend__connect_timeout_s=0.2,
    )
    with pytest.raises(BackendError) as info:
        enrol(cfg, "y" * 43)
    assert info.value.message("vi")
    assert not (tmp_path / "device-token").exists()


def test_a_one_time_code_is_exchanged_for_a_working_token(
    citybackend: CityBackend, tmp_path: Path
) -> None:
    code = run_cli(
        citybackend.database_url, "kiosk", "enrolment-code", "KIOSK-NEW-07"
    ).stdout.strip()
    assert len(code) == 14  # XXXX-XXXX-XXXX
    cfg = defaults().replace(
        kiosk__data_dir=str(tmp_path), kiosk__id="KIOSK-NEW-07", backend__url=citybackend.url
    )
    path = enrol(cfg, code.lower().replace("-", " ").replace(" ", ""))  # typed sloppily
    token = path.read_text(encoding="ascii").strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    client = CityClient(citybackend.url, token)
    try:  # the stored token is the kiosk's: the city accepts its heartbeat
        client.heartbeat({"kiosk_id": "KIOSK-NEW-07"})
    finally:
        client.close()
    # the code is spent: a second use is refused and changes nothing
    with pytest.raises(DossierNotFoundError):
        enrol(cfg, code)
    assert path.read_text(encoding="ascii").strip() == token


def test_a_code_for_another_kiosk_is_refused(citybackend: CityBackend, tmp_path: Path) -> None:
    code = run_cli(
        citybackend.database_url, "kiosk", "enrolment-code", "KIOSK-OTHER"
    ).stdout.strip()
    cfg = defaults().replace(
        kiosk__data_dir=str(tmp_path), kiosk__id="KIOSK-THIS", backend__url=citybackend.url
    )
    with pytest.raises(CodeForAnotherKioskError) as info:
        enrol(cfg, code)
    assert "máy khác" in info.value.message("vi")
    assert not (tmp_path / "device-token").exists()
