"""Administrative procedures (thủ tục hành chính) as the kiosk shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.domain.form import FormSchema
from kiosk.lang import Lang


class ServiceLevel(StrEnum):
    FULL = "full"  # toàn trình: everything online
    PARTIAL = "partial"  # một phần: something must be brought in person


#: filing channels a fee rate is for; "online" includes the kiosk (it files through the portal)
CHANNELS = ("online", "in_person", "any")
#: how a rate's amount reaches the resident: "none" (pays it), "zero" (the rate is set to
#: 0 đ: nothing is charged), "covered" (the city budget covers it; see ``settlement``)
SUPPORTS = ("none", "zero", "covered")
#: how a covered fee is settled: not collected at all, collected then refunded, or not known
SETTLEMENTS = ("not_collected", "refunded", "unknown")


@dataclass(frozen=True)
class FeeRate:
    """One fee rule as the law states it: for which channel, from when to when, on what legal
    basis, how much (the same ``kind`` and amount fields as :class:`FeeRule`).

    Dates are ISO ``yyyy-mm-dd`` (``valid_to`` inclusive); empty means open-ended. ``support``
    and ``settlement`` say what the resident pays of that amount (see :data:`SUPPORTS`).
    """

    channel: str
    legal_basis: str
    kind: str = "fixed"
    amount: int | None = None
    first_pages: int = 0
    first_pages_amount: int | None = None
    next_page_amount: int | None = None
    cap: int | None = None
    valid_from: str = ""
    valid_to: str = ""
    support: str = "none"
    settlement: str = ""
    note_vi: str = ""
    note_en: str = ""

    def note(self, lang: Lang) -> str:
        return self.note_vi if lang == "vi" else self.note_en

    def applies(self, channel: str, day: str) -> bool:
        """Whether this rate is in force for ``channel`` on ``day`` (ISO date)."""
        if self.channel not in (channel, "any"):
            return False
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_to or day <= self.valid_to
        )


@dataclass(frozen=True)
class FeeRule:
    """How the fee is computed. ``kind``: free | fixed | per_copy | per_page | unknown.

    Amounts in VND. ``online_amount`` is the discounted fee for online filing where the law
    sets one. ``None`` amounts are *unknown* and shown as such, never invented.
    ``per_page``: ``first_pages_amount`` for each of the first ``first_pages`` pages, then
    ``next_page_amount`` per page, at most ``cap`` per copy. ``per_copy``: ``amount`` per copy.
    ``exemptions_*`` list who pays nothing (shown to the resident, applied by staff).
    ``rates`` are the dated, per-channel rules (:class:`FeeRate`); when present they decide
    the fee (:func:`kiosk.domain.fees.quote_fee`) and the fields above only describe it.
    ``set_by``: who sets the amount ("ministry", "council" - the city People's Council - or
    "" when not known), which decides what Hanoi's support for online filing does.
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
    rates: tuple[FeeRate, ...] = ()
    set_by: str = ""

    def note(self, lang: Lang) -> str:
        return self.note_vi if lang == "vi" else self.note_en


@dataclass(frozen=True)
class Document:
    name_vi: str
    name_en: str
    copies: int = 1
    original: bool = False  # must bring the original
    note_vi: str = ""
    note_en: str = ""

    def name(self, lang: Lang) -> str:
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
    #: how a paper result reaches the resident: "post" (Hanoi's rule since 1/1/2026) or
    #: "counter" where the procedure's own law says so (``delivery_note_*`` says why)
    delivery: str = "post"
    delivery_note_vi: str = ""
    delivery_note_en: str = ""
    #: which ward's unit is competent: "filing" (the ward where it is filed), "residence"
    #: (the applicant's residence on the card) or the key of an address field of the form
    competent: str = "filing"

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def agency(self, lang: Lang) -> str:
        return self.agency_vi if lang == "vi" else self.agency_en

    def description(self, lang: Lang) -> str:
        return self.description_vi if lang == "vi" else self.description_en

    def result(self, lang: Lang) -> str:
        return self.result_vi if lang == "vi" else self.result_en

    def delivery_note(self, lang: Lang) -> str:
        return self.delivery_note_vi if lang == "vi" else self.delivery_note_en

    @property
    def police(self) -> bool:
        """Residence procedures are handled by the commune police (their own forms: CT01/CT04)."""
        return self.category == "residence"
