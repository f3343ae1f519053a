"""Read PDFs back with poppler (pdftotext, pdftoppm, pdfinfo) and decode QR codes (zxing-cpp)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=60, check=True
    )
    return out.stdout.decode("utf-8")


def pdf_page_size_pt(path: Path) -> tuple[float, float]:
    out = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True
    )
    for line in out.stdout.splitlines():
        if line.startswith("Page size:"):
            parts = line.split()
            return float(parts[2]), float(parts[4])
    raise AssertionError("pdfinfo printed no page size")


def pdf_qr_texts(path: Path, workdir: Path, dpi: int = 150) -> list[str]:
    """Rasterise every page and return the decoded QR payloads, sorted."""
    prefix = workdir / path.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(path), str(prefix)],
        capture_output=True,
        timeout=120,
        check=True,
    )
    texts: list[str] = []
    for page in sorted(workdir.glob(f"{path.stem}*.png")):
        with Image.open(page) as img:
            texts.extend(r.text for r in zxingcpp.read_barcodes(img.convert("L")))
    return sorted(texts)
