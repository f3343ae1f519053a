"""The kiosk's icons: flat SVG files in ``ui/assets/icons`` drawn with QtSvg, never emoji.

Each file draws in one ink, ``currentColor``; :func:`render` puts the colour in (the text
colour of the widget that shows it), so an icon follows the normal and high-contrast palettes.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

#: procedure category (kiosk.domain.catalog.CATEGORIES) -> icon name
CATEGORY_ICONS = {
    "civil_status": "civil-status",
    "certification": "certification",
    "residence": "residence",
    "social": "social",
    "other": "other",
}
FACE_ICONS = ("face-very-satisfied", "face-satisfied", "face-not-satisfied")


def names() -> list[str]:
    """Every icon the package ships."""
    folder = resources.files("ui.assets.icons")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".svg"))


@lru_cache(maxsize=32)
def svg_text(name: str) -> str:
    """The SVG source of an icon (raises FileNotFoundError for an unknown name)."""
    return resources.files("ui.assets.icons").joinpath(f"{name}.svg").read_text("utf-8")


def category_icon(category: str) -> str:
    return CATEGORY_ICONS.get(category, "other")


def render(name: str, size: int, colour: QColor | str, device_ratio: float = 1.0) -> QPixmap:
    """The icon as a ``size`` x ``size`` pixmap (logical pixels) in ``colour``."""
    ink = QColor(colour).name()
    renderer = QSvgRenderer(QByteArray(svg_text(name).replace("currentColor", ink).encode()))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not valid SVG")
    side = max(1, round(size * device_ratio))
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


def icon(name: str, size: int, colour: QColor | str, device_ratio: float = 1.0) -> QIcon:
    """A QIcon whose normal and disabled states are the same drawing in ``colour``."""
    result = QIcon()
    pixmap = render(name, size, colour, device_ratio)
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Selected):
        result.addPixmap(pixmap, mode)
    return result
