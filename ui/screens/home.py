"""Home: search or pick a procedure (most used first), or track an earlier dossier.

Each tile names a procedure, with its category's icon.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.procedure import Procedure
from kiosk.visit.session import Step
from ui.context import UiContext
from ui.icons import category_icon
from ui.screens.base import Screen, forget_text, label, scroll_area
from ui.widgets.icon_button import IconButton

TILE_COUNT = 8


class HomeScreen(Screen):
    step = Step.HOME
    scrollable = False
    show_back = False
    show_continue = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.textChanged.connect(self._refresh)
        top.addWidget(self.search, 1)
        self.track_button = QPushButton()
        self.track_button.setObjectName("track")
        self.track_button.clicked.connect(self.ctx.session.start_tracking)
        top.addWidget(self.track_button)
        self.body.addLayout(top)
        self.section = label(name="H2")
        self.body.addWidget(self.section)
        self.warning = label(name="Muted")
        self.warning.setVisible(bool(ctx.services.catalog_errors))
        self.body.addWidget(self.warning)
        self.empty = label(name="Muted")
        self.body.addWidget(self.empty)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        column.addLayout(self.grid)
        column.addStretch(1)
        self.body.addWidget(scroll_area(holder), 1)
        self.tiles: list[IconButton] = []
        self._shown: list[Procedure] = []
        self._refresh()

    def retranslate(self) -> None:
        self.heading.setText(self.ctx.tr("home.heading"))
        self.search.setPlaceholderText(self.ctx.tr("home.search"))
        self.track_button.setText(self.ctx.tr("home.track"))
        self.warning.setText(self.ctx.tr("home.catalog_warning"))
        self.empty.setText(self.ctx.tr("home.no_results"))
        self._refresh()

    def _refresh(self) -> None:
        catalog = self.ctx.services.catalog
        query = self.search.text().strip()
        if query:
            self._shown = catalog.search(query, limit=TILE_COUNT)
            self.section.setText(self.ctx.tr("home.results"))
        else:
            self._shown = catalog.most_used(TILE_COUNT)
            self.section.setText(self.ctx.tr("home.most_used"))
        self.empty.setVisible(not self._shown)
        while len(self.tiles) < len(self._shown):
            i = len(self.tiles)
            tile = IconButton()
            tile.setObjectName("Tile")
            tile.clicked.connect(lambda _=False, i=i: self._choose(i))
            self.grid.addWidget(tile, i // 2, i % 2)
            self.tiles.append(tile)
        for i, tile in enumerate(self.tiles):
            if i < len(self._shown):
                p = self._shown[i]
                # the name only: the code is on the procedure's details page
                tile.set_label(p.name(self.ctx.lang))
                tile.set_icon_name(category_icon(p.category))
                tile.setProperty("procedure", p.code)
                tile.show()
            else:
                tile.hide()

    def _choose(self, index: int) -> None:
        procedure = self._shown[index]
        forget_text(self.search)
        self.ctx.session.choose_procedure(procedure)

    def clear(self) -> None:
        super().clear()
        self._refresh()
