"""The procedures catalog the kiosk offers: the procedures, their categories, search.

Loading it from the TOML files is :mod:`kiosk.domain.catalog_loading`; reading one file's
structure is :mod:`kiosk.domain.catalog_parsing`, writing it back
:mod:`kiosk.domain.catalog_serialising`.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.domain.procedure import Procedure
from kiosk.domain.search import Hit, SearchIndex

#: category key -> (Vietnamese label, English label), in the order the home screen shows them
CATEGORIES: dict[str, tuple[str, str]] = {
    "civil_status": ("Hộ tịch", "Civil status"),
    "certification": ("Chứng thực", "Certification"),
    "residence": ("Cư trú", "Residence"),
    "social": ("Bảo trợ xã hội", "Social protection"),
    "other": ("Thủ tục khác", "Other procedures"),
}


class Catalog:
    """The procedures the kiosk offers, with search and the home screen's orderings."""

    def __init__(self, procedures: Sequence[Procedure]) -> None:
        self.procedures: tuple[Procedure, ...] = tuple(procedures)
        self._by_code = {p.code: p for p in self.procedures}
        self._index: SearchIndex | None = None

    def __len__(self) -> int:
        return len(self.procedures)

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get(code.strip())

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.procedures)
        return self._index

    def search(self, query: str, limit: int = 20) -> list[Procedure]:
        """Ranked procedures matching ``query`` (see :mod:`kiosk.domain.search`)."""
        return self.index.search(query, limit)

    def ranked(self, query: str, limit: int = 20) -> list[Hit]:
        return self.index.ranked(query, limit)

    def most_used(self, n: int) -> list[Procedure]:
        ordered = sorted(self.procedures, key=lambda p: (-p.popularity, p.code))
        return ordered[: max(n, 0)]

    def categories(self) -> list[tuple[str, str, str]]:
        """(key, label_vi, label_en) of every category that has a procedure, in display order."""
        present = {p.category for p in self.procedures}
        return [(k, vi, en) for k, (vi, en) in CATEGORIES.items() if k in present]

    def by_category(self, key: str) -> list[Procedure]:
        ordered = sorted(self.procedures, key=lambda p: (-p.popularity, p.code))
        return [p for p in ordered if p.category == key]
