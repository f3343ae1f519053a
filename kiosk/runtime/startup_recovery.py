"""Start-up clean-up: nothing personal from a previous visit survives a crash or power cut.

Where a visit may leave files (the policy)
    The session keeps card data, photos and answers in memory and the outbox encrypts what it
    must keep. Nothing else of a visit is written to disk - with one exception: when a library
    insists on a file (a decoder, a print spool), the file goes in :func:`scratch_dir`
    (``<data_dir>/session-scratch``, 0700) or is created in the temp directory with a name that
    starts with :data:`TEMP_PREFIX`. ``wipe()`` removes them at the end of a visit; this module
    removes whatever a crash left before the first visit of the new run.

What is removed
    * everything under ``session-scratch`` (the directory is recreated empty, 0700);
    * this user's entries in the temp directory whose names start with ``ward-kiosk-``;
    * image files (face photos: JPEG, JPEG 2000, PNG...) lying directly in the data directory;
    * temp files of interrupted atomic writes (``.<name>.<hex>.tmp``) in the data directory.

Files are overwritten with zeros before they are unlinked (best effort: flash storage may keep
old blocks, which is why nothing personal should reach these places in the first place). The
report holds counts per category only - never a file name, which could itself be personal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.runtime.atomic_file import fsync_dir

log = logging.getLogger(__name__)

SCRATCH_DIR_NAME = "session-scratch"
TEMP_PREFIX = "ward-kiosk-"
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jp2", ".j2k", ".jpf", ".png", ".bmp", ".pgm", ".ppm", ".webp", ".tif"}
)
_ATOMIC_TEMP = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")
#: files bigger than this are unlinked without being overwritten first
SHRED_LIMIT_BYTES = 64 * 1024 * 1024


def scratch_dir(data_dir: Path) -> Path:
    """The one directory where a visit may write files; created 0700 if missing."""
    path = data_dir / SCRATCH_DIR_NAME
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def new_temp_file(suffix: str = "", directory: Path | None = None) -> Path:
    """A fresh file for a visit, named so that start-up recovery finds it after a crash."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=directory)
    os.close(fd)
    return Path(name)


@dataclass
class RecoveryReport:
    """What was cleaned, by category: counts and bytes, no names."""

    removed_files: dict[str, int] = field(default_factory=dict)
    removed_bytes: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def total_files(self) -> int:
        return sum(self.removed_files.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "removed_files": dict(self.removed_files),
            "removed_bytes": self.removed_bytes,
            "errors": dict(self.errors),
        }

    def summary(self) -> str:
        if not self.total_files and not self.errors:
            return "nothing left from a previous visit"
        parts = [f"{n} {cat}" for cat, n in sorted(self.removed_files.items()) if n]
        text = "removed " + (", ".join(parts) or "nothing") + f" ({self.removed_bytes} bytes)"
        if self.errors:
            text += "; failed: " + ", ".join(f"{n} {c}" for c, n in sorted(self.errors.items()))
        return text


class StartupRecovery:
    """Removes a previous run's leftovers. Run once at start, before the home screen."""

    def __init__(
        self,
        data_dir: Path,
        *,
        temp_dir: Path | None = None,
        extra_dirs: Mapping[str, Path] | None = None,
    ) -> None:
        """``extra_dirs``: more directories to empty entirely, by category name."""
        self._data_dir = data_dir
        self._temp_dir = temp_dir or Path(tempfile.gettempdir())
        self._extra = dict(extra_dirs or {})
        self._uid = os.getuid()

    def run(self) -> RecoveryReport:
        report = RecoveryReport()
        scratch = self._data_dir / SCRATCH_DIR_NAME
        if scratch.is_symlink() or (scratch.exists() and not scratch.is_dir()):
            self._remove("session_scratch", scratch, report)  # never write through a link
        self._empty_dir("session_scratch", scratch, report)
        for category, directory in self._extra.items():
            self._empty_dir(category, directory, report)
        self._temp_entries(report)
        self._data_dir_strays(report)
        try:
            scratch_dir(self._data_dir)
        except OSError:
            _count(report.errors, "session_scratch")
        log.info("start-up recovery: %s", report.summary())
        return report

    # --- places ---------------------------------------------------------------------------
    def _empty_dir(self, category: str, directory: Path, report: RecoveryReport) -> None:
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            return
        except OSError:
            _count(report.errors, category)
            return
        for entry in entries:
            self._remove(category, Path(entry.path), report)
        _quiet_fsync(directory)

    def _temp_entries(self, report: RecoveryReport) -> None:
        try:
            entries = [e for e in os.scandir(self._temp_dir) if e.name.startswith(TEMP_PREFIX)]
        except OSError:
            _count(report.errors, "temp_files")
            return
        for entry in entries:
            try:
                owner = entry.stat(follow_symlinks=False).st_uid
            except OSError:
                continue
            if owner == self._uid:
                self._remove("temp_files", Path(entry.path), report)

    def _data_dir_strays(self, report: RecoveryReport) -> None:
        try:
            entries = list(os.scandir(self._data_dir))
        except OSError:
            return
        for entry in entries:
            if not entry.is_file(follow_symlinks=False):
                continue
            if Path(entry.name).suffix.lower() in IMAGE_SUFFIXES:
                self._remove("stray_images", Path(entry.path), report)
            elif _ATOMIC_TEMP.match(entry.name):
                self._remove("interrupted_writes", Path(entry.path), report)
        _quiet_fsync(self._data_dir)

    # --- removal --------------------------------------------------------------------------
    def _remove(self, category: str, path: Path, report: RecoveryReport) -> None:
        try:
            st = path.lstat()
            if stat.S_ISDIR(st.st_mode):
                for root, dirs, files in os.walk(path, topdown=False, followlinks=False):
                    for name in files:
                        self._remove_file(category, Path(root) / name, report)
                    for name in dirs:
                        sub = Path(root) / name
                        if sub.is_symlink():
                            self._remove_file(category, sub, report)
                        else:
                            sub.rmdir()
                path.rmdir()
            else:
                self._remove_file(category, path, report)
        except FileNotFoundError:
            return
        except OSError:
            _count(report.errors, category)

    def _remove_file(self, category: str, path: Path, report: RecoveryReport) -> None:
        try:
            st = path.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_size <= SHRED_LIMIT_BYTES:
                _overwrite(path, st.st_size)
            path.unlink()
        except FileNotFoundError:
            return
        except OSError:
            _count(report.errors, category)
            return
        _count(report.removed_files, category)
        report.removed_bytes += st.st_size if stat.S_ISREG(st.st_mode) else 0


def _overwrite(path: Path, size: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        zeros = bytes(min(size, 1 << 20))
        left = size
        while left > 0:
            left -= os.write(fd, zeros[: min(left, len(zeros))])
        os.fsync(fd)
    finally:
        os.close(fd)


def _count(counter: dict[str, int], category: str) -> None:
    counter[category] = counter.get(category, 0) + 1


def _quiet_fsync(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fsync_dir(directory)
