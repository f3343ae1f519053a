"""The engine through real pcscd + the vpcd driver + the virtual card on loopback."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.card.api import AccessKeys, AccessMethod, CardReadResult, CheckOutcome, ChipAuthenticity
from kiosk.card.errors import (
    AccessDeniedError,
    CardRemovedError,
    CardTimeoutError,
    ChipNotGenuineError,
    IntegrityError,
    NoCardError,
    WrongIdNumberError,
)
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.transport.pcsc import PcscConnector, list_readers
from kiosk.card.verification.trust_store import TrustStore
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.pki import CardPki
from kiosk.simulators.virtual_card.vpcd import PORTS
from tests.fixtures.pcscd import (
    CARD_TIMEOUT_S,
    READER_0,
    READER_1,
    InsertCard,
    card_absent,
    card_present,
    wait_for_reader_state,
)

pytestmark = pytest.mark.pcsc

KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth, date(2029, 5, 14))
ID_ONLY = AccessKeys(SAMPLE_CITIZEN.id_number)
BAC_ONLY = CardFeatures(pace=False)


@pytest.fixture
def trust_dir(tmp_path: Path, card_pki: CardPki) -> Path:
    (tmp_path / "csca.pem").write_bytes(card_pki.csca_pem)
    return tmp_path


@pytest.fixture
def service(trust_dir: Path) -> Iterator[CardService]:
    reader = ChipReader(PcscConnector(READER_0), TrustStore.load(trust_dir), connect_timeout_s=5)
    svc = CardService(reader, timeout_s=30)
    yield svc
    svc.shutdown()


def _read(service: CardService, keys: AccessKeys = KEYS, face: bool = False) -> CardReadResult:
    return service.read(keys, lambda s: None, read_face=face).result(timeout=40)


def test_full_read_with_pace_and_chip_authentication(
    vpcd_cards: InsertCard, service: CardService
) -> None:
    vpcd_cards()
    result = _read(service, ID_ONLY, face=True)
    assert result.identity == SAMPLE_CITIZEN
    assert result.passive_auth.fully_verified
    assert result.face_image == SAMPLE_FACE_JPEG
    assert result.atr == bytes.fromhex("3B8880014241524E4353534D8A")
    assert result.access_method is AccessMethod.PACE
    assert result.chip_authenticity is ChipAuthenticity.GENUINE
    assert result.chip_auth_method == "CA"


@pytest.mark.parametrize(("extended", "budget"), [(False, 14), (True, 10)])
def test_apdu_budget_through_pcscd(
    vpcd_cards: InsertCard, trust_dir: Path, extended: bool, budget: int
) -> None:
    """Access + SOD + DG1 + DG13 (chip authentication would add DG14 + 2 commands).

    The budget is the issue's, for the card #14 measured it on: the demo holder without a
    spouse. The spouse's name (#11) puts DG13 one short chunk over, 15 without extended
    length (docs/card.md)."""
    unmarried = dataclasses.replace(SAMPLE_CITIZEN, spouse_name="")
    card = vpcd_cards(unmarried, features=CardFeatures(chip_auth="none", extended_length=extended))
    reader = ChipReader(PcscConnector(READER_0), TrustStore.load(trust_dir))
    svc = CardService(reader, timeout_s=30)
    try:
        result = _read(svc, ID_ONLY)
    finally:
        svc.shutdown()
    assert result.passive_auth.fully_verified
    assert result.meta["extended_length"] == str(extended).lower()
    assert result.apdu_count <= budget
    assert card.card.apdus == result.apdu_count  # nothing hidden between pcscd and the card


def test_pace_refused_falls_back_to_bac_through_pcscd(
    vpcd_cards: InsertCard, service: CardService
) -> None:
    vpcd_cards(faults=FaultModes(refuse_pace=True))
    result = _read(service, KEYS)
    assert result.access_method is AccessMethod.BAC
    assert result.identity == SAMPLE_CITIZEN
    assert result.chip_authenticity is ChipAuthenticity.GENUINE


def test_a_chip_with_a_non_matching_key_is_refused(
    vpcd_cards: InsertCard, service: CardService
) -> None:
    vpcd_cards(faults=FaultModes(wrong_chip_key=True))
    with pytest.raises(ChipNotGenuineError):
        _read(service, ID_ONLY)
    vpcd_cards(faults=FaultModes(wrong_chip_key=True), features=CardFeatures(chip_auth="aa"),
               port=PORTS[1])  # fmt: skip
    svc = CardService(ChipReader(PcscConnector(READER_1), None), timeout_s=30)
    try:
        with pytest.raises(ChipNotGenuineError):
            _read(svc, ID_ONLY)
    finally:
        svc.shutdown()


def test_active_authentication_through_pcscd(vpcd_cards: InsertCard, trust_dir: Path) -> None:
    vpcd_cards(features=CardFeatures(chip_auth="aa", aa_key="rsa"))
    svc = CardService(ChipReader(PcscConnector(READER_0), TrustStore.load(trust_dir)), timeout_s=30)
    try:
        result = _read(svc, ID_ONLY)
    finally:
        svc.shutdown()
    assert result.chip_authenticity is ChipAuthenticity.GENUINE
    assert result.chip_auth_method == "AA"


def test_expiry_candidates_through_pcscd(vpcd_cards: InsertCard, service: CardService) -> None:
    citizen = dataclasses.replace(SAMPLE_CITIZEN, expiry_date=date(2049, 5, 14))
    vpcd_cards(citizen, features=BAC_ONLY)
    result = _read(service, AccessKeys(citizen.id_number, citizen.date_of_birth))
    assert result.identity.expiry_date == date(2049, 5, 14)
    assert int(result.meta["bac_attempts"]) >= 2
    assert result.access_method is AccessMethod.BAC


def test_wrong_keys(vpcd_cards: InsertCard, service: CardService) -> None:
    vpcd_cards(features=BAC_ONLY)
    with pytest.raises(AccessDeniedError):
        _read(service, dataclasses.replace(KEYS, expiry_date=date(2030, 5, 14)))


def test_wrong_id_number_with_pace(vpcd_cards: InsertCard, service: CardService) -> None:
    vpcd_cards()
    with pytest.raises(WrongIdNumberError):
        _read(service, AccessKeys("001089012399"))


def test_a_timed_out_read_frees_the_card_thread_through_pcscd(
    vpcd_cards: InsertCard, trust_dir: Path
) -> None:
    vpcd = vpcd_cards(faults=FaultModes(apdu_delay_s=0.3))
    reader = ChipReader(PcscConnector(READER_0), TrustStore.load(trust_dir), connect_timeout_s=5)
    svc = CardService(reader, timeout_s=1.0)
    try:
        with pytest.raises(CardTimeoutError):
            _read(svc, ID_ONLY)
        at_timeout = vpcd.card.apdus
        vpcd.card.faults = FaultModes()
        result = _read(svc, ID_ONLY)  # not queued behind the slow read
        assert result.identity == SAMPLE_CITIZEN
        # the cancelled read sent at most the APDU in flight after the timeout
        assert vpcd.card.apdus - result.apdu_count <= at_timeout + 1
    finally:
        svc.shutdown()


def test_tampered_dg13(vpcd_cards: InsertCard, service: CardService) -> None:
    vpcd_cards(faults=FaultModes(tamper_dg13=True))
    with pytest.raises(IntegrityError):
        _read(service)


def test_removal_mid_read_then_a_read_of_the_card_put_back(
    vpcd_cards: InsertCard, service: CardService
) -> None:
    card = vpcd_cards(faults=FaultModes(remove_after_reads=4))
    with pytest.raises(CardRemovedError):
        _read(service)
    assert card.removed.wait(5)
    wait_for_reader_state(card_absent(READER_0), CARD_TIMEOUT_S, "removal")
    # the resident puts the card back: a fresh connection, a full read
    vpcd_cards()
    assert _read(service).identity == SAMPLE_CITIZEN


def test_short_read_card(vpcd_cards: InsertCard, trust_dir: Path) -> None:
    vpcd_cards(faults=FaultModes(max_read=48))
    reader = ChipReader(PcscConnector(READER_0), TrustStore.load(trust_dir))
    svc = CardService(reader, timeout_s=30)
    try:
        result = _read(svc, ID_ONLY, face=True)
    finally:
        svc.shutdown()
    assert result.identity == SAMPLE_CITIZEN
    assert result.face_image == SAMPLE_FACE_JPEG
    assert reader.last_stats.chunk == 48


def test_two_readers(vpcd_cards: InsertCard, trust_dir: Path) -> None:
    other = dataclasses.replace(
        SAMPLE_CITIZEN, id_number="001190054321", full_name="Trần Thị Bích",
        date_of_birth=date(1990, 8, 2), sex="Nữ", expiry_date=date(2030, 8, 2),
    )  # fmt: skip
    vpcd_cards(port=PORTS[0])
    vpcd_cards(other, port=PORTS[1])
    states = {s.name: s for s in list_readers()}
    assert states[READER_0].card_present
    assert states[READER_1].card_present
    trust = TrustStore.load(trust_dir)
    svc = CardService(ChipReader(PcscConnector(READER_1), trust), timeout_s=30)
    try:
        keys = AccessKeys(other.id_number, other.date_of_birth, other.expiry_date)
        assert _read(svc, keys).identity == other
    finally:
        svc.shutdown()
    svc = CardService(ChipReader(PcscConnector("Virtual PCD"), trust), timeout_s=30)
    try:  # no filter beyond the family name: the first reader with a card
        assert _read(svc).identity == SAMPLE_CITIZEN
    finally:
        svc.shutdown()


def test_a_read_after_a_failure(vpcd_cards: InsertCard, service: CardService) -> None:
    vpcd_cards()
    with pytest.raises(AccessDeniedError):
        _read(service, dataclasses.replace(KEYS, id_number="001089012399"))
    assert _read(service, ID_ONLY).identity == SAMPLE_CITIZEN


def test_no_card(pcscd: object, trust_dir: Path) -> None:
    wait_for_reader_state(
        lambda s: any(r.name == READER_0 and not r.card_present for r in s), CARD_TIMEOUT_S, "empty"
    )
    reader = ChipReader(PcscConnector(READER_0), None, connect_timeout_s=0.5)
    svc = CardService(reader, timeout_s=10)
    try:
        with pytest.raises(NoCardError):
            _read(svc)
    finally:
        svc.shutdown()


def test_cli_readers_and_read(
    vpcd_cards: InsertCard, trust_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.commands.main import build_parser

    vpcd_cards()
    wait_for_reader_state(card_present(READER_0), CARD_TIMEOUT_S, "card")
    parser = build_parser()
    args = parser.parse_args(["card", "readers", "--json"])
    assert args.func(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"name": READER_0, "card_present": True, "atr": "3B8880014241524E4353534D8A"} in rows
    args = parser.parse_args([
        "card", "read", "--id", SAMPLE_CITIZEN.id_number, "--dob", "1989-05-14",
        "--expiry", "2029-05-14", "--reader", READER_0, "--json",
        "--trust-store", str(trust_dir), "--face", str(trust_dir / "face.jpg"),
    ])  # fmt: skip
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["full_name"] == "Nguyễn Văn An"
    assert out["date_of_birth"] == "1989-05-14"
    assert out["expiry_date"] == "2029-05-14"
    assert out["passive_authentication"]["certificate_chain"] == CheckOutcome.VALID.value
    assert (trust_dir / "face.jpg").read_bytes() == SAMPLE_FACE_JPEG


def test_demo_reader_through_pcscd(pcscd: object, tmp_path: Path) -> None:
    from kiosk.simulators.demo_card import demo_card_reader_via_pcscd

    wait_for_reader_state(card_absent(READER_0), CARD_TIMEOUT_S, "empty reader")
    made = demo_card_reader_via_pcscd(SAMPLE_CITIZEN, tmp_path)
    assert made is not None
    reader, card = made
    try:
        wait_for_reader_state(card_present(READER_0), CARD_TIMEOUT_S, "card")
        result = reader.read(KEYS, lambda s: None)
        assert result.identity == SAMPLE_CITIZEN
        assert result.passive_auth.fully_verified
    finally:
        card.remove()
        wait_for_reader_state(card_absent(READER_0), CARD_TIMEOUT_S, "removal")
