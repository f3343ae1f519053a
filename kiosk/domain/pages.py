"""Form pages that do not change under the resident.

Pages are laid out over *all* the fields of a form, whatever the answers say: a field that an
answer hides (``show_if``) or that the kiosk answers (:mod:`kiosk.domain.known`) keeps its place
and is simply not shown, so "Trang 2/3" never becomes "Trang 2/4". A page with nothing to show
for the current answers is passed over, and the count stays.

A procedure may name each field's page (``page = 1`` in its TOML); otherwise the fields the
resident answers go in order, as many as fit :data:`PAGE_WEIGHT`. The facts the card fixes
(name, birth date, ID number... shown as text, marked "from your ID card") are never a page of
their own: they go on the first page that asks something, and on every page the questions come
first, so the first question is in view without scrolling and the facts follow, to be checked
at a glance (the check-your-answers page lists them again). A form that asks nothing has no
page. The filing agency is the kiosk's ward and has no page unless the kiosk does not know its
ward.
"""

from __future__ import annotations

from kiosk.domain.form import FieldKind, FieldSpec, FormSchema

#: how much of a page a field takes: its lines on screen, roughly
WEIGHTS: dict[FieldKind, int] = {
    FieldKind.ADDRESS: 2,
    FieldKind.PERSON: 3,
    FieldKind.DELIVERY: 3,
}
#: what one page holds
PAGE_WEIGHT = 5


def weight(spec: FieldSpec) -> int:
    """A field fixed by the card takes no room: it follows the questions, as text."""
    return 0 if card_fixed(spec) else WEIGHTS.get(spec.kind, 1)


def card_fixed(spec: FieldSpec) -> bool:
    """The card fills it and the resident cannot change it: a fact shown, not a question."""
    return bool(spec.from_card) and not spec.editable


def form_pages(schema: FormSchema, *, ask_agency: bool = False) -> list[list[FieldSpec]]:
    """The pages of ``schema``, each a list of fields in form order.

    ``ask_agency``: the kiosk does not know its ward, so the agency field is asked (last page).
    """
    fields = [f for f in schema.fields if ask_agency or f.kind is not FieldKind.AGENCY]
    pages = _named_pages(fields) if any(f.page for f in fields) else _weighed_pages(fields)
    return _fold_facts(pages)


def _weighed_pages(fields: list[FieldSpec]) -> list[list[FieldSpec]]:
    """The questions in order, as many a page as fit; the card's facts on the first page."""
    facts = [f for f in fields if card_fixed(f)]
    pages: list[list[FieldSpec]] = []
    current: list[FieldSpec] = []
    room = PAGE_WEIGHT
    for f in fields:
        if card_fixed(f):
            continue
        if current and weight(f) > room:
            pages.append(current)
            current, room = [], PAGE_WEIGHT
        current.append(f)
        room -= weight(f)
    if current:
        pages.append(current)
    if pages:
        pages[0] += facts
    return pages


def _named_pages(fields: list[FieldSpec]) -> list[list[FieldSpec]]:
    """Pages as the procedure names them; a field without a page goes on the last one."""
    numbers = sorted({f.page for f in fields if f.page})
    pages: list[list[FieldSpec]] = [[] for _ in numbers]
    for f in fields:
        pages[numbers.index(f.page) if f.page else -1].append(f)
    return pages


def _fold_facts(pages: list[list[FieldSpec]]) -> list[list[FieldSpec]]:
    """No page of facts alone: such a page joins the next page that asks something (the
    previous one when none follows); on every page the questions come before the facts."""
    asking: list[list[FieldSpec]] = []
    waiting: list[FieldSpec] = []
    for page in pages:
        if all(card_fixed(f) for f in page):
            waiting += page
            continue
        asking.append(page + waiting)
        waiting = []
    if asking:
        asking[-1] += waiting
    return [
        [f for f in page if not card_fixed(f)] + [f for f in page if card_fixed(f)]
        for page in asking
    ]


def page_of(pages: list[list[FieldSpec]], key: str) -> int | None:
    """The index of the page holding field ``key``, or None."""
    for n, page in enumerate(pages):
        if any(f.key == key for f in page):
            return n
    return None
