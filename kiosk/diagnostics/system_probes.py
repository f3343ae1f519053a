"""Probes of the kiosk itself: outbox, disk space, software versions."""

from __future__ import annotations

import importlib.metadata
import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.backend.api import OutboxState
from kiosk.diagnostics.printer_probe import CommandRunner, run_command
from kiosk.diagnostics.report import ProbeResult, Status

#: a dossier waiting longer than this for the city is worth a technician's look
OUTBOX_STALE_S = 3600.0
DISK_WARN_BYTES = 500 * 1024 * 1024
DISK_FAIL_BYTES = 50 * 1024 * 1024


def probe_outbox(
    state: Callable[[], OutboxState],
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ProbeResult:
    s = state()
    current = now()
    oldest_age = (current - s.oldest_queued_at).total_seconds() if s.oldest_queued_at else None
    data: dict[str, Any] = {
        "depth": s.depth,
        "oldest_queued_at": s.oldest_queued_at.isoformat() if s.oldest_queued_at else None,
        "oldest_age_s": round(oldest_age) if oldest_age is not None else None,
        "last_sync_at": s.last_sync_at.isoformat() if s.last_sync_at else None,
        "last_error": s.last_error[:200],
        "refusing": s.refusing[:200],
    }
    summary = f"{s.depth} item(s) waiting"
    if oldest_age is not None:
        summary += f", oldest {_age(oldest_age)}"
    if s.last_sync_at is not None:
        summary += f"; last sync {_age((current - s.last_sync_at).total_seconds())} ago"
    else:
        summary += "; never synced"
    if s.refusing:  # the disk is full: new dossiers are refused
        summary += "; refusing new items (disk full)"
        return ProbeResult("outbox", Status.FAIL, summary, data)
    if oldest_age is not None and oldest_age > OUTBOX_STALE_S:
        return ProbeResult("outbox", Status.WARN, summary, data)
    if s.last_error and s.depth:
        return ProbeResult("outbox", Status.WARN, summary, data)
    return ProbeResult("outbox", Status.OK, summary, data)


def _age(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def probe_disk(
    data_dir: Path,
    *,
    usage: Callable[[Path], Any] = shutil.disk_usage,
    warn_bytes: int = DISK_WARN_BYTES,
    fail_bytes: int = DISK_FAIL_BYTES,
) -> ProbeResult:
    """Free space on the file system of the data directory (or its nearest existing parent)."""
    path = data_dir
    while not path.exists() and path != path.parent:
        path = path.parent
    u = usage(path)
    data = {
        "data_dir": str(data_dir),
        "data_dir_exists": data_dir.exists(),
        "free_bytes": int(u.free),
        "total_bytes": int(u.total),
        "free_percent": round(100 * u.free / u.total, 1) if u.total else 0.0,
    }
    summary = f"{u.free / 1024**3:.2f} GiB free of {u.total / 1024**3:.1f} GiB"
    if u.free < fail_bytes:
        return ProbeResult("disk", Status.FAIL, summary, data)
    if u.free < warn_bytes or not data_dir.exists():
        extra = "" if data_dir.exists() else "; data directory missing"
        return ProbeResult("disk", Status.WARN, summary + extra, data)
    return ProbeResult("disk", Status.OK, summary, data)


def distribution_version(*names: str) -> str:
    """The installed version of the first distribution found (without importing it)."""
    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return ""


def pcsc_lite_version(run: CommandRunner = run_command, timeout_s: float = 2.0) -> str:
    try:
        out = run(["pcscd", "--version"], timeout_s)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    match = re.search(r"pcsc-lite version ([\w.]+?)\.?(?:\s|$)", out.stdout)
    return match.group(1) if match else ""


def probe_versions(
    *,
    version_of: Callable[..., str] = distribution_version,
    pcsc_version: Callable[[], str] = pcsc_lite_version,
    ward: tuple[str, str] | None = None,
) -> ProbeResult:
    """App, Python, Qt (from PySide6's metadata: Qt itself is never imported here), pyscard,
    pcsc-lite (``pcscd --version``), the OS and the list of administrative units; with
    ``ward`` (the configured code and name), a warning when the list names that code otherwise.
    """
    from kiosk import __version__
    from kiosk.domain.address import units_version, ward_name_problem

    data = {
        "app": version_of("ward-kiosk") or __version__,
        "python": platform.python_version(),
        "qt": version_of("PySide6-Essentials", "PySide6"),
        "pyscard": version_of("pyscard"),
        "pcsc_lite": pcsc_version(),
        "os": platform.platform(terse=True),
        "units": units_version(),
    }
    missing = [k for k in ("qt", "pyscard", "pcsc_lite") if not data[k]]
    summary = f"app {data['app']}, Qt {data['qt'] or '?'}, pcsc-lite {data['pcsc_lite'] or '?'}"
    problem = ward_name_problem(*ward) if ward is not None else None
    if problem:
        return ProbeResult("versions", Status.WARN, summary + f"; {problem}", data)
    if missing:
        return ProbeResult(
            "versions", Status.WARN, summary + f"; missing: {', '.join(missing)}", data
        )
    return ProbeResult("versions", Status.OK, summary, data)
