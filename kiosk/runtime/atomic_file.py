"""Crash-safe replacement of a small file: the reader sees the old or the new bytes, never a mix.

The new content goes to a temporary file in the same directory (so the rename cannot cross a
file system), is flushed and fsynced, renamed over the target, and the directory is fsynced so
the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

#: temp files are named ``.<target name>.<random>.tmp`` so a crash leaves them recognisable
TEMP_SUFFIX = ".tmp"


def temp_name_for(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    ``mode`` defaults to the current file's permission bits, or 0600 for a new file.
    """
    target = Path(path)
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o600
    tmp = temp_name_for(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    try:
        try:
            # the umask may have narrowed the mode; file systems without modes (a FAT USB
            # stick) refuse fchmod, which is harmless there
            with contextlib.suppress(PermissionError):
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stale_temp_files(target: Path) -> list[Path]:
    """Temp files a crash mid-write left beside ``target``."""
    prefix = f".{target.name}."
    try:
        entries = list(target.parent.iterdir())
    except FileNotFoundError:
        return []
    return [p for p in entries if p.name.startswith(prefix) and p.name.endswith(TEMP_SUFFIX)]


def remove_stale_temp_files(target: Path) -> int:
    """Delete temp files left by interrupted writes of ``target``; returns how many."""
    removed = 0
    for p in stale_temp_files(target):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            removed += 1
    return removed
