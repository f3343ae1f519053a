"""Birth registration as the demo card's holder, the child's father: nothing the card holds is
typed, the mother's name comes from his card, the result goes by post to his residence."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.visit.session import Step
from tests.factories import BIRTH
from tests.fakes import FakeGateway
from tests.ui.driving import click, press_continue, type_into, visit_until_form
from ui.screens.form import FormScreen
from ui.widgets.fields import ChoiceField, FieldWidget, PersonField
from ui.widgets.place_fields import DeliveryField
from ui.window.main_window import MainWindow


def field(form: FormScreen, key: str) -> FieldWidget:
    return next(w for w in form.widgets if w.spec.key == key)


def shown_keys(form: FormScreen) -> list[str]:
    QApplication.processEvents()
    return [w.spec.key for w in form.widgets if w.isVisible()]


def relationship(form: FormScreen, who: str) -> QPushButton:
    """The relationship choice's button for `who` (father, mother, grandparent...)."""
    button = form.findChild(QPushButton, f"choice-relationship-{who}")
    assert button is not None
    return button


def test_birth_registration_as_the_father_types_only_the_child_and_a_phone(
    qtbot: QtBot, window: MainWindow, gateway: FakeGateway
) -> None:
    w = window
    form = visit_until_form(qtbot, w, BIRTH)
    typed: list[str] = []
    touches = 0  # taps on the form pages besides the keys typed

    def type_in(edit: QLineEdit, text: str) -> None:
        nonlocal touches
        touches += 1  # the tap into the field
        typed.append(edit.objectName())
        type_into(qtbot, edit, text)

    def tap(button: QPushButton | None) -> None:
        nonlocal touches
        touches += 1
        assert button is not None
        click(qtbot, button)

    # page 1: who you are to the child first, then you, from the card (fixed)
    assert form.page_label.text() == "Trang 1/3"
    assert shown_keys(form) == [
        "relationship", "applicant_name", "applicant_dob", "applicant_sex", "applicant_id",
        "applicant_residence",
    ]  # fmt: skip
    assert field(form, "applicant_name").marker.isVisible()
    assert field(form, "applicant_name").edit.isReadOnly()
    assert field(form, "applicant_name").fixed.text() == SAMPLE_CITIZEN.full_name  # as text
    assert not field(form, "applicant_name").box.isVisible()  # no box to type in
    tap(form.findChild(QPushButton, "choice-relationship-father"))
    tap(w.continue_button)

    # page 2: the child; ethnicity and nationality already follow the father
    assert form.page_label.text() == "Trang 2/3"
    child = field(form, "child")
    assert isinstance(child, PersonField)
    assert set(child.parts) == {"full_name", "date_of_birth"}  # a newborn has no ID number yet
    assert child.part_labels["date_of_birth"].text() == "Ngày sinh (ngày/tháng/năm)"
    type_in(child.parts["full_name"], "Nguyễn Thị Mai")
    type_in(child.parts["date_of_birth"], "01/11/2026")
    assert child.sex is not None
    tap(child.sex.buttons["Nữ"])
    type_in(field(form, "child_birth_place").edit, "Bệnh viện Phụ sản Hà Nội")
    assert field(form, "child_ethnicity").edit.text() == "Kinh"
    assert field(form, "child_nationality").edit.text() == "Việt Nam"
    assert not field(form, "child_ethnicity").edit.isReadOnly()  # a default: may be changed
    tap(w.continue_button)

    # page 3: the parents, the phone, the delivery
    assert form.page_label.text() == "Trang 3/3"
    assert "has_father" not in shown_keys(form)  # he is the father: not asked
    father = field(form, "father")
    assert isinstance(father, PersonField)
    assert father.isVisible()
    assert father.marker.isVisible()
    assert father.parts["full_name"].text() == SAMPLE_CITIZEN.full_name
    assert father.parts["full_name"].isReadOnly()
    assert father.parts["id_number"].text() == SAMPLE_CITIZEN.id_number
    assert father.fixed.isVisible()
    assert f"Họ và tên: {SAMPLE_CITIZEN.full_name}" in father.fixed.text()
    assert "Dân tộc: Kinh" in father.fixed.text()
    assert SAMPLE_CITIZEN.place_of_residence in father.fixed.text()
    mother = field(form, "mother")
    assert isinstance(mother, PersonField)
    assert mother.parts["full_name"].text() == "Trần Thị Hoa"  # the card's spouse
    assert not mother.parts["full_name"].isReadOnly()
    assert mother.marker.isVisible()
    delivery = field(form, "delivery")
    assert isinstance(delivery, DeliveryField)
    assert delivery.method.value() == "post"
    assert delivery.address.commune.current_text() == "Phường Ba Đình"
    assert delivery.address.street.text() == "Số 12 ngõ 34 phố Đội Cấn"
    type_in(field(form, "phone").edit, "0912345678")
    tap(w.continue_button)
    assert w.ctx.session.step is Step.REVIEW
    assert touches == 9  # three pages, nothing the card holds typed or picked

    # only facts no card holds were typed
    assert typed == [
        "input-child-full_name",
        "input-child-date_of_birth",
        "input-child_birth_place",
        "input-phone",
    ]
    review = w.screens[Step.REVIEW]
    filing = review.findChild(QLabel, "answer-filing")
    assert filing is not None
    assert filing.text() == "Phường Ba Đình"  # the kiosk's ward, shown, not asked
    press_continue(qtbot, w)
    qtbot.waitUntil(lambda: w.ctx.session.step is Step.RECEIPT, timeout=20_000)
    answers = gateway.submitted[0].answers
    assert answers["relationship"] == "father"
    assert answers["has_father"] == "yes"
    assert answers["father"]["id_number"] == SAMPLE_CITIZEN.id_number
    assert answers["mother"] == {"full_name": "Trần Thị Hoa"}
    assert answers["child"] == {
        "full_name": "Nguyễn Thị Mai",
        "date_of_birth": "01/11/2026",
        "sex": "Nữ",
    }
    assert answers["delivery"]["method"] == "post"
    assert answers["delivery"]["address"]["commune_code"] == 4
    assert answers["filing"] == {"filing_ward": 4}


def test_pages_keep_their_count_when_the_answer_changes(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    form = visit_until_form(qtbot, w, BIRTH)
    click(qtbot, relationship(form, "grandparent"))
    press_continue(qtbot, w)
    assert form.page_label.text() == "Trang 2/3"
    press_continue(qtbot, w)  # the child's answers are missing: stays, shows the errors
    assert form.page_label.text() == "Trang 2/3"
    click(qtbot, w.back_button)
    assert form.page_label.text() == "Trang 1/3"
    click(qtbot, relationship(form, "mother"))
    s = w.ctx.session
    assert s.answers["mother"]["full_name"] == SAMPLE_CITIZEN.full_name
    s.form_page = 2
    form.on_enter()
    assert form.page_label.text() == "Trang 3/3"
    # the resident is the mother: asked whether to declare the father, father shown after "yes"
    assert "has_father" in shown_keys(form)
    assert "father" not in shown_keys(form)
    has_father = field(form, "has_father")
    assert isinstance(has_father, ChoiceField)
    click(qtbot, has_father.buttons["yes"])
    assert "father" in shown_keys(form)
    father = field(form, "father")
    assert isinstance(father, PersonField)
    assert father.parts["full_name"].text() == SAMPLE_CITIZEN.spouse_name  # the card's spouse
    assert not father.parts["full_name"].isReadOnly()
    assert form.page_label.text() == "Trang 3/3"
