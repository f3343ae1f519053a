"""The kiosk's look: one QSS template, three knobs (text size, contrast, screen height)."""

from __future__ import annotations

from dataclasses import dataclass

FONT_FAMILY = "DejaVu Sans"  # full Vietnamese diacritics; preinstalled on Debian


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
    border: str
    card_fill: str


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
)


def stylesheet(*, large_text: bool = False, high_contrast: bool = False, scale: float = 1.0) -> str:
    """QSS for the whole application. ``scale`` follows the screen height (1.0 at 1080 px)."""
    p = HIGH_CONTRAST if high_contrast else NORMAL
    base = round((30 if large_text else 22) * scale)
    small = round(base * 0.8)
    h1 = round(base * 1.6)
    h2 = round(base * 1.2)
    touch = max(64, round(72 * scale * (1.15 if large_text else 1.0)))
    border_w = 3 if high_contrast else 1
    return f"""
* {{ font-family: "{FONT_FAMILY}"; font-size: {base}px; color: {p.text}; }}
QWidget#MainWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget
    {{ background: {p.background}; }}
QWidget#Header {{ background: {p.primary}; }}
QWidget#Header QLabel {{ color: {p.primary_text}; font-weight: bold; }}
QWidget#Header QPushButton {{ background: transparent; color: {p.primary_text};
    border: 2px solid {p.primary_text}; border-radius: 10px; min-height: {touch - 8}px;
    padding: 0 18px; font-size: {small}px; }}
QWidget#Header QPushButton:checked {{ background: {p.primary_text}; color: {p.primary}; }}
QWidget#Footer {{ background: {p.surface}; border-top: {border_w}px solid {p.border}; }}
QLabel#H1 {{ font-size: {h1}px; font-weight: bold; }}
QLabel#H2 {{ font-size: {h2}px; font-weight: bold; }}
QLabel#Muted {{ color: {p.muted}; font-size: {small}px; }}
QLabel#Error {{ color: {p.danger}; font-weight: bold; }}
QLabel#CardMark {{ color: {p.accent}; font-size: {small}px; font-weight: bold; }}
QLabel#Code {{ font-size: {round(base * 2.4)}px; font-weight: bold; color: {p.text};
    letter-spacing: 2px; }}
QLabel#Countdown {{ font-size: {round(base * 3)}px; font-weight: bold; color: {p.danger}; }}
QFrame#Panel {{ background: {p.surface}; border: {border_w}px solid {p.border};
    border-radius: 16px; }}
QFrame#CodePanel {{ background: {p.card_fill}; border: {max(2, border_w)}px solid {p.primary};
    border-radius: 16px; }}
QPushButton {{ min-height: {touch}px; padding: 0 28px; border-radius: 12px;
    background: {p.surface}; border: {max(2, border_w)}px solid {p.border}; }}
QPushButton:pressed {{ background: {p.border}; }}
QPushButton:disabled {{ color: {p.muted}; border-style: dashed; }}
QPushButton#Primary {{ background: {p.primary}; color: {p.primary_text};
    border: {border_w}px solid {p.primary}; font-weight: bold; }}
QPushButton#Primary:disabled {{ background: {p.border}; color: {p.muted}; }}
QPushButton#Tile {{ text-align: left; padding: 16px 24px; min-height: {round(touch * 1.3)}px;
    background: {p.surface}; }}
QPushButton#Tile:checked {{ border-color: {p.primary}; border-width: 4px; }}
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
    background: {p.surface}; border: {max(2, border_w)}px solid {p.border};
    border-radius: 10px; }}
QLineEdit:focus, QComboBox:focus {{ border-color: {p.accent}; border-width: 3px; }}
QLineEdit[invalid="true"] {{ border-color: {p.danger}; border-width: 3px; }}
QLineEdit:read-only {{ background: {p.background}; }}
QCheckBox, QRadioButton {{ min-height: {touch}px; spacing: 16px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {round(base * 1.4)}px;
    height: {round(base * 1.4)}px; }}
QProgressBar {{ min-height: 18px; border-radius: 9px; background: {p.border}; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: 9px; }}
QFrame#Overlay {{ background: rgba(0, 0, 0, 160); }}
QFrame#Dialog {{ background: {p.surface}; border: 3px solid {p.primary}; border-radius: 20px; }}
QWidget#Keyboard {{ background: {p.border}; }}
QWidget#Keyboard QPushButton {{ min-height: {round(touch * 0.95)}px; padding: 0 6px;
    font-size: {base}px; }}
"""
