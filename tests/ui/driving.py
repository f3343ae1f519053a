"""Drive the kiosk window as a resident would: clicks and typing, no shortcuts into the model."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.form import FieldKind
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from ui.screens.form import FormScreen
from ui.widgets.fields import ChoiceField, FieldWidget, PersonField
from ui.widgets.picker import PickerButton
from ui.widgets.place_fields import AddressField, AgencyField, DeliveryField
from ui.window.main_window import MainWindow

TYPED = {
    FieldKind.TEXT: "Làm việc tại Hà Nội",
    FieldKind.PERSON_NAME: "Trần Thị Bình",
    FieldKind.NUMBER: "6",
    FieldKind.PHONE: "0912345678",
    FieldKind.EMAIL: "an@example.com",
    FieldKind.DATE: "01/02/2020",
    FieldKind.ID_NUMBER: "001089012345",
}
PERSON = {"full_name": "Nguyễn Thị Hoa", "date_of_birth": "02/03/2025", "id_number": ""}


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    QApplication.processEvents()  # widgets added to a shown page become visible here
    assert button.isVisible(), button.objectName()
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget | QWindow, text: str) -> None:
    """Key events carrying each character, as a keyboard with an input method sends them.

    (QTest's keyClicks only knows ASCII keys; Vietnamese letters would abort it.)
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        type_text(edit, text)


def press_continue(qtbot: QtBot, w: MainWindow) -> None:
    click(qtbot, w.continue_button)


def step_now(w: MainWindow) -> Step:
    """The session's step, read afresh: mypy keeps what `assert w.ctx.session.step is X`
    narrowed across the taps that move the session on, so checks after a tap read it here."""
    return w.ctx.session.step


def pick(qtbot: QtBot, picker: PickerButton, text: str, query: str = "") -> None:
    """Open the in-window list, type ``query`` in its filter (when given), tap ``text``."""
    click(qtbot, picker)
    panel = picker.panel
    assert panel is not None
    assert panel.isVisible()
    if query:
        assert panel.filter.isVisible()
        type_into(qtbot, panel.filter, query)
    row = next(i for i in panel.visible_rows() if i.text() == text)
    panel.list.scrollToItem(row)
    QApplication.processEvents()
    rect = panel.list.visualItemRect(row)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: picker.panel is None, timeout=2000)


def fill_field(qtbot: QtBot, f: FieldWidget, delivery: str | None = "counter") -> None:
    """Answer ``f`` if it is shown and not answered yet (what is known is left as it is);
    ``delivery=None`` keeps the way of delivery the kiosk proposed."""
    QApplication.processEvents()
    if not f.isVisible():
        return
    if isinstance(f, DeliveryField):
        if delivery is not None and f.value().get("method") != delivery:
            click(qtbot, f.method.buttons[delivery])
        elif not f.value():
            click(qtbot, f.method.buttons["counter"])
    elif isinstance(f, ChoiceField):
        if not f.value():
            click(qtbot, next(iter(f.buttons.values())))
    elif isinstance(f, AddressField):
        if not f.value() and f.street.isVisibleTo(f):
            pick(qtbot, f.commune, "Phường Láng", "lang")
            type_into(qtbot, f.street, "Số 5 ngõ 10 Láng Hạ")
    elif isinstance(f, PersonField):
        adult = any(r.startswith("age_at_least:") for r in f.spec.rules)
        person = {**PERSON, "date_of_birth": "02/03/1995"} if adult else PERSON
        for key, edit in f.parts.items():
            if not edit.isReadOnly() and not edit.text() and person.get(key):
                type_into(qtbot, edit, person[key])
        if f.sex is not None and not f.sex.value():
            click(qtbot, f.sex.buttons["Nữ"])
    elif isinstance(f, AgencyField):
        pass  # the kiosk's ward
    elif not f.edit.isReadOnly() and not f.edit.text():
        text = TYPED.get(f.spec.kind, "Nội dung")
        if f.spec.kind is FieldKind.DATE and "not_past" in f.spec.rules:
            text = "01/06/2027"  # a date to come (the tests' today is 23/11/2026)
        type_into(qtbot, f.edit, text)


def visit_until_receipt(
    qtbot: QtBot, w: MainWindow, procedure_code: str, delivery: str | None = "counter"
) -> None:
    """Home -> ... -> receipt, typing only on the screen, reading the card with the keys."""
    visit_until_review(qtbot, w, procedure_code, delivery)
    press_continue(qtbot, w)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.RECEIPT, timeout=20000)


def visit_until_form(qtbot: QtBot, w: MainWindow, procedure_code: str) -> FormScreen:
    """Home -> procedure -> consent -> identify (card read with its keys) -> the form."""
    home = w.screens[Step.HOME]
    type_into(qtbot, home.search, procedure_code)  # type: ignore[attr-defined]
    tile = next(
        t
        for t in home.tiles  # type: ignore[attr-defined]
        if t.isVisible() and t.property("procedure") == procedure_code
    )
    click(qtbot, tile)
    assert step_now(w) is Step.PROCEDURE
    press_continue(qtbot, w)
    assert step_now(w) is Step.CONSENT
    press_continue(qtbot, w)
    assert step_now(w) is Step.IDENTIFY
    ident = w.screens[Step.IDENTIFY]
    type_into(qtbot, ident.number, SAMPLE_CITIZEN.id_number)  # type: ignore[attr-defined]
    click(qtbot, ident.read_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: w.continue_button.isEnabled() or ident.dob.isVisible(),  # type: ignore[attr-defined]
        timeout=15000,
    )
    if ident.dob.isVisible():  # type: ignore[attr-defined]
        # a card without PACE: the screen asks for the birth date, the number stays typed
        type_into(qtbot, ident.dob, SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y"))  # type: ignore[attr-defined]
        click(qtbot, ident.read_button)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: w.continue_button.isEnabled(), timeout=15000)
    press_continue(qtbot, w)
    assert step_now(w) is Step.FORM
    form = w.screens[Step.FORM]
    assert isinstance(form, FormScreen)
    return form


def visit_until_review(
    qtbot: QtBot, w: MainWindow, procedure_code: str, delivery: str | None = "counter"
) -> None:
    """Home -> ... -> check your answers, answering whatever the form asks."""
    form = visit_until_form(qtbot, w, procedure_code)
    for _ in range(20):
        for f in list(form.widgets):
            fill_field(qtbot, f, delivery)
        press_continue(qtbot, w)
        if w.ctx.session.step is not Step.FORM:
            break
    assert w.ctx.session.step is Step.REVIEW, [w.ctx.session.answers] + [
        (f.spec.key, f.error.text()) for f in form.widgets
    ]


def buttons(w: MainWindow) -> list[QPushButton]:
    return w.findChildren(QPushButton)
