"""A big touch button with an SVG icon and text that wraps to the button's width.

The icon is drawn in the button's own text colour (from the stylesheet's palette) and drawn
again when the style changes (high contrast, large text). The text is the whole label
(:meth:`label`); what the button paints has line breaks put in where the width needs them,
so long procedure names wrap instead of being cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from ui.icons import icon

#: room the style takes around the text: padding, border, the gap after the icon
_CHROME_PX = 96


def wrap_words(text: str, width: int, metrics: QFontMetrics) -> list[str]:
    """Greedy word wrap of ``text`` into lines at most ``width`` pixels wide (a word longer
    than the width gets a line of its own)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


class IconButton(QPushButton):
    def __init__(
        self, icon_name: str = "", icon_px: int = 64, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._icon_name = icon_name
        self._icon_px = icon_px
        self._label = ""
        self._ink = ""
        self.setIconSize(QSize(icon_px, icon_px))
        policy = self.sizePolicy()
        # the grid decides the width; the text wraps to it (see resizeEvent)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self._draw_icon()

    def icon_name(self) -> str:
        return self._icon_name

    def set_icon_name(self, name: str) -> None:
        if name != self._icon_name:
            self._icon_name = name
            self._ink = ""
            self._draw_icon()

    def label(self) -> str:
        """The whole text, without the line breaks added for the width."""
        return self._label

    def set_label(self, text: str) -> None:
        self._label = text
        self.setAccessibleName(text)
        self._wrap()

    def _wrap(self) -> None:
        room = self.width() - self._icon_px - _CHROME_PX
        if room <= 0:
            self.setText(self._label)
            return
        self.setText("\n".join(wrap_words(self._label, room, self.fontMetrics())))

    def _draw_icon(self) -> None:
        if not self._icon_name:
            return
        ink = self.palette().color(QPalette.ColorRole.ButtonText).name()
        if ink == self._ink:
            return
        self._ink = ink
        self.setIcon(icon(self._icon_name, self._icon_px, ink, self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._draw_icon()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._wrap()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._wrap()
