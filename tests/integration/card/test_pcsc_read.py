"""The engine through real pcscd + the vpcd driver + the virtual card on loopback."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.card.api import AccessKeys, CardReadResult, CheckOutcome
from kiosk.card.errors import (
    AccessDeniedError,
    CardRemovedError,
    IntegrityError,
    NoCardError,
)
from kiosk.card.pcsc import PcscConnector, list_readers, wait_for_change
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.trust_store import TrustStore
from kiosk.devices.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.devices.virtual_card.faults import FaultModes
from kiosk.devices.virtual_card.pki import CardPki
from kiosk.devices.virtual_card.vpcd import PORTS
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


def test_full_read(vpcd_cards: InsertCard, service: CardService) -> None:
    vpcd_cards()
    result = _read(service, face=True)
    assert result.identity == SAMPLE_CITIZEN
    assert result.passive_auth.fully_verified
    assert result.face_image == SAMPLE_FACE_JPEG
    assert result.atr == bytes.fromhex("3B8880014241524E4353534D8A")
    assert result.apdu_count > 10


def test_expiry_candidates_through_pcscd(vpcd_cards: InsertCard, service: CardService) -> None:
    citizen = dataclasses.replace(SAMPLE_CITIZEN, expiry_date=date(2049, 5, 14))
    vpcd_cards(citizen)
    result = _read(service, AccessKeys(citizen.id_number, citizen.date_of_birth))
    assert result.identity.expiry_date == date(2049, 5, 14)
    assert int(result.meta["bac_attempts"]) >= 2


def test_wrong_keys(vpcd_cards: InsertCard, service: CardService) -> None:
    vpcd_cards()
    with pytest.raises(AccessDeniedError):
        _read(service, dataclasses.replace(KEYS, expiry_date=date(2030, 5, 14)))


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
        result = _read(svc, face=True)
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
    assert _read(service).identity == SAMPLE_CITIZEN


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


def test_card_watcher_sees_insertion_and_removal(pcscd: object, vpcd_cards: InsertCard) -> None:
    before = [s for s in list_readers() if s.name == READER_0]
    assert not before[0].card_present
    card = vpcd_cards(wait=False)
    after = before
    for _ in range(20):  # each wait is bounded; pcscd polls vpcd
        after = wait_for_change(after, 1.0)
        if after and after[0].card_present:
            break
    assert after[0].card_present
    card.remove()
    for _ in range(20):
        after = wait_for_change(after, 1.0)
        if after and not after[0].card_present:
            break
    assert not after[0].card_present


def test_cli_readers_and_read(
    vpcd_cards: InsertCard, trust_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.card.cli import register

    vpcd_cards()
    wait_for_reader_state(card_present(READER_0), CARD_TIMEOUT_S, "card")
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config")
    register(parser.add_subparsers(dest="command"))
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
    from kiosk.card.demo import demo_card_reader_via_pcscd

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
