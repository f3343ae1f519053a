"""The identify screen: the ID number first, the dates only when the card asks, what a refused
key means, a chip that is not genuine refused with the staff told (#14, points 4 and 5).

The card paths run the real engine against the project's virtual card: in-process (as the demo
with ``KIOSK_DEMO_CARD=in-process``) and, marked ``pcsc``, through pcscd and vpcd.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.card.api import AccessMethod
from kiosk.card.errors import ChipNotGenuineError, DatesNeededError, WrongIdNumberError
from kiosk.card.generation import NUMBER_ONLY_HINT
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.transport.pcsc import PcscConnector
from kiosk.card.verification.trust_store import TrustStore
from kiosk.simulators.demo_card import demo_card_reader
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.pki import CardPki
from kiosk.visit.session import Step
from tests.fakes import FakeCardReader
from tests.fixtures.pcscd import READER_0, InsertCard
from tests.ui.driving import click, press_continue, type_into
from ui.screens.identify import IdentifyScreen
from ui.staff.strings import tr as staff_tr
from ui.window.main_window import MainWindow

NUMBER = SAMPLE_CITIZEN.id_number
BIRTH = SAMPLE_CITIZEN.date_of_birth.strftime("%d/%m/%Y")
READ_MS = 30000


@pytest.fixture(scope="module")
def card_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One test PKI for the module's virtual cards (generated once)."""
    return tmp_path_factory.mktemp("virtual-card")


@pytest.fixture
def card_reader(request: pytest.FixtureRequest, card_data: Path) -> Any:
    """The reader behind the window: ``fake`` (default), ``fake-bac``, or the engine's
    ``ChipReader`` on the in-process virtual card: ``virtual`` (PACE + chip authentication),
    ``virtual-bac`` (no PACE), ``virtual-clone`` (the chip's key does not match DG14)."""
    kind = getattr(request, "param", "fake")
    if kind == "fake":
        return FakeCardReader()
    if kind == "fake-bac":
        return FakeCardReader(pace=False)
    faults, features = FaultModes(), CardFeatures()
    if kind == "virtual-bac":
        features = CardFeatures(pace=False)
    elif kind == "virtual-clone":
        faults = FaultModes(wrong_chip_key=True)
    else:
        assert kind == "virtual", kind
    return demo_card_reader(SAMPLE_CITIZEN, card_data, faults=faults, features=features)


def to_identify(qtbot: QtBot, w: MainWindow) -> IdentifyScreen:
    click(qtbot, w.screens[Step.HOME].tiles[0])  # type: ignore[attr-defined]
    press_continue(qtbot, w)
    press_continue(qtbot, w)
    ident = w.screens[Step.IDENTIFY]
    assert isinstance(ident, IdentifyScreen)
    return ident


def read_with(qtbot: QtBot, ident: IdentifyScreen, number: str = NUMBER) -> None:
    type_into(qtbot, ident.number, number)
    click(qtbot, ident.read_button)
    qtbot.waitUntil(lambda: not ident._reading, timeout=READ_MS)


def date_rows(ident: IdentifyScreen) -> list[QWidget]:
    return [ident.dob_label, ident.dob, ident.expiry_label, ident.expiry]


def test_only_the_number_is_asked_and_the_qr_side_of_both_cards_said(
    qtbot: QtBot, window: MainWindow, card_reader: FakeCardReader
) -> None:
    w = window
    ident = to_identify(qtbot, w)
    assert not any(x.isVisible() for x in date_rows(ident))
    assert ident.hint.text() == NUMBER_ONLY_HINT[0]
    qr = ident.qr_hint.text()
    assert "mặt trước với thẻ Căn cước công dân" in qr
    assert "mặt sau với thẻ Căn cước cấp từ 01/7/2024" in qr
    assert "front" not in qr.lower()
    assert not ident.read_button.isEnabled()
    type_into(qtbot, ident.number, NUMBER)
    assert ident.read_button.isEnabled()  # no birth date needed
    click(qtbot, ident.read_button)
    qtbot.waitUntil(w.continue_button.isEnabled, timeout=READ_MS)
    assert card_reader.reads[-1].date_of_birth is None
    assert not any(x.isVisible() for x in date_rows(ident))
    click(qtbot, w.lang_button)
    assert ident.hint.text() == NUMBER_ONLY_HINT[1]
    assert "on the front of a Citizen ID card" in ident.qr_hint.text()
    assert "on the back of an Identity Card issued since 1 July 2024" in ident.qr_hint.text()


@pytest.mark.parametrize("card_reader", ["fake-bac", "virtual-bac"], indirect=True)
def test_a_card_without_pace_asks_for_the_birth_date_and_keeps_the_number(
    qtbot: QtBot, window: MainWindow, card_reader: Any
) -> None:
    w = window
    ident = to_identify(qtbot, w)
    read_with(qtbot, ident)
    assert isinstance(ident._error, DatesNeededError)
    assert all(x.isVisible() for x in date_rows(ident))
    # said over the date fields, as a question, not a mistake
    assert ident.dates_prompt.isVisible()
    assert ident.dates_prompt.text() == DatesNeededError.message_vi
    assert ident.dates_prompt.objectName() == "H2"
    assert ident.dob.placeholderText() == "ngày/tháng/năm"
    assert ident.number.text() == NUMBER  # kept
    qtbot.waitUntil(lambda: w.focusWidget() is ident.dob, timeout=2000)  # the keys: dates
    assert ident.read_button.isVisible()
    assert not ident.read_button.isEnabled()
    assert not ident.retry_button.isVisible()
    assert "ngày/tháng/năm" in ident.dob_label.text()
    assert not w.continue_button.isEnabled()
    assert w.ctx.staff_called_at is None
    type_into(qtbot, ident.dob, BIRTH)
    assert ident.read_button.isEnabled()  # the expiry is derived by the engine
    click(qtbot, ident.read_button)
    qtbot.waitUntil(w.continue_button.isEnabled, timeout=READ_MS)
    assert ident._result is not None
    assert ident._result.identity.id_number == NUMBER
    if isinstance(card_reader, ChipReader):
        assert ident._result.access_method is AccessMethod.BAC
    else:
        assert card_reader.reads[-1].expiry_date is None
    press_continue(qtbot, w)
    assert w.ctx.session.step is Step.FORM


@pytest.mark.parametrize("card_reader", ["fake-bac"], indirect=True)
def test_a_bac_card_is_read_from_its_qr_without_asking(
    qtbot: QtBot, window: MainWindow, card_reader: FakeCardReader
) -> None:
    w = window
    ident = to_identify(qtbot, w)
    qr = (
        f"{NUMBER}|{SAMPLE_CITIZEN.old_id_number}|{SAMPLE_CITIZEN.full_name}|"
        f"{SAMPLE_CITIZEN.date_of_birth.strftime('%d%m%Y')}|Nam|"
        f"{SAMPLE_CITIZEN.place_of_residence}|10042021"
    )
    assert ident.accept_scan(qr)
    qtbot.waitUntil(w.continue_button.isEnabled, timeout=READ_MS)
    assert card_reader.reads[-1].date_of_birth == SAMPLE_CITIZEN.date_of_birth
    assert not ident.dob.isVisible()


@pytest.mark.parametrize("card_reader", ["fake", "virtual"], indirect=True)
def test_a_wrong_number_says_to_check_its_last_six_digits(
    qtbot: QtBot, window: MainWindow, card_reader: Any
) -> None:
    w = window
    ident = to_identify(qtbot, w)
    read_with(qtbot, ident, "001089099999")
    error = ident._error  # a copy: mypy would keep `ident._error` narrowed past the retry
    assert isinstance(error, WrongIdNumberError)
    assert ident.status.text() == WrongIdNumberError.message_vi
    assert not ident.dob.isVisible()  # the dates would not help a PACE card
    assert ident.number.text() == "001089099999"
    assert ident.retry_button.isVisible()
    assert ident.staff_button.isVisible()
    click(qtbot, w.lang_button)
    assert ident.status.text() == WrongIdNumberError.message_en
    click(qtbot, w.lang_button)
    type_into(qtbot, ident.number, NUMBER)  # corrected
    click(qtbot, ident.retry_button)
    qtbot.waitUntil(w.continue_button.isEnabled, timeout=READ_MS)
    assert ident._error is None
    assert not ident.status.text().startswith("Thẻ không")


@pytest.mark.parametrize("card_reader", ["fake-bac"], indirect=True)
def test_wrong_birth_date_on_a_bac_card_says_what_to_check(
    qtbot: QtBot, window: MainWindow, card_reader: FakeCardReader
) -> None:
    w = window
    ident = to_identify(qtbot, w)
    read_with(qtbot, ident)
    type_into(qtbot, ident.dob, "15/05/1989")
    click(qtbot, ident.read_button)
    qtbot.waitUntil(lambda: ident.retry_button.isVisible(), timeout=READ_MS)
    assert "ngày sinh và ngày hết hạn" in ident.status.text()
    assert ident.dob.isVisible()
    assert ident.dob.text() == "15/05/1989"


@pytest.mark.parametrize("card_reader", ["virtual-clone"], indirect=True)
@pytest.mark.expect_log("WARNING", "ui.window.main_window", r"staff alerted")
def test_a_chip_that_is_not_genuine_is_refused_and_the_staff_alerted(
    qtbot: QtBot, window: MainWindow, card_reader: ChipReader
) -> None:
    w = window
    ident = to_identify(qtbot, w)
    read_with(qtbot, ident)
    assert isinstance(ident._error, ChipNotGenuineError)
    assert not ident.dates_prompt.isVisible()
    assert ident.status.text() == ChipNotGenuineError.message_vi  # plain words, no code
    assert "card.not_genuine" not in ident.status.text()
    assert not ident.retry_button.isVisible()  # the same card would fail again
    assert not ident.read_button.isVisible()
    assert ident.staff_button.isVisible()
    assert not w.continue_button.isEnabled()
    # the staff are told, as "Call staff" does, and their panel says why
    assert w.ctx.staff_called_at is not None
    assert w.ctx.staff_alert == "card.not_genuine"
    assert w.notice.text() == w.ctx.tr("help.staff_called")
    from ui.staff.staff_panel import ALERT_KEYS

    assert staff_tr(ALERT_KEYS["card.not_genuine"], "vi").startswith("Cảnh báo")
    # the wipe forgets it
    w.ctx.session.wipe()
    assert w.ctx.staff_alert == ""
    assert w.ctx.staff_called_at is None


# --- through pcscd ------------------------------------------------------------------------
@pytest.fixture
def pcsc_service(tmp_path: Path, card_pki: CardPki) -> Iterator[CardService]:
    (tmp_path / "csca.pem").write_bytes(card_pki.csca_pem)
    reader = ChipReader(
        PcscConnector(READER_0), TrustStore.load(tmp_path / "csca.pem"), connect_timeout_s=5
    )
    svc = CardService(reader, timeout_s=30)
    yield svc
    svc.shutdown()


@pytest.mark.pcsc
@pytest.mark.parametrize(
    "features", [CardFeatures(), CardFeatures(pace=False)], ids=["pace", "bac"]
)
def test_the_screen_reads_both_kinds_of_card_through_pcscd(
    qtbot: QtBot,
    window: MainWindow,
    vpcd_cards: InsertCard,
    pcsc_service: CardService,
    features: CardFeatures,
) -> None:
    w = window
    w.ctx.services.card = pcsc_service
    vpcd_cards(features=features)
    ident = to_identify(qtbot, w)
    read_with(qtbot, ident)
    if not features.pace:
        assert isinstance(ident._error, DatesNeededError)
        assert ident.number.text() == NUMBER
        type_into(qtbot, ident.dob, BIRTH)
        click(qtbot, ident.read_button)
    qtbot.waitUntil(w.continue_button.isEnabled, timeout=READ_MS)
    assert ident._result is not None
    method = AccessMethod.PACE if features.pace else AccessMethod.BAC
    assert ident._result.access_method is method
