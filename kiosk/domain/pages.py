"""Form pages that do not change under the resident.

Pages are laid out over *all* the fields of a form, whatever the answers say: a field that an
answer hides (``show_if``) or that the kiosk answers (:mod:`kiosk.domain.known`) keeps its place
and is simply not shown, so "Trang 2/3" never becomes "Trang 2/4". A page with nothing to show
for the current answers is passed over, and the count stays.

A procedure may name each field's page (``page = 1`` in its TOML); otherwise the fields the card
fills and the law fixes come first (to be checked at a glance), then the others in order, as
many as fit :data:`PAGE_WEIGHT`. The filing agency is the kiosk's ward and has no page unless
the kiosk does not know its ward.
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
    """A field fixed by the card is one line of text whatever its kind."""
    return 1 if _card_fixed(spec) else WEIGHTS.get(spec.kind, 1)


def _card_fixed(spec: FieldSpec) -> bool:
    return bool(spec.from_card) and not spec.editable


def form_pages(schema: FormSchema, *, ask_agency: bool = False) -> list[list[FieldSpec]]:
    """The pages of ``schema``, each a list of fields in form order.

    ``ask_agency``: the kiosk does not know its ward, so the agency field is asked (last page).
    """
    fields = [f for f in schema.fields if ask_agency or f.kind is not FieldKind.AGENCY]
    if any(f.page for f in fields):
        return _named_pages(fields)
    ordered = [f for f in fields if _card_fixed(f)] + [f for f in fields if not _card_fixed(f)]
    pages: list[list[FieldSpec]] = []
    current: list[FieldSpec] = []
    room = PAGE_WEIGHT
    for f in ordered:
        if current and weight(f) > room:
            pages.append(current)
            current, room = [], PAGE_WEIGHT
        current.append(f)
        room -= weight(f)
    if current:
        pages.append(current)
    return pages


def _named_pages(fields: list[FieldSpec]) -> list[list[FieldSpec]]:
    """Pages as the procedure names them; a field without a page goes on the last one."""
    numbers = sorted({f.page for f in fields if f.page})
    pages: list[list[FieldSpec]] = [[] for _ in numbers]
    for f in fields:
        pages[numbers.index(f.page) if f.page else -1].append(f)
    return pages


def page_of(pages: list[list[FieldSpec]], key: str) -> int | None:
    """The index of the page holding field ``key``, or None."""
    for n, page in enumerate(pages):
        if any(f.key == key for f in page):
            return n
    return None
