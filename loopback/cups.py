"""CUPS on this machine with cups-pdf queues, for the tests and ``bench/receipt.py``.

:func:`scheduler` starts ``cupsd -f`` when no scheduler is running and stops it on exit only
if it started it; :func:`add_queue` creates a queue backed by cups-pdf; :class:`CupsPdfQueue`
finds the PDFs cups-pdf writes (``Out`` in /etc/cups/cups-pdf.conf, usually ``~/PDF``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from loopback.processes import stop_process

TOOLS = ("cupsd", "lpadmin", "lpstat", "lpinfo")

QUEUE = "KioskPDF"
PAUSED_QUEUE = "KioskPDFPaused"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
_ENV = {**os.environ, "LANG": "C", "LC_ALL": "C"}


def run_tool(*args: str, timeout_s: float = 20.0) -> subprocess.CompletedProcess[str]:
    """Run a CUPS tool in the C locale (its messages are parsed)."""
    return subprocess.run(
        list(args), capture_output=True, text=True, timeout=timeout_s, env=_ENV, check=False
    )


def scheduler_running() -> bool:
    return "is running" in run_tool("lpstat", "-r").stdout


def cups_pdf_ppd() -> str:
    models = run_tool("lpinfo", "-m", timeout_s=60).stdout.splitlines()
    for line in models:
        name = line.split(" ", 1)[0]
        if "cups-pdf" in name.lower() and name.endswith("_opt.ppd"):
            return name
    for line in models:
        if "cups-pdf" in line.lower():
            return line.split(" ", 1)[0]
    raise RuntimeError("no cups-pdf PPD in `lpinfo -m` (install printer-driver-cups-pdf)")


def cups_pdf_out_dirs() -> list[Path]:
    """Where cups-pdf may write: its configured ``Out`` directory and the usual defaults."""
    home = Path.home()
    dirs: list[Path] = []
    if CUPS_PDF_CONF.is_file():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"^\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1).replace("${HOME}", str(home)).replace("${USER}", "root")
                dirs.append(Path(out))
    dirs.extend([home / "PDF", Path("/root/PDF"), Path("/var/spool/cups-pdf/ANONYMOUS")])
    return list(dict.fromkeys(dirs))


@dataclass(frozen=True)
class CupsPdfQueue:
    name: str
    out_dirs: tuple[Path, ...]

    def snapshot(self) -> set[Path]:
        found: set[Path] = set()
        for d in self.out_dirs:
            if d.is_dir():
                found.update(d.glob("*.pdf"))
        return found

    def wait_for_new_pdf(self, before: set[Path], timeout_s: float = 60.0) -> Path:
        """The PDF cups-pdf wrote after ``before`` was taken, once its size is stable."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            new = sorted(self.snapshot() - before)
            if new:
                path = new[0]
                size = path.stat().st_size
                time.sleep(0.3)
                if size > 0 and path.stat().st_size == size:
                    return path
            time.sleep(0.2)
        jobs = run_tool("lpstat", "-W", "all", "-o", self.name).stdout
        raise AssertionError(f"no PDF from {self.name} within {timeout_s} s; jobs: {jobs!r}")

    def pending_jobs(self) -> str:
        return run_tool("lpstat", "-o", self.name).stdout


def add_queue(name: str, ppd: str) -> None:
    out = run_tool("lpadmin", "-p", name, "-v", "cups-pdf:/", "-E", "-m", ppd)
    if out.returncode != 0:
        raise RuntimeError(f"lpadmin -p {name} failed: {out.stderr.strip()}")


def missing_tool() -> str | None:
    """The first CUPS tool not installed here, if any."""
    for tool in TOOLS:
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            return tool
    return None


@contextlib.contextmanager
def scheduler() -> Iterator[None]:
    """A running CUPS scheduler: the one already up, or ``cupsd -f`` until the end."""
    proc: subprocess.Popen[bytes] | None = None
    if not scheduler_running():
        proc = subprocess.Popen(
            ["cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 15
        while not scheduler_running():
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("cupsd did not start")
            time.sleep(0.1)
    try:
        yield
    finally:
        if proc is not None:
            stop_process(proc)
