"""The procedure's form: a few questions per page, pre-filled from the card, checked as typed."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.form import FieldKind, FieldSpec
from kiosk.domain.validation import validate_answer
from kiosk.session import Step, VisitSession
from ui.screens.base import Screen, label, scroll_area
from ui.widgets.fields import FieldWidget, make_field

#: kinds that are a page of their own (several lines each)
_BIG = {FieldKind.ADDRESS, FieldKind.PERSON, FieldKind.DELIVERY}
PAGE_SIZE = 4


def paginate(
    fields: list[FieldSpec], locked: frozenset[str] = frozenset()
) -> list[list[FieldSpec]]:
    """Split visible fields into pages.

    What the card filled and the law fixes (``locked``) is shown together on the first page,
    to be checked at a glance; then big fields (address, person, delivery) get a page each and
    the others come up to PAGE_SIZE a page.
    """
    pages: list[list[FieldSpec]] = []
    first = [f for f in fields if f.key in locked]
    if first:
        pages.append(first)
    current: list[FieldSpec] = []
    for f in fields:
        if f.key in locked:
            continue
        if f.kind in _BIG:
            if current:
                pages.append(current)
                current = []
            pages.append([f])
            continue
        current.append(f)
        if len(current) == PAGE_SIZE:
            pages.append(current)
            current = []
    if current:
        pages.append(current)
    return pages


def session_pages(session: VisitSession) -> list[list[FieldSpec]]:
    p = session.procedure
    if p is None:
        return []
    locked = frozenset(k for k, pre in session.prefilled.items() if not pre.editable)
    return paginate(p.form.visible_fields(session.answers), locked)


class FormScreen(Screen):
    step = Step.FORM
    scrollable = False

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.page_label = label(name="Muted")
        self.body.addWidget(self.page_label)
        self.holder = QWidget()
        self.fields_layout = QVBoxLayout(self.holder)
        self.fields_layout.setSpacing(28)
        self.fields_layout.addStretch(1)
        self.body.addWidget(scroll_area(self.holder), 1)
        self.summary_error = label(name="Error")
        self.summary_error.hide()
        self.body.addWidget(self.summary_error)
        self.widgets: list[FieldWidget] = []
        self._touched: set[str] = set()

    # --- pages ----------------------------------------------------------------------------
    def pages(self) -> list[list[FieldSpec]]:
        return session_pages(self.ctx.session)

    def on_enter(self) -> None:
        self._touched.clear()
        self._build_page()

    def _build_page(self) -> None:
        for w in self.widgets:
            w.setParent(None)
            w.deleteLater()
        self.widgets = []
        session = self.ctx.session
        pages = self.pages()
        if not pages:
            return
        session.form_page = min(session.form_page, len(pages) - 1)
        for spec in pages[session.form_page]:
            if spec.kind is FieldKind.AGENCY and spec.key not in session.answers:
                ward = str(self.ctx.services.config["kiosk.ward_code"])
                session.set_answer(spec.key, {"filing_ward": int(ward)} if ward.isdigit() else {})
            w = make_field(spec, self.ctx.lang)
            pre = session.prefilled.get(spec.key)
            if spec.key in session.answers:
                w.set_value(session.answers[spec.key])
            w.mark_from_card(pre is not None, pre.editable if pre else True)
            w.changed.connect(lambda w=w: self._changed(w))
            self.fields_layout.insertWidget(self.fields_layout.count() - 1, w)
            self.widgets.append(w)
        self.summary_error.hide()
        self.retranslate()

    def retranslate(self) -> None:
        p = self.ctx.session.procedure
        self.heading.setText(p.name(self.ctx.lang) if p else self.ctx.tr("form.heading"))
        pages = self.pages()
        self.page_label.setText(
            self.ctx.tr("form.page", n=self.ctx.session.form_page + 1, total=max(1, len(pages)))
        )
        for w in self.widgets:
            w.retranslate(self.ctx.lang)
        self.summary_error.setText(self.ctx.tr("form.fix_errors"))
        self._validate(show_all=False)

    # --- answers --------------------------------------------------------------------------
    def _store(self, w: FieldWidget) -> None:
        pre = self.ctx.session.prefilled.get(w.spec.key)
        if pre is not None and not pre.editable:
            return  # from the card and fixed by law: the widget is read-only anyway
        value = w.value()
        if value in ("", {}, None):
            self.ctx.session.answers.pop(w.spec.key, None)
        else:
            self.ctx.session.set_answer(w.spec.key, value)

    def _changed(self, w: FieldWidget) -> None:
        self._store(w)
        self._touched.add(w.spec.key)
        self._validate(show_all=False)
        self.navChanged.emit()

    def _validate(self, *, show_all: bool) -> bool:
        ok = True
        answers = self.ctx.session.answers
        today = self.ctx.services.clock().date()
        for w in self.widgets:
            message = validate_answer(w.spec, answers.get(w.spec.key), answers, today)
            if message is not None:
                ok = False
            shown = message is not None and (show_all or w.spec.key in self._touched)
            w.show_error(message.text(self.ctx.lang) if shown and message else "")
        return ok

    # --- navigation -----------------------------------------------------------------------
    def on_continue(self) -> None:
        for w in self.widgets:
            self._store(w)
        if not self._validate(show_all=True):
            self.summary_error.show()
            return
        session = self.ctx.session
        if session.form_page + 1 < len(self.pages()):
            session.form_page += 1
            self._touched.clear()
            self._build_page()
            self.navChanged.emit()
        else:
            session.to_review()

    def on_back(self) -> None:
        session = self.ctx.session
        for w in self.widgets:
            self._store(w)
        if session.form_page > 0:
            session.form_page -= 1
            self._build_page()
            self.navChanged.emit()
        else:
            session.back()

    def clear(self) -> None:
        for w in self.widgets:
            w.setParent(None)
            w.deleteLater()
        self.widgets = []
        self._touched.clear()
        super().clear()
