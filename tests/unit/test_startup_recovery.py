"""Start-up recovery removes a crashed visit's files and reports counts, never names."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.runtime.startup_recovery import (
    SCRATCH_DIR_NAME,
    TEMP_PREFIX,
    StartupRecovery,
    new_temp_file,
    scratch_dir,
)

PERSONAL = "Nguyen Van An 001099012345"


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    data, temp = tmp_path / "data", tmp_path / "tmp"
    data.mkdir()
    temp.mkdir()
    return data, temp


def leave_a_crashed_visit(data: Path, temp: Path) -> dict[str, Path]:
    scratch = scratch_dir(data)
    (scratch / "face.jp2").write_bytes(b"\x00\x00\x00\x0cjP  " + b"x" * 500)
    nested = scratch / "print-job"
    nested.mkdir()
    (nested / f"{PERSONAL}.pdf").write_text(PERSONAL)
    (scratch / "link-out").symlink_to(data / "outbox.sqlite")  # must not be followed
    tmp_file = new_temp_file(".jpg", directory=temp)
    tmp_file.write_bytes(b"\xff\xd8\xff" + b"y" * 100)
    (temp / f"{TEMP_PREFIX}dir").mkdir()
    (temp / f"{TEMP_PREFIX}dir" / "answers.json").write_text(json.dumps({"name": PERSONAL}))
    return {
        "stray_face": data / "portrait.JPG",
        "interrupted": data / ".staff-pins.json.0123456789ab.tmp",
        "outbox": data / "outbox.sqlite",
        "config": data / "device-token",
        "other_tmp": temp / "someone-else.jpg",
        "tmp_file": tmp_file,
    }


def test_everything_a_visit_left_is_removed_and_the_rest_kept(dirs: tuple[Path, Path]) -> None:
    data, temp = dirs
    files = leave_a_crashed_visit(data, temp)
    files["stray_face"].write_bytes(b"\xff\xd8\xff")
    files["interrupted"].write_text("{}")
    files["outbox"].write_bytes(b"encrypted")
    files["config"].write_text("token")
    files["other_tmp"].write_bytes(b"not ours by name")

    report = StartupRecovery(data, temp_dir=temp).run()

    scratch = data / SCRATCH_DIR_NAME
    assert scratch.is_dir()
    assert list(scratch.iterdir()) == []
    assert stat.S_IMODE(scratch.stat().st_mode) == 0o700
    assert not files["tmp_file"].exists()
    assert not (temp / f"{TEMP_PREFIX}dir").exists()
    assert not files["stray_face"].exists()
    assert not files["interrupted"].exists()
    # kept: the encrypted outbox (the symlink to it was removed, not followed), the token,
    # and temp files that are not the kiosk's
    assert files["outbox"].read_bytes() == b"encrypted"
    assert files["config"].exists()
    assert files["other_tmp"].exists()

    assert report.removed_files == {
        "session_scratch": 3,
        "temp_files": 2,
        "stray_images": 1,
        "interrupted_writes": 1,
    }
    assert report.errors == {}
    assert report.removed_bytes > 600
    dumped = json.dumps(report.as_dict()) + report.summary()
    assert PERSONAL not in dumped
    assert "Nguyen" not in dumped
    assert "face" not in dumped


def test_a_clean_start_reports_nothing(dirs: tuple[Path, Path]) -> None:
    data, temp = dirs
    report = StartupRecovery(data, temp_dir=temp).run()
    assert report.total_files == 0
    assert report.summary() == "nothing left from a previous visit"
    assert (data / SCRATCH_DIR_NAME).is_dir()


def test_extra_directories_are_emptied(dirs: tuple[Path, Path]) -> None:
    data, temp = dirs
    receipts = data / "receipts"
    receipts.mkdir()
    (receipts / "r1.pdf").write_bytes(b"%PDF")
    report = StartupRecovery(data, temp_dir=temp, extra_dirs={"receipts": receipts}).run()
    assert report.removed_files == {"receipts": 1}
    assert receipts.is_dir()
    assert list(receipts.iterdir()) == []


def test_files_are_overwritten_before_unlink(dirs: tuple[Path, Path]) -> None:
    data, temp = dirs
    victim = scratch_dir(data) / "face.jpg"
    victim.write_bytes(b"SECRET" * 100)
    keeper = data / "hardlink-keeper"
    os.link(victim, keeper)  # a second name lets us look at the blocks after unlink
    StartupRecovery(data, temp_dir=temp).run()
    assert not victim.exists()
    assert keeper.read_bytes() == bytes(600)


def test_a_scratch_path_that_is_not_a_directory_is_replaced(dirs: tuple[Path, Path]) -> None:
    data, temp = dirs
    (data / SCRATCH_DIR_NAME).write_text(PERSONAL)
    report = StartupRecovery(data, temp_dir=temp).run()
    assert report.removed_files == {"session_scratch": 1}
    assert (data / SCRATCH_DIR_NAME).is_dir()


def test_a_scratch_symlink_is_removed_not_followed(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    data, temp = dirs
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the kiosk's")
    (data / SCRATCH_DIR_NAME).symlink_to(elsewhere)
    StartupRecovery(data, temp_dir=temp).run()
    assert (elsewhere / "keep.txt").exists()
    assert (data / SCRATCH_DIR_NAME).is_dir()
    assert not (data / SCRATCH_DIR_NAME).is_symlink()


@contextmanager
def unremovable(directory: Path) -> Iterator[None]:
    """``directory`` with a file in it that cannot be removed: a read-only tmpfs mounted there
    as root (root ignores directory permissions), a directory without write permission
    otherwise."""
    directory.mkdir()
    if os.geteuid() != 0:
        (directory / "face.jpg").write_bytes(b"x")
        directory.chmod(0o500)
        try:
            yield
        finally:
            directory.chmod(0o700)
        return
    mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(directory)]
    subprocess.run(mount, check=True, capture_output=True, timeout=10)
    try:
        (directory / "face.jpg").write_bytes(b"x")
        subprocess.run(
            ["mount", "-o", "remount,ro", str(directory)],
            check=True,
            capture_output=True,
            timeout=10,
        )
        yield
    finally:
        subprocess.run(
            ["umount", "-l", str(directory)], check=False, capture_output=True, timeout=10
        )


def test_unremovable_entries_are_counted_not_named(dirs: tuple[Path, Path]) -> None:
    data, temp = dirs
    locked = scratch_dir(data) / "locked"
    with unremovable(locked):
        report = StartupRecovery(data, temp_dir=temp).run()
        assert (locked / "face.jpg").exists()
    assert report.errors.get("session_scratch", 0) >= 1
    assert "face" not in report.summary()
