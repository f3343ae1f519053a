"""The kiosk's look: one QSS template, three knobs (text size, contrast, screen height).

Both palettes meet WCAG 2.2 AA: text >= 4.5:1 on every background it is put on, control
boundaries (button and field borders, focus and error marks) and disabled buttons >= 3:1.
:data:`TEXT_PAIRS` and :data:`CONTROL_PAIRS` list every combination the stylesheet makes;
``tests/unit/test_theme.py`` measures them and checks that the stylesheet uses no other.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

FONT_FAMILY = "DejaVu Sans"  # full Vietnamese diacritics; preinstalled on Debian
#: body text and the smallest text at 1080 px (large-text mode scales both up)
BODY_PX = 22
SMALLEST_PX = 20
LARGE_BODY_PX = 30


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    primary: str
    primary_text: str
    accent: str
    danger: str
    border: str  # decorative lines: panels, footer rule
    card_fill: str
    control: str  # the boundary of a button or a field
    well: str  # recessed areas: the keyboard's background, the progress track
    pressed: str
    pressed_text: str
    disabled_bg: str
    disabled_text: str  # also the dashed border of a disabled button

    def colours(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


NORMAL = Palette(
    background="#f4f6f9",
    surface="#ffffff",
    text="#1b2430",
    muted="#526070",
    primary="#b3261e",  # the red of Vietnamese public-service portals
    primary_text="#ffffff",
    accent="#0b5cab",
    danger="#a1140c",
    border="#cfd6de",
    card_fill="#fff8e1",
    control="#6b7683",
    well="#cfd6de",
    pressed="#cfd6de",
    pressed_text="#1b2430",
    disabled_bg="#e3e7ec",
    disabled_text="#526070",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffff66",
    primary="#ffff00",
    primary_text="#000000",
    accent="#66ccff",
    danger="#ff6666",
    border="#ffffff",
    card_fill="#000000",
    control="#ffffff",
    well="#1f1f1f",
    pressed="#ffff00",
    pressed_text="#000000",
    disabled_bg="#000000",
    disabled_text="#c0c0c0",
)

#: (text colour, background) for every text the stylesheet draws, by palette field
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("text", "card_fill"),
    ("text", "well"),
    ("muted", "background"),
    ("muted", "surface"),
    ("muted", "card_fill"),
    ("primary_text", "primary"),  # header, main button
    ("primary", "primary_text"),  # a checked header button
    ("accent", "background"),
    ("accent", "surface"),
    ("accent", "card_fill"),
    ("danger", "background"),
    ("danger", "surface"),
    ("pressed_text", "pressed"),
    ("disabled_text", "disabled_bg"),
)
#: (boundary colour, what is next to it) for every control and state mark
CONTROL_PAIRS: tuple[tuple[str, str], ...] = (
    ("control", "background"),
    ("control", "surface"),
    ("control", "card_fill"),
    ("control", "well"),  # keyboard keys
    ("accent", "surface"),  # focused field
    ("danger", "surface"),  # field with an error
    ("primary", "surface"),  # chosen tile
    ("primary", "background"),  # the main button's edge
    ("primary_text", "primary"),  # header buttons
    ("disabled_text", "disabled_bg"),  # disabled button, dashed edge
    ("disabled_text", "background"),
    ("disabled_text", "surface"),
    ("accent", "well"),  # progress bar
)


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of ``#rrggbb``."""
    value = colour.lstrip("#")
    channels = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, 1.0 to 21.0."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def font_sizes(*, large_text: bool = False, scale: float = 1.0) -> dict[str, int]:
    """Pixel sizes of the text roles (``scale`` follows the screen height, 1.0 at 1080 px)."""
    base = round((LARGE_BODY_PX if large_text else BODY_PX) * scale)
    return {
        "base": base,
        "small": max(round(SMALLEST_PX * scale), round(base * 0.9)),
        "h1": round(base * 1.6),
        "h2": round(base * 1.2),
        "code": round(base * 2.4),
        "countdown": round(base * 3),
    }


def stylesheet(*, large_text: bool = False, high_contrast: bool = False, scale: float = 1.0) -> str:
    """QSS for the whole application. ``scale`` follows the screen height (1.0 at 1080 px)."""
    p = HIGH_CONTRAST if high_contrast else NORMAL
    size = font_sizes(large_text=large_text, scale=scale)
    base, small = size["base"], size["small"]
    touch = max(64, round(72 * scale * (1.15 if large_text else 1.0)))
    border_w = 3 if high_contrast else 1
    edge = max(2, border_w)
    key = max(64, round(68 * scale))  # keyboard keys: a fingertip on every screen size
    # key labels keep the normal size in large-text mode: the keys cannot grow
    key_font = font_sizes(large_text=False, scale=scale)["base"]
    return f"""
* {{ font-family: "{FONT_FAMILY}"; font-size: {base}px; color: {p.text}; }}
QWidget#MainWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget
    {{ background: {p.background}; }}
QWidget#Header {{ background: {p.primary}; }}
QWidget#Header QLabel {{ color: {p.primary_text}; font-weight: bold; }}
QWidget#Header QPushButton {{ background: transparent; color: {p.primary_text};
    border: 2px solid {p.primary_text}; border-radius: 10px; min-height: {touch}px;
    padding: 0 18px; font-size: {small}px; }}
QWidget#Header QPushButton:checked {{ background: {p.primary_text}; color: {p.primary}; }}
QWidget#Footer {{ background: {p.surface}; border-top: {border_w}px solid {p.border}; }}
QLabel#H1 {{ font-size: {size["h1"]}px; font-weight: bold; }}
QLabel#H2 {{ font-size: {size["h2"]}px; font-weight: bold; }}
QLabel#Muted {{ color: {p.muted}; font-size: {small}px; }}
QLabel#Error {{ color: {p.danger}; font-weight: bold; }}
QLabel#CardMark {{ color: {p.accent}; font-size: {small}px; font-weight: bold; }}
QLabel#Code {{ font-size: {size["code"]}px; font-weight: bold; color: {p.text};
    letter-spacing: 2px; }}
QLabel#Countdown {{ font-size: {size["countdown"]}px; font-weight: bold; color: {p.danger}; }}
QFrame#Panel {{ background: {p.surface}; border: {border_w}px solid {p.border};
    border-radius: 16px; }}
QFrame#CodePanel {{ background: {p.card_fill}; border: {edge}px solid {p.primary};
    border-radius: 16px; }}
QPushButton {{ min-height: {touch}px; padding: 0 28px; border-radius: 12px;
    background: {p.surface}; border: {edge}px solid {p.control}; }}
QPushButton:pressed {{ background: {p.pressed}; color: {p.pressed_text}; }}
QPushButton:disabled {{ background: {p.disabled_bg}; color: {p.disabled_text};
    border: {edge}px dashed {p.disabled_text}; }}
QPushButton#Primary {{ background: {p.primary}; color: {p.primary_text};
    border: {edge}px solid {p.primary}; font-weight: bold; }}
QPushButton#Primary:pressed {{ background: {p.pressed}; color: {p.pressed_text}; }}
QPushButton#Primary:disabled {{ background: {p.disabled_bg}; color: {p.disabled_text};
    border: {edge}px dashed {p.disabled_text}; }}
QPushButton#Tile {{ text-align: left; padding: 16px 24px; min-height: {round(touch * 1.3)}px;
    background: {p.surface}; }}
QPushButton#Tile:checked {{ border: 4px solid {p.primary}; }}
QPushButton#Link {{ border: none; background: transparent; color: {p.accent};
    text-decoration: underline; min-height: {touch}px; }}
QPushButton[role="choice"], QPushButton[role="picker"] {{ text-align: left; padding: 0 28px; }}
QPushButton[role="error-link"] {{ text-align: left; padding: 0; }}
QPushButton[role="choice"]:checked {{ background: {p.card_fill}; border: 4px solid {p.primary};
    font-weight: bold; }}
QFrame[invalid="true"] QLineEdit, QFrame[invalid="true"] QPushButton {{
    border-color: {p.danger}; border-width: 3px; }}
QFrame#ErrorSummary {{ background: {p.surface}; border: 4px solid {p.danger};
    border-radius: 12px; }}
QFrame#Picker {{ background: {p.background}; }}
QListWidget {{ background: {p.surface}; border: {max(2, border_w)}px solid {p.border};
    border-radius: 10px; }}
QListWidget::item {{ padding: 0 24px; border-bottom: 1px solid {p.border}; color: {p.text}; }}
QListWidget::item:selected {{ background: {p.card_fill}; color: {p.text}; }}
QLineEdit, QComboBox, QPlainTextEdit {{ min-height: {touch}px; padding: 0 16px;
    background: {p.surface}; border: {edge}px solid {p.control};
    border-radius: 10px; }}
QLineEdit:focus, QComboBox:focus {{ border: 3px solid {p.accent}; }}
QLineEdit[invalid="true"] {{ border: 3px solid {p.danger}; }}
QLineEdit:read-only {{ background: {p.background}; }}
QAbstractItemView {{ background: {p.surface}; color: {p.text};
    selection-background-color: {p.primary}; selection-color: {p.primary_text}; }}
QCheckBox, QRadioButton {{ min-height: {touch}px; spacing: 16px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {round(base * 1.4)}px;
    height: {round(base * 1.4)}px; }}
QProgressBar {{ min-height: 18px; border-radius: 9px; background: {p.well}; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: 9px; }}
QFrame#Overlay {{ background: rgba(0, 0, 0, 160); }}
QFrame#Dialog {{ background: {p.surface}; border: 3px solid {p.primary}; border-radius: 20px; }}
QWidget#Keyboard {{ background: {p.well}; }}
QWidget#Keyboard QPushButton {{ min-height: {key}px; padding: 0 4px;
    font-size: {key_font}px; }}
QWidget#Keyboard QPushButton:checked {{ background: {p.primary}; color: {p.primary_text};
    border-color: {p.primary}; }}
QScrollBar:vertical {{ width: 14px; background: {p.background}; border: none; }}
QScrollBar::handle:vertical {{ background: {p.accent}; border-radius: 7px; min-height: 48px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""
