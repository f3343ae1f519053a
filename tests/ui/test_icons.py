"""Icons are SVG files drawn by QtSvg in the widget's text colour: no emoji, no colour font."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import CATEGORIES
from kiosk.visit.session import Step
from tests.ui.driving import click
from ui.icons import CATEGORY_ICONS, FACE_ICONS, names, render
from ui.screens.home import HomeScreen
from ui.screens.rating import RatingScreen
from ui.theme import HIGH_CONTRAST, NORMAL
from ui.widgets.icon_button import IconButton
from ui.window.main_window import MainWindow


def ink_pixels(image: QImage, colour: str) -> int:
    """Opaque pixels of exactly ``colour`` (the antialiased edges are left out)."""
    want = QColor(colour).rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() == 255 and image.pixel(x, y) == want
    )


def test_every_category_and_face_has_an_svg_that_draws_in_the_given_ink(qtbot: QtBot) -> None:
    shipped = set(names())
    assert set(CATEGORIES) <= set(CATEGORY_ICONS)
    assert set(CATEGORY_ICONS.values()) | set(FACE_ICONS) <= shipped
    for name in shipped:
        for ink in ("#1b2430", "#ffffff"):
            image = render(name, 64, ink).toImage()
            assert image.width() == image.height() == 64
            # a real drawing: at least 4% of the square in the ink, and nothing else opaque
            assert ink_pixels(image, ink) > 64 * 64 * 0.04, name
            assert image.pixelColor(0, 0).alpha() == 0, name


def test_home_tiles_name_the_procedure_with_its_category_icon(
    qtbot: QtBot, window: MainWindow
) -> None:
    home = window.screens[Step.HOME]
    assert isinstance(home, HomeScreen)
    shown = [t for t in home.tiles if t.isVisible()]
    assert len(shown) == 8
    catalog = window.ctx.services.catalog
    for tile in shown:
        p = catalog.get(str(tile.property("procedure")))
        assert p is not None
        assert tile.label() == p.name_vi
        assert " ".join(tile.text().split()) == p.name_vi  # only wrapped, nothing added
        assert p.code not in tile.text()
        assert tile.icon_name() == CATEGORY_ICONS[p.category]
        assert not tile.icon().isNull()
    # the code is on the details page instead
    click(qtbot, shown[0])
    proc = window.screens[Step.PROCEDURE]
    assert proc.code.text() == shown[0].property("procedure")  # type: ignore[attr-defined]
    assert proc.code.isVisible()  # type: ignore[attr-defined]


def test_icons_follow_the_high_contrast_palette(qtbot: QtBot, window: MainWindow) -> None:
    home = window.screens[Step.HOME]
    assert isinstance(home, HomeScreen)
    tile = home.tiles[0]

    normal_image = tile.icon().pixmap(64, 64).toImage()
    assert ink_pixels(normal_image, NORMAL.text) > 100
    click(qtbot, window.contrast_button)
    hc_image = tile.icon().pixmap(64, 64).toImage()
    assert ink_pixels(hc_image, HIGH_CONTRAST.text) > 100
    assert ink_pixels(hc_image, NORMAL.text) == 0


def test_rating_faces_are_drawn_not_typed(qtbot: QtBot, window: MainWindow) -> None:
    rating = window.screens[Step.RATING]
    assert isinstance(rating, RatingScreen)
    faces = [b.icon_name() for b in rating.buttons.values()]
    assert faces == list(FACE_ICONS)
    for b in rating.buttons.values():
        assert not b.icon().isNull()
        assert all(ord(ch) < 0x2000 for ch in b.text()), b.text()  # letters only


def test_a_long_name_wraps_to_the_tile_and_keeps_every_word(qtbot: QtBot) -> None:
    tile = IconButton("certification", 64)
    qtbot.addWidget(tile)
    name = "Chứng thực chữ ký trong giấy tờ, văn bản của người không biết chữ"
    tile.set_label(name)
    tile.resize(420, 160)
    tile.show()
    qtbot.waitExposed(tile)
    lines = tile.text().split("\n")
    assert len(lines) >= 2
    assert " ".join(lines) == name
    room = 420 - 64 - 96
    assert all(tile.fontMetrics().horizontalAdvance(line) <= room for line in lines)
    assert tile.label() == name
    assert tile.accessibleName() == name
    tile.resize(1600, 160)
    assert tile.text() == name  # wide enough: one line again
