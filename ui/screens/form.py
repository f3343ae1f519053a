"""The procedure's form, a page at a time.

The engine decides what is asked: the pages (:meth:`VisitSession.form_pages`, the same all
visit long), which fields show (:meth:`VisitSession.is_shown`) and what is already known
(:mod:`kiosk.domain.known`, shown marked "from your ID card" where it came from the card).
Errors appear after Continue, not while typing: a summary at the top lists them, a tap on one
scrolls to its field and focuses it, and from then on they follow the answers live.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain.form import FieldSpec
from kiosk.domain.validation import Message, validate_answer
from kiosk.visit.session import Step, VisitSession
from ui.context import UiContext
from ui.screens.base import Screen, empty_layout, label, refit, scroll_area
from ui.widgets.field_factory import make_field
from ui.widgets.fields import FieldWidget

_SUMMARY = {
    "vi": ("Vui lòng sửa {n} mục dưới đây:", "Chạm vào một mục để đến ô cần sửa."),
    "en": ("Please correct {n} answers below:", "Tap one to go to its field."),
}


def session_pages(session: VisitSession) -> list[list[FieldSpec]]:
    """The form's pages (every field, shown or not), as the review page numbers them."""
    return session.form_pages()


def shown_on(session: VisitSession, page: list[FieldSpec]) -> list[FieldSpec]:
    return [f for f in page if session.is_shown(f)]


class FormScreen(Screen):
    step = Step.FORM
    scrollable = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.page_label = label(name="Muted")
        self.page_label.setObjectName("FormPage")
        self.body.addWidget(self.page_label)
        self.summary = QFrame()
        self.summary.setObjectName("ErrorSummary")
        summary_layout = QVBoxLayout(self.summary)
        summary_layout.setContentsMargins(24, 16, 24, 16)
        self.summary_title = label(name="Error")
        self.summary_hint = label(name="Muted")
        summary_layout.addWidget(self.summary_title)
        summary_layout.addWidget(self.summary_hint)
        self.summary_links = QVBoxLayout()
        summary_layout.addLayout(self.summary_links)
        self.summary.hide()
        self.holder = QWidget()
        self.fields_layout = QVBoxLayout(self.holder)
        self.fields_layout.setSpacing(36)
        # at the top of the page, scrolling with it (the keyboard leaves little room to spare)
        self.fields_layout.addWidget(self.summary)
        self.fields_layout.addStretch(1)
        self.area: QScrollArea = scroll_area(self.holder)
        self.body.addWidget(self.area, 1)
        self.widgets: list[FieldWidget] = []
        self.error_links: dict[str, QPushButton] = {}
        #: errors are shown (and kept up to date) once Continue was pressed on this page
        self.checked = False
        self._locked: set[str] = set()

    # --- pages ----------------------------------------------------------------------------
    def pages(self) -> list[list[FieldSpec]]:
        return session_pages(self.ctx.session)

    def on_enter(self) -> None:
        self.checked = False
        session = self.ctx.session
        pages = self.pages()
        if pages:
            session.form_page = self._page_with_questions(min(session.form_page, len(pages) - 1))
        self._build_page()

    def _page_with_questions(self, start: int, step: int = 1) -> int:
        """``start`` or the next page (in the ``step`` direction) that shows something; a page
        whose fields are all hidden or known is passed over, and keeps its number."""
        session = self.ctx.session
        pages = self.pages()
        n = start
        while 0 <= n < len(pages):
            if shown_on(session, pages[n]):
                return n
            n += step
        return n

    def _drop_widgets(self) -> None:
        for w in self.widgets:
            w.close_pickers()
            w.setParent(None)
            w.deleteLater()
        self.widgets = []

    def _build_page(self) -> None:
        self._drop_widgets()
        session = self.ctx.session
        pages = self.pages()
        if not pages or not 0 <= session.form_page < len(pages):
            return
        for spec in pages[session.form_page]:
            w = make_field(spec, self.ctx.lang)
            if spec.key in session.answers:
                w.set_value(session.answers[spec.key])
            pre = session.prefilled.get(spec.key)
            w.mark_from_card(pre is not None and pre.from_card, pre.editable if pre else True)
            w.changed.connect(lambda w=w: self._changed(w))
            self.fields_layout.insertWidget(self.fields_layout.count() - 1, w)
            self.widgets.append(w)
        self._remember_locked()
        self._show_shown()
        self.area.verticalScrollBar().setValue(0)
        self.retranslate()
        refit(self.holder)

    def _show_shown(self) -> None:
        """Show the fields the engine shows for the answers as they are now."""
        session = self.ctx.session
        for w in self.widgets:
            w.setVisible(session.is_shown(w.spec))

    def shown_widgets(self) -> list[FieldWidget]:
        return [w for w in self.widgets if self.ctx.session.is_shown(w.spec)]

    def retranslate(self) -> None:
        p = self.ctx.session.procedure
        self.heading.setText(p.name(self.ctx.lang) if p else self.ctx.tr("form.heading"))
        pages = self.pages()
        self.page_label.setText(
            self.ctx.tr("form.page", n=self.ctx.session.form_page + 1, total=max(1, len(pages)))
        )
        for w in self.widgets:
            w.retranslate(self.ctx.lang)
        self._validate()

    # --- answers --------------------------------------------------------------------------
    def _store(self, w: FieldWidget) -> None:
        session = self.ctx.session
        pre = session.prefilled.get(w.spec.key)
        if pre is not None and not pre.editable:
            return  # known for sure (the card, the law): the widget is read-only anyway
        value = w.value()
        if value in ("", {}, None):
            if w.spec.key in session.answers:
                session.clear_answer(w.spec.key)
        elif value != session.answers.get(w.spec.key):
            session.set_answer(w.spec.key, value)

    def _changed(self, w: FieldWidget) -> None:
        self._store(w)
        self._refresh_known_widgets(w)
        self._show_shown()
        self._validate()
        refit(self.holder)  # fields shown or hidden: the page's height changed
        self.navChanged.emit()

    def _refresh_known_widgets(self, source: FieldWidget) -> None:
        """Show values the engine now knows because of this answer (locked ones only: an
        editable field keeps what is on screen)."""
        session = self.ctx.session
        for w in self.widgets:
            if w is source:
                continue
            pre = session.prefilled.get(w.spec.key)
            was_locked = w.spec.key in self._locked
            if (pre is not None and not pre.editable) or was_locked:
                w.set_value(session.answers.get(w.spec.key))
            w.mark_from_card(pre is not None and pre.from_card, pre.editable if pre else True)
        self._remember_locked()

    def _remember_locked(self) -> None:
        prefilled = self.ctx.session.prefilled
        self._locked = {k for k, pre in prefilled.items() if not pre.editable}

    def errors(self) -> dict[str, Message]:
        """The refusals of the fields shown on this page, by key, in screen order."""
        session = self.ctx.session
        answers = session.answers
        today = self.ctx.services.clock().date()
        out: dict[str, Message] = {}
        for w in self.shown_widgets():
            message = validate_answer(w.spec, answers.get(w.spec.key), answers, today)
            if message is not None:
                out[w.spec.key] = message
        return out

    def _validate(self) -> bool:
        errors = self.errors()
        lang = self.ctx.lang
        for w in self.widgets:
            message = errors.get(w.spec.key) if self.checked else None
            w.show_error(message.text(lang) if message else "")
        self._show_summary(errors if self.checked else {})
        return not errors

    def _show_summary(self, errors: dict[str, Message]) -> None:
        empty_layout(self.summary_links)
        self.error_links = {}
        lang = self.ctx.lang
        title, hint = _SUMMARY[lang]
        self.summary_title.setText(title.format(n=len(errors)))
        self.summary_hint.setText(hint)
        for w in self.widgets:
            message = errors.get(w.spec.key)
            if message is None:
                continue
            link = QPushButton(f"{w.spec.label(lang)}: {message.text(lang)}")
            link.setObjectName("Link")
            link.setProperty("role", "error-link")
            link.setProperty("error_for", w.spec.key)
            link.clicked.connect(lambda _=False, key=w.spec.key: self.jump_to(key))
            self.summary_links.addWidget(link)
            self.error_links[w.spec.key] = link
        self.summary.setVisible(bool(errors))

    def jump_to(self, key: str) -> None:
        """Scroll to field ``key`` and put the focus in it."""
        for w in self.widgets:
            if w.spec.key == key:
                target = w.focus_target()
                # every scroll area it is in, innermost first (the screen's body may be one too)
                parent = target.parentWidget()
                while parent is not None:
                    if isinstance(parent, QScrollArea):
                        parent.ensureWidgetVisible(w, 0, 24)
                        parent.ensureWidgetVisible(target, 0, 48)
                    parent = parent.parentWidget()
                w.focus_input()
                return

    # --- navigation -----------------------------------------------------------------------
    def on_continue(self) -> None:
        for w in self.shown_widgets():
            self._store(w)
        self._show_shown()
        self.checked = True
        if not self._validate():
            self.area.verticalScrollBar().setValue(0)  # the summary is read first
            return
        session = self.ctx.session
        following = self._page_with_questions(session.form_page + 1)
        if following < len(self.pages()):
            session.form_page = following
            self.checked = False
            self._build_page()
            self.navChanged.emit()
        else:
            session.to_review()

    def on_back(self) -> None:
        session = self.ctx.session
        for w in self.shown_widgets():
            self._store(w)
        previous = self._page_with_questions(session.form_page - 1, step=-1)
        if previous >= 0:
            session.form_page = previous
            self.checked = False
            self._build_page()
            self.navChanged.emit()
        else:
            session.back()

    def clear(self) -> None:
        self._drop_widgets()
        self._show_summary({})
        self.checked = False
        super().clear()
