"""Errors appear after Continue (not on focus, not while typing), summarised at the top; a tap
on one goes to its field, which is marked; then they follow the answers live."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.visit.session import Step
from tests.factories import TEMP_RESIDENCE
from tests.ui.driving import click, pick, press_continue, type_into, visit_until_form
from ui.screens.form import FormScreen
from ui.widgets.fields import ChoiceField, FieldWidget
from ui.widgets.place_fields import AddressField
from ui.window.main_window import MainWindow


def field(form: FormScreen, key: str) -> FieldWidget:
    return next(w for w in form.widgets if w.spec.key == key)


def to_first_page(qtbot: QtBot, w: MainWindow) -> FormScreen:
    """Temporary residence's page 1 asks at once (the card's facts follow its questions)."""
    form = visit_until_form(qtbot, w, TEMP_RESIDENCE)
    assert form.page_label.text() == "Trang 1/2"
    return form


def shown_errors(form: FormScreen) -> dict[str, str]:
    QApplication.processEvents()
    return {w.spec.key: w.error.text() for w in form.widgets if w.error.isVisible()}


def test_no_error_on_focus_or_while_typing(qtbot: QtBot, window: MainWindow) -> None:
    form = to_first_page(qtbot, window)
    months = field(form, "months")
    months.edit.setFocus()
    type_into(qtbot, months.edit, "99")  # above the 24-month limit
    field(form, "temporary_address").focus_input()  # focus moves on
    assert shown_errors(form) == {}
    assert not form.summary.isVisible()
    assert months.property("invalid") is False


def test_continue_shows_a_summary_that_jumps_to_each_marked_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    form = to_first_page(qtbot, w)
    type_into(qtbot, field(form, "months").edit, "99")
    press_continue(qtbot, w)
    assert w.ctx.session.step is Step.FORM
    assert form.page_label.text() == "Trang 1/2"  # stays on the page
    assert shown_errors(form) == {
        "temporary_address": "Vui lòng nhập thông tin này.",
        "housing": "Vui lòng nhập thông tin này.",
        "months": "Số không được lớn hơn 24.",
    }
    assert form.summary.isVisible()
    assert form.summary_title.text() == "Vui lòng sửa 3 mục dưới đây:"
    assert list(form.error_links) == ["temporary_address", "housing", "months"]  # screen order
    assert form.error_links["months"].text() == (
        "Thời hạn tạm trú (số tháng): Số không được lớn hơn 24."
    )
    for key in form.error_links:
        assert field(form, key).property("invalid") is True  # the red border
    # a tap on an error: scrolled into view and focused
    form.area.verticalScrollBar().setValue(0)
    click(qtbot, form.error_links["months"])
    months = field(form, "months")
    assert w.focusWidget() is months.edit
    content = form.area.widget()
    assert content is not None
    top = months.edit.mapTo(content, months.edit.rect().topLeft()).y()
    scroll = form.area.verticalScrollBar().value()
    assert scroll <= top <= scroll + form.area.viewport().height()
    click(qtbot, form.error_links["housing"])
    housing = field(form, "housing")
    assert isinstance(housing, ChoiceField)
    assert w.focusWidget() is housing.buttons["rented"]


def test_errors_follow_the_answers_live_after_continue(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    form = to_first_page(qtbot, w)
    press_continue(qtbot, w)
    assert set(shown_errors(form)) == {"temporary_address", "housing", "months"}
    type_into(qtbot, field(form, "months").edit, "6")
    assert set(shown_errors(form)) == {"temporary_address", "housing"}
    assert field(form, "months").property("invalid") is False
    assert form.summary_title.text() == "Vui lòng sửa 2 mục dưới đây:"
    housing = field(form, "housing")
    assert isinstance(housing, ChoiceField)
    click(qtbot, housing.buttons["rented"])
    # the host's name shows now (same page, same count) and is refused while empty
    assert field(form, "host_name").isVisible()
    assert form.page_label.text() == "Trang 1/2"
    assert set(shown_errors(form)) == {"temporary_address", "host_name"}
    type_into(qtbot, field(form, "host_name").edit, "Trần Thị Bình")
    address = field(form, "temporary_address")
    assert isinstance(address, AddressField)
    pick(qtbot, address.commune, "Phường Láng", "lang")
    assert shown_errors(form) == {
        "temporary_address": "Vui lòng nhập số nhà, tên đường (thôn, xóm)."
    }
    type_into(qtbot, address.street, "Số 5 ngõ 10 Láng Hạ")
    assert shown_errors(form) == {}
    assert not form.summary.isVisible()
    press_continue(qtbot, w)
    assert form.page_label.text() == "Trang 2/2"
    assert shown_errors(form) == {}  # a new page starts without errors
    assert not form.summary.isVisible()


def test_english_summary_and_date_hints(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    form = to_first_page(qtbot, w)
    click(qtbot, w.lang_button)
    assert w.ctx.lang == "en"
    press_continue(qtbot, w)
    assert form.summary_title.text() == "Please correct 3 answers below:"
    assert form.error_links["months"].text().startswith("Length of stay (months): ")
    assert field(form, "months").error.text() == "Please fill this in."


def test_date_fields_say_ngay_thang_nam_in_vietnamese() -> None:
    from kiosk.domain.form import FieldKind, FieldSpec
    from ui.widgets.field_factory import make_field
    from ui.widgets.fields import PersonField

    date_field = make_field(FieldSpec("d", FieldKind.DATE, "Ngày", "Date"), "vi")
    assert date_field.edit.placeholderText() == "ngày/tháng/năm"
    date_field.retranslate("en")
    assert date_field.edit.placeholderText() == "dd/mm/yyyy"
    person = make_field(FieldSpec("p", FieldKind.PERSON, "Người", "Person"), "vi")
    assert isinstance(person, PersonField)
    vi_texts = [lab.text() for lab in person.part_labels.values()]
    vi_texts += [e.placeholderText() for e in person.parts.values()]
    assert "Ngày sinh (ngày/tháng/năm)" in vi_texts
    assert not [t for t in vi_texts if "dd/mm" in t or "yyyy" in t]
