"""Writing a report to a USB stick or the data directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kiosk.diagnostics.report import DiagnosticsReport
from kiosk.runtime.atomic_file import write_atomic

#: file systems a technician's USB stick is likely to carry
_REMOVABLE_FS = frozenset({"vfat", "exfat", "ntfs", "ntfs3", "fuseblk", "msdos"})
_MOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/")


def export_report(report: DiagnosticsReport, directory: str | os.PathLike[str]) -> Path:
    """Write ``<name>.json`` and ``<name>.txt`` into ``directory``; returns the JSON path."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    stamp = report.created_at.strftime("%Y%m%dT%H%M%SZ")
    kiosk = "".join(c if c.isalnum() or c in "-_" else "_" for c in report.kiosk_id)[:40]
    base = f"ward-kiosk-report-{kiosk or 'unknown'}-{stamp}"
    json_path = target / f"{base}.json"
    text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(json_path, text.encode("utf-8"), mode=0o644)
    write_atomic(target / f"{base}.txt", report.as_text().encode("utf-8"), mode=0o644)
    return json_path


def removable_mounts(mounts_file: Path = Path("/proc/self/mounts")) -> list[Path]:
    """Writable mount points of removable media (USB sticks), for the "Export report" button."""
    try:
        lines = mounts_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    found: list[Path] = []
    for line in lines:
        fields = line.split()
        if len(fields) < 4:
            continue
        mount_point = fields[1].replace("\\040", " ")
        options = fields[3].split(",")
        if (
            fields[2] in _REMOVABLE_FS
            and mount_point.startswith(_MOUNT_ROOTS)
            and "ro" not in options
        ):
            found.append(Path(mount_point))
    return found
