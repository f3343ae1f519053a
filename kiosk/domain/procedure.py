"""Administrative procedures (thủ tục hành chính) as the kiosk shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.domain.form import FormSchema


class ServiceLevel(StrEnum):
    FULL = "full"  # toàn trình: everything online
    PARTIAL = "partial"  # một phần: something must be brought in person


@dataclass(frozen=True)
class FeeRule:
    """How the fee is computed. ``kind``: free | fixed | per_copy | per_page | unknown.

    Amounts in VND. ``online_amount`` is the discounted fee for online filing where the law
    sets one. ``None`` amounts are *unknown* and shown as such, never invented.
    ``per_page``: ``first_pages_amount`` for each of the first ``first_pages`` pages, then
    ``next_page_amount`` per page, at most ``cap`` per copy. ``per_copy``: ``amount`` per copy.
    ``exemptions_*`` list who pays nothing (shown to the resident, applied by staff).
    """

    kind: str
    amount: int | None = None
    online_amount: int | None = None
    first_pages: int = 0
    first_pages_amount: int | None = None
    next_page_amount: int | None = None
    cap: int | None = None
    note_vi: str = ""
    note_en: str = ""
    exemptions_vi: tuple[str, ...] = ()
    exemptions_en: tuple[str, ...] = ()

    def note(self, lang: str) -> str:
        return self.note_vi if lang == "vi" else self.note_en

    def exemptions(self, lang: str) -> tuple[str, ...]:
        return self.exemptions_vi if lang == "vi" else self.exemptions_en


@dataclass(frozen=True)
class Document:
    name_vi: str
    name_en: str
    copies: int = 1
    original: bool = False  # must bring the original
    note_vi: str = ""
    note_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Procedure:
    code: str
    name_vi: str
    name_en: str
    category: str
    level: ServiceLevel
    fee: FeeRule
    #: statutory processing time in working days; 0 = same day; None = unknown
    processing_days: int | None
    documents: tuple[Document, ...]
    agency_vi: str
    agency_en: str
    form: FormSchema
    description_vi: str = ""
    description_en: str = ""
    synonyms: tuple[str, ...] = ()
    popularity: int = 0
    source_file: str = field(default="", compare=False)
    #: what the resident receives, e.g. "Giấy khai sinh (bản chính)"
    result_vi: str = ""
    result_en: str = ""
    #: legal basis, as cited (kept in Vietnamese)
    legal_basis: tuple[str, ...] = ()
    #: a resident may file at any ward's point (Hanoi non-territorial handling)
    any_ward: bool = True

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def agency(self, lang: str) -> str:
        return self.agency_vi if lang == "vi" else self.agency_en

    def description(self, lang: str) -> str:
        return self.description_vi if lang == "vi" else self.description_en

    def result(self, lang: str) -> str:
        return self.result_vi if lang == "vi" else self.result_en
