"""Fees computed from a procedure's :class:`~kiosk.domain.procedure.FeeRule`.

``None`` means *unknown*: the rule lacks a figure, or the figure depends on something the kiosk
does not know yet (the page count of a certified copy). Screens show "unknown", never 0.
"""

from __future__ import annotations

from kiosk.domain.procedure import FeeRule

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


def _per_page(rule: FeeRule, pages: int, copies: int) -> int | None:
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


def format_vnd(amount: int | None, lang: str) -> str:
    """``10.000 đ`` (dots as thousands separators); unknown amounts say so."""
    if amount is None:
        return "Chưa rõ" if lang == "vi" else "Unknown"
    if amount == 0:
        return "Miễn phí" if lang == "vi" else "Free"
    return f"{amount:,}".replace(",", ".") + " đ"
