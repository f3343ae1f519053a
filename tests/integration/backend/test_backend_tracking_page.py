"""The public tracking page in headless Chromium: loads, shows the timeline, masks the name."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from kiosk.backend.client import CityClient
from kiosk.backend.wire import dossier_to_json
from loopback.sample_dossiers import make_dossier
from tests.fixtures.citybackend import CityBackend

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def dump_dom(url: str, profile: Path) -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail("headless Chromium is not installed: run scripts/setup-system.sh")
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--window-size=390,844",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-1000:]
    return result.stdout


@pytest.mark.browser
def test_tracking_page_in_chromium(citybackend: CityBackend, tmp_path: Path) -> None:
    d = make_dossier(citybackend.kiosk_id)
    client = CityClient(citybackend.url, citybackend.token)
    code, _ = client.submit_dossier(json.dumps(dossier_to_json(d)).encode(), d.dossier_uuid)
    assert citybackend.cli("dossier", "advance", code, "RECEIVED").returncode == 0
    url = f"{citybackend.tracking_base_url}{d.tracking_token}"

    dom = dump_dom(url, tmp_path / "profile-vi")
    assert code in dom
    assert "Nguyễn V** A*" in dom
    assert "Nguyễn Văn An" not in dom
    assert "Văn" not in dom
    assert d.applicant.id_number not in dom
    assert dom.count("data-status=") == 2
    assert "Mới đăng ký" in dom
    assert "Đã tiếp nhận" in dom

    dom_en = dump_dom(url + "?lang=en", tmp_path / "profile-en")
    assert "Received" in dom_en
    assert "Newly registered" in dom_en
    assert "Nguyễn Văn An" not in dom_en


def test_unknown_token_and_rate_limit(citybackend: CityBackend) -> None:
    base = citybackend.tracking_base_url
    unknown = requests.get(base + "A" * 22, timeout=10)
    assert unknown.status_code == 404
    assert "Không tìm thấy" in unknown.text
    statuses = [requests.get(base + "B" * 22, timeout=10).status_code for _ in range(25)]
    # the default burst is 20 lookups per address; then 429 with Retry-After
    assert statuses.count(429) >= 1
    limited = requests.get(base + "C" * 22, timeout=10)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
