"""A list picker that opens inside the window (the kiosk has no window manager for popups).

:class:`PickerButton` is a full-width button showing the value. Tapping it opens a
:class:`PickerPanel`: a child widget laid over the screen it belongs to, with rows a finger
high, a filter line for long lists (typed without diacritics: "lang" finds "Phường Láng"),
kinetic scrolling by dragging (no scrollbar to aim at) and a cancel button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.search import fold
from kiosk.lang import Lang
from ui.screens.base import Screen
from ui.widgets.kinetic import kinetic

#: rows a finger can hit
ROW_HEIGHT = 72
#: lists longer than this get a filter line
FILTER_FROM = 12

_TEXTS = {
    "choose": ("Chọn…", "Choose…"),
    "filter": ("Gõ vài chữ để tìm, ví dụ: lang", "Type a few letters, e.g. lang"),
    "cancel": ("Hủy", "Cancel"),
    "none": ("Không có mục nào khớp.", "Nothing matches."),
}


def _text(key: str, lang: Lang) -> str:
    vi, en = _TEXTS[key]
    return vi if lang == "vi" else en


class PickerPanel(QFrame):
    """The open list: title, filter (long lists), rows, cancel. Deletes itself when closed."""

    picked = Signal(object)

    def __init__(
        self, host: QWidget, title: str, items: list[tuple[str, object]], lang: Lang, name: str
    ) -> None:
        super().__init__(host)
        self.setObjectName("Picker")
        self.setProperty("picker", name)
        self.setAutoFillBackground(True)
        self._host = host
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(16)
        heading = QLabel(title)
        heading.setObjectName("H2")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.filter = QLineEdit()
        self.filter.setObjectName(f"picker-filter-{name}")
        self.filter.setProperty("keyboard", "email")  # plain letters: no Telex, folded anyway
        self.filter.setPlaceholderText(_text("filter", lang))
        self.filter.setVisible(len(items) > FILTER_FROM)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setObjectName(f"picker-list-{name}")
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        for text, data in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setSizeHint(QSize(0, ROW_HEIGHT))
            self.list.addItem(item)
        # drag with a finger (or a mouse) to scroll; a tap still picks. Not QScroller's
        # grabGesture: each call registers a gesture recognizer that Qt keeps until the
        # application ends (a panel per ward picked grew the kiosk by about 7 kB a visit)
        kinetic(self.list)
        self.list.itemClicked.connect(self._clicked)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(_text("none", lang))
        self.empty.setObjectName("Muted")
        self.empty.hide()
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = QPushButton(_text("cancel", lang))
        self.cancel.setObjectName(f"picker-cancel-{name}")
        self.cancel.setMinimumHeight(ROW_HEIGHT)
        self.cancel.clicked.connect(self.close_panel)
        row.addWidget(self.cancel)
        layout.addLayout(row)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    def _filter(self, text: str) -> None:
        query = fold(text).strip()
        shown = 0
        for i in range(self.list.count()):
            item = self.list.item(i)
            hit = not query or query in fold(item.text())
            item.setHidden(not hit)
            shown += hit
        self.empty.setVisible(shown == 0)
        self.list.scrollToTop()

    def mark_current(self, data: object) -> None:
        """Highlight the value picked before, and bring it into view."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if data is not None and item.data(Qt.ItemDataRole.UserRole) == data:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
                return

    def visible_rows(self) -> list[QListWidgetItem]:
        return [
            self.list.item(i) for i in range(self.list.count()) if not self.list.item(i).isHidden()
        ]

    def _clicked(self, item: QListWidgetItem) -> None:
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole))
        self.close_panel()

    def close_panel(self) -> None:
        self._host.removeEventFilter(self)
        self.hide()
        self.deleteLater()


def _host_of(widget: QWidget) -> QWidget:
    """The screen the widget is on (the panel covers it, not the header or the keyboard)."""
    w: QWidget | None = widget
    while w is not None:
        if isinstance(w, Screen):
            return w
        w = w.parentWidget()
    return widget.window()


class PickerButton(QPushButton):
    """A full-width button showing the picked item; a tap opens the list in the window."""

    changed = Signal()

    def __init__(self, name: str, lang: Lang) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "picker")
        self.setMinimumHeight(ROW_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._items: list[tuple[str, object]] = []
        self._data: object = None
        self._lang = lang
        self.title = ""
        self.panel: PickerPanel | None = None
        self.clicked.connect(self.open_panel)
        self._show()

    def set_items(self, items: list[tuple[str, object]]) -> None:
        """Replace the list; the value is kept when it is still in it."""
        self._items = list(items)
        if self._data is not None and not any(d == self._data for _t, d in self._items):
            self._data = None
        self._show()

    def items(self) -> list[tuple[str, object]]:
        return list(self._items)

    def current_data(self) -> object:
        return self._data

    def current_text(self) -> str:
        return next((t for t, d in self._items if d == self._data and d is not None), "")

    def set_current(self, data: object) -> None:
        """Pick ``data`` (None or an unknown value: nothing), without emitting ``changed``."""
        self._data = data if any(d == data for _t, d in self._items) else None
        self._show()

    def retranslate(self, lang: Lang) -> None:
        self._lang = lang
        self._show()

    def _show(self) -> None:
        self.setText(self.current_text() or _text("choose", self._lang))

    def open_panel(self) -> None:
        if self.panel is not None:
            return
        self.panel = PickerPanel(
            _host_of(self), self.title, self._items, self._lang, self.objectName()
        )
        self.panel.picked.connect(self._picked)
        self.panel.mark_current(self._data)
        self.panel.destroyed.connect(self._panel_gone)
        self.panel.show()

    def _panel_gone(self) -> None:
        self.panel = None

    def close_panel(self) -> None:
        if self.panel is not None:
            self.panel.close_panel()
            self.panel = None

    def _picked(self, data: object) -> None:
        self.choose(data)

    def choose(self, data: object) -> None:
        """Pick ``data`` as a tap on its row does (``changed`` is emitted)."""
        self.set_current(data)
        self.changed.emit()

    def find_data(self, text: str) -> object:
        """The data of the item called ``text`` (None when there is none)."""
        return next((d for t, d in self._items if t == text), None)
