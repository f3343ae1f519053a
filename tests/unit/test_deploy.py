"""deploy/: the units say what the kiosk relies on, and the installer's plan is complete."""

from __future__ import annotations

import configparser
import pwd
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def test_kiosk_unit_is_a_watched_notify_service() -> None:
    service = unit("ward-kiosk.service")["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "main"
    assert service["WatchdogSec"] == "30"
    assert service["Restart"] == "always"
    assert service["User"] == "ward-kiosk"
    assert service["LimitCORE"] == "0"  # a core dump would hold a visit's personal data
    assert service["ProtectSystem"] == "strict"
    assert set(service["ReadWritePaths"].split()) == {"/var/lib/ward-kiosk", "/etc/ward-kiosk"}
    assert service["PrivateTmp"] == "yes"
    assert unit("ward-kiosk.service")["Unit"]["StartLimitIntervalSec"] == "0"


def test_units_pass_systemd_analyze(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is not installed: run scripts/setup-system.sh")
    for src in (DEPLOY / "systemd").glob("*.service"):
        text = src.read_text("utf-8")
        # the installed paths do not exist on a build machine: point them at a real binary
        text = re.sub(r"/opt/ward-kiosk/\S+", "/bin/true", text)
        (tmp_path / src.name).write_text(text, "utf-8")
    done = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.glob("*.service"))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown key" not in done.stderr
    assert "Unknown section" not in done.stderr


def test_tmpfiles_keep_the_data_directory_private() -> None:
    lines = [
        line.split()
        for line in (DEPLOY / "tmpfiles.d" / "ward-kiosk.conf").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    by_path = {fields[1]: fields for fields in lines}
    assert by_path["/var/lib/ward-kiosk"][:5] == [
        "d",
        "/var/lib/ward-kiosk",
        "0700",
        "ward-kiosk",
        "ward-kiosk",
    ]
    assert by_path["/var/lib/ward-kiosk/session-scratch"][0] == "D"  # emptied at boot


def test_logrotate_leaves_the_self_rotated_app_log_alone() -> None:
    text = (DEPLOY / "logrotate.d" / "ward-kiosk").read_text("utf-8")
    rotated = [line.split("{")[0].strip() for line in text.splitlines() if "{" in line]
    assert rotated == ["/var/log/ward-kiosk/*.log"]


def test_session_scripts_are_valid_shell() -> None:
    for script in (DEPLOY / "session").iterdir():
        done = subprocess.run(
            ["sh", "-n", str(script)], capture_output=True, timeout=30, check=False
        )
        assert done.returncode == 0, script.name
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"


def test_installer_plan() -> None:
    done = subprocess.run(
        ["bash", str(DEPLOY / "install.sh"), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    plan = done.stdout
    install_line = next(line for line in plan.splitlines() if " install -y " in line)
    packages = set(install_line.split("--no-install-recommends", 1)[1].split())
    assert {"pcscd", "cups", "xserver-xorg-core", "xauth", "swig", "python3-venv"} <= packages
    assert not packages & {"chromium", "postgresql", "xvfb", "vsmartcard-vpcd"}
    # every file under deploy/ that belongs on the system is installed by the plan
    for sub in ("systemd", "tmpfiles.d", "logrotate.d", "journald", "xorg", "polkit"):
        for f in (DEPLOY / sub).iterdir():
            assert f"deploy/{sub}/{f.name}" in plan, f"{sub}/{f.name} is not installed"
    try:
        pwd.getpwnam("ward-kiosk")
    except KeyError:
        assert "useradd --system" in plan
    else:
        assert "useradd" not in plan  # already there (an upgrade): left alone
    assert "usermod -a -G lp,dialout ward-kiosk" in plan
    assert "systemctl enable pcscd.socket cups.service" in plan
    assert "ward-kiosk-display.service ward-kiosk.service" in plan
