"""Fees computed from a procedure's :class:`~kiosk.domain.procedure.FeeRule`.

``None`` means *unknown*: the rule lacks a figure, or the figure depends on something the kiosk
does not know yet (the page count of a certified copy). Screens show "unknown", never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kiosk.domain.procedure import FeeRate, FeeRule
from kiosk.lang import Lang

FEE_KINDS = frozenset({"free", "fixed", "per_copy", "per_page", "unknown"})


def compute_fee(
    rule: FeeRule,
    *,
    pages: int = 0,
    online: bool = True,
    copies: int = 1,
    exempt: bool = False,
) -> int | None:
    """The fee in VND for one filing.

    Args:
        rule: the procedure's fee rule.
        pages: pages of the document (``per_page`` rules only; 0 = not known yet -> None).
        online: filed online (the kiosk files through the portal); uses ``online_amount``
            where the rule has one.
        copies: number of copies requested (``per_copy`` and ``per_page`` rules).
        exempt: the resident belongs to an exempted group (decided by staff).
    """
    if copies < 1 or pages < 0:
        raise ValueError("copies must be >= 1 and pages >= 0")
    if rule.kind == "free" or exempt:
        return 0
    if rule.kind == "fixed":
        if online and rule.online_amount is not None:
            return rule.online_amount
        return rule.amount
    if rule.kind == "per_copy":
        each = rule.online_amount if online and rule.online_amount is not None else rule.amount
        return None if each is None else each * copies
    if rule.kind == "per_page":
        return _per_page(rule, pages, copies)
    return None


def _per_page(rule: FeeRule | FeeRate, pages: int, copies: int) -> int | None:
    if pages == 0 or rule.first_pages_amount is None:
        return None
    first = min(pages, rule.first_pages)
    rest = pages - first
    if rest and rule.next_page_amount is None:
        return None
    one = first * rule.first_pages_amount + rest * (rule.next_page_amount or 0)
    if rule.cap is not None:
        one = min(one, rule.cap)
    return one * copies


def format_vnd(amount: int | None, lang: Lang = "vi", *, in_words: bool = False) -> str:
    """``10.000 đ`` on screens, ``10.000 đồng`` with ``in_words`` (the receipt, Form 01's
    wording); dots as thousands separators. Unknown and zero amounts say so."""
    if amount is None:
        return "Chưa rõ" if lang == "vi" else "Unknown"
    if amount == 0:
        return "Miễn phí" if lang == "vi" else "Free"
    return f"{amount:,}".replace(",", ".") + (" đồng" if in_words else " đ")


def _int_answer(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return default


def fee_for_answers(
    rule: FeeRule, answers: Mapping[str, object], *, online: bool = True
) -> int | None:
    """The fee once the form is filled: reads the ``pages`` and ``copies`` answers."""
    pages = max(_int_answer(answers.get("pages"), 0), 0)
    copies = max(_int_answer(answers.get("copies"), 1), 1)
    return compute_fee(rule, pages=pages, online=online, copies=copies)


def describe_fee(rule: FeeRule, lang: Lang) -> str:
    """One line for the procedure page, e.g. "15.000 đ (nộp trực tuyến: 7.000 đ)"."""
    vi = lang == "vi"
    if rule.kind == "free":
        return format_vnd(0, lang)
    if rule.kind == "fixed" and rule.amount is not None:
        text = format_vnd(rule.amount, lang)
        if rule.online_amount is not None:
            online = format_vnd(rule.online_amount, lang)
            text += f" (nộp trực tuyến: {online})" if vi else f" (online: {online})"
        return text
    if rule.kind == "per_copy" and rule.amount is not None:
        return format_vnd(rule.amount, lang) + (" / bản" if vi else " per copy")
    if rule.kind == "per_page" and rule.first_pages_amount is not None:
        first = format_vnd(rule.first_pages_amount, lang)
        nxt = format_vnd(rule.next_page_amount, lang)
        n = rule.first_pages
        cap = format_vnd(rule.cap, lang) if rule.cap is not None else ""
        if vi:
            text = f"{first}/trang cho {n} trang đầu, {nxt}/trang từ trang {n + 1}"
            return text + (f", tối đa {cap}/bản" if cap else "")
        text = f"{first} per page for the first {n} pages, {nxt} per page after"
        return text + (f", at most {cap} per copy" if cap else "")
    return format_vnd(None, lang) + (f" - {rule.note(lang)}" if rule.note(lang) else "")


def _rate_amount(rate: FeeRate, pages: int, copies: int) -> int | None:
    """What ``rate`` asks for these pages and copies, before any support (None: unknown)."""
    if rate.kind == "free":
        return 0
    if rate.kind == "fixed":
        return rate.amount
    if rate.kind == "per_copy":
        return None if rate.amount is None else rate.amount * copies
    if rate.kind == "per_page":
        return _per_page(rate, pages, copies)
    return None


@dataclass(frozen=True)
class FeeQuote:
    """The fee of one filing and the rule behind it.

    ``amount`` is what the rate asks; ``due`` what the resident pays now (``None``: not known
    - the counter tells, and no payment QR is shown). ``rate`` is the rule applied (None when
    the catalog has no rate in force for this channel and day).
    """

    amount: int | None
    due: int | None
    rate: FeeRate | None
    channel: str
    pages: int = 0
    copies: int = 1

    @property
    def legal_basis(self) -> str:
        return self.rate.legal_basis if self.rate is not None else ""

    @property
    def covered(self) -> bool:
        """The city pays the amount (Hanoi Resolution 77/2025 for online filings)."""
        return self.rate is not None and self.rate.support in ("zero", "covered")

    def rule_text(self, lang: Lang) -> str:
        """The rule behind the amount, one line, e.g. "Nghị quyết 77/2025/NQ-HĐND: ..."."""
        vi = lang == "vi"
        if self.rate is None:
            return "Chưa có quy định về lệ phí trong danh mục" if vi else "No fee rule on file"
        note = self.rate.note(lang)
        return f"{self.rate.legal_basis}: {note}" if note else self.rate.legal_basis

    def due_text(self, lang: Lang) -> str:
        """What the resident is told to pay: "0 đ", "24.000 đ" or why it is not known."""
        vi = lang == "vi"
        if self.due is not None:
            return format_vnd(self.due, lang)
        if self.rate is not None and self.rate.settlement == "unknown":
            return (
                "Chưa rõ (được hỗ trợ 100% - chưa rõ không thu hay thu rồi hoàn trả)"
                if vi
                else "Not known (covered 100% - not known whether not collected or refunded)"
            )
        return format_vnd(None, lang)


def rule_for(rule: FeeRule, channel: str, day: date) -> FeeRate | None:
    """The rate in force for ``channel`` on ``day``: of those that apply, the one in force
    since the latest date, a rate for this very channel before one for "any"."""
    iso = day.isoformat()
    live = [r for r in rule.rates if r.applies(channel, iso)]
    if not live:
        return None
    return max(live, key=lambda r: (r.valid_from, r.channel == channel))


def answer_counts(answers: Mapping[str, object]) -> tuple[int, int]:
    """(pages, copies) from the ``pages`` and ``copies`` answers (0 and 1 when absent)."""
    pages = max(_int_answer(answers.get("pages"), 0), 0)
    copies = max(_int_answer(answers.get("copies"), 1), 1)
    return pages, copies


def quote_fee(rule: FeeRule, answers: Mapping[str, object], *, channel: str, day: date) -> FeeQuote:
    """The fee for these answers filed through ``channel`` on ``day``.

    With dated rates (:attr:`FeeRule.rates`) the rate in force decides; without (an older
    catalog entry) the rule's own figures are used as before, with no legal basis to show.
    """
    pages, copies = answer_counts(answers)
    if not rule.rates:
        amount = compute_fee(rule, pages=pages, copies=copies, online=channel == "online")
        return FeeQuote(amount, amount, None, channel, pages, copies)
    rate = rule_for(rule, channel, day)
    if rate is None:
        return FeeQuote(None, None, None, channel, pages, copies)
    amount = _rate_amount(rate, pages, copies)
    due: int | None
    if rate.support == "zero" or (rate.support == "covered" and rate.settlement == "not_collected"):
        due = 0
    elif rate.support == "covered" and rate.settlement != "refunded":
        due = None  # covered, but how is not known: the counter tells
    else:
        due = amount
    return FeeQuote(amount, due, rate, channel, pages, copies)


def describe_fee_on(rule: FeeRule, lang: Lang, *, channel: str, day: date) -> str:
    """The procedure page's line for a filing through ``channel`` on ``day``: the rate in force,
    what the city's support does to it, and its legal basis, e.g. "7.000 đ - thành phố hỗ trợ
    100% khi nộp trực tuyến; ... (Luật Cư trú 2020; ...; Nghị quyết 77/2025/NQ-HĐND)".
    Without dated rates, :func:`describe_fee`."""
    rate = rule_for(rule, channel, day) if rule.rates else None
    if rate is None:
        return describe_fee(rule, lang)
    amount = describe_fee(
        FeeRule(
            kind=rate.kind,
            amount=rate.amount,
            first_pages=rate.first_pages,
            first_pages_amount=rate.first_pages_amount,
            next_page_amount=rate.next_page_amount,
            cap=rate.cap,
        ),
        lang,
    )
    if rate.kind == "unknown" and rate.support == "zero":
        amount = format_vnd(0, lang)  # whatever the council's figure, online it is 0 đ
    note = rate.note(lang)
    return f"{amount} - {note} ({rate.legal_basis})" if note else f"{amount} ({rate.legal_basis})"


def describe_due_on(rule: FeeRule, lang: Lang, *, channel: str, day: date) -> str:
    """What the procedure page says is paid when filing through ``channel`` on ``day``,
    before any answer: "0 đ", "15.000 đ", "8.000 đ / bản", "theo số trang và số bản" or why it
    is not known. The rule behind it is :func:`describe_fee_on`."""
    vi = lang == "vi"
    quote = quote_fee(rule, {}, channel=channel, day=day)
    rate = quote.rate
    if quote.due == 0:
        return "0 đ"
    how_unknown = rate is not None and rate.support == "covered" and rate.settlement == "unknown"
    if rate is not None and not how_unknown:
        if rate.kind == "per_copy" and rate.amount is not None:
            return format_vnd(rate.amount, lang) + (" / bản" if vi else " per copy")
        if rate.kind == "per_page" and rate.first_pages_amount is not None:
            return "Tính theo số trang và số bản" if vi else "By the pages and copies"
    if quote.due is None and rate is None and rule.rates:
        return (
            "Chưa rõ - không có quy định đang áp dụng, cán bộ sẽ thông báo"
            if vi
            else "Not known - no rule in force on file, staff will tell you"
        )
    return quote.due_text(lang)
