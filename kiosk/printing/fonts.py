"""Where the DejaVu Sans files are: they render Vietnamese correctly (machine-setup.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kiosk.printing.errors import PrintJobError

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)

_FILES = {
    (False, False): "DejaVuSans.ttf",
    (True, False): "DejaVuSans-Bold.ttf",
    (False, True): "DejaVuSans-Oblique.ttf",
    (True, True): "DejaVuSans-BoldOblique.ttf",
}


@cache
def dejavu_path(bold: bool = False, italic: bool = False) -> Path:
    """The DejaVu Sans file for the style; raises :class:`PrintJobError` when not installed."""
    name = _FILES[(bold, italic)]
    for folder in FONT_DIRS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise PrintJobError(f"font {name} not found in {', '.join(map(str, FONT_DIRS))}")
