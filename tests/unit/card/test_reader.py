"""The whole engine against the in-process virtual card: reads, faults, BAC candidates."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kiosk.card.api import AccessKeys, CheckOutcome, ReadStage
from kiosk.card.demo import demo_card_reader
from kiosk.card.errors import (
    AccessDeniedError,
    CardRemovedError,
    CardTimeoutError,
    IntegrityError,
    NoCardError,
    UnsupportedCardError,
)
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.trust_store import TrustStore
from kiosk.devices.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.devices.virtual_card.card import VirtualCccd
from kiosk.devices.virtual_card.direct import DirectConnector, DirectTransport
from kiosk.devices.virtual_card.factory import make_card
from kiosk.devices.virtual_card.faults import FaultModes
from kiosk.devices.virtual_card.pki import CardPki

KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth, date(2029, 5, 14))


class RecordingTransport(DirectTransport):
    def __init__(self, card: VirtualCccd) -> None:
        super().__init__(card)
        self.sent: list[bytes] = []
        self.resets = 0

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return super().transmit(apdu)

    def reset(self) -> None:
        self.resets += 1
        super().reset()


class RecordingConnector(DirectConnector):
    def __init__(self, card: VirtualCccd) -> None:
        super().__init__(card)
        self.transports: list[RecordingTransport] = []

    def connect(self, timeout_s: float) -> RecordingTransport:
        assert self.card is not None
        t = RecordingTransport(self.card)
        self.transports.append(t)
        return t


def _reader(
    pki: CardPki, faults: FaultModes | None = None, trust: TrustStore | None = None, **kw: object
) -> tuple[ChipReader, RecordingConnector, VirtualCccd]:
    card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki, faults=faults, **kw)  # type: ignore[arg-type]
    connector = RecordingConnector(card)
    return ChipReader(connector, trust), connector, card


def test_demo_reader_reads_the_sample_citizen_fully_verified(tmp_path: Path) -> None:
    stages: list[ReadStage] = []
    reader = demo_card_reader(SAMPLE_CITIZEN, tmp_path)
    result = reader.read(KEYS, stages.append, read_face=True)
    assert result.identity == SAMPLE_CITIZEN
    assert result.passive_auth.fully_verified
    assert result.face_image == SAMPLE_FACE_JPEG
    assert result.face_format == "jpeg"
    assert stages == [
        ReadStage.WAITING_FOR_CARD, ReadStage.AUTHENTICATING, ReadStage.READING,
        ReadStage.VERIFYING, ReadStage.DONE,
    ]  # fmt: skip
    assert (tmp_path / "virtual-card-pki" / "csca.pem").exists()
    # a second demo reader reuses the cached PKI (same CSCA)
    again = demo_card_reader(SAMPLE_CITIZEN, tmp_path).read(KEYS, lambda s: None)
    assert again.passive_auth.fully_verified


def test_no_redundant_select_or_read(pki: CardPki) -> None:
    reader, connector, card = _reader(pki)
    result = reader.read(KEYS, lambda s: None, read_face=True)
    # plain: SELECT AID, GET CHALLENGE, EXTERNAL AUTHENTICATE; then protected commands
    sent = connector.transports[0].sent
    plain = [a[:2] for a in sent[:3]]
    assert plain == [b"\x00\xa4", b"\x00\x84", b"\x00\x82"]
    assert all(a[0] == 0x0C for a in sent[3:])
    selects = Counter(a[:2] for a in sent)[b"\x0c\xa4"]
    assert selects == 5  # COM, SOD, DG1, DG13, DG2: each once
    # every file read from offset 0 upwards with no overlapping reads
    assert result.apdu_count == len(sent) == card.apdus
    stats = reader.last_stats
    assert stats.protected_apdus == len(sent) - 3
    sizes = [len(f) for f in (card._files[0x011E], card._files[0x011D], card._files[0x0101],
                              card._files[0x010D], card._files[0x0102])]  # fmt: skip
    expected_reads = sum(1 + -(-(s - 4) // 0xDF) for s in sizes)
    assert Counter(a[:2] for a in sent)[b"\x0c\xb0"] == expected_reads
    assert stats.bytes_read == sum(sizes)


def test_trust_store_not_configured_is_reported_not_refused(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    result = reader.read(KEYS, lambda s: None)
    assert result.passive_auth.data_group_hashes is CheckOutcome.VALID
    assert result.passive_auth.certificate_chain is CheckOutcome.NOT_CHECKED
    assert result.face_image is None


def test_wrong_keys_are_access_denied(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    wrong = dataclasses.replace(KEYS, date_of_birth=date(1989, 5, 15))
    with pytest.raises(AccessDeniedError) as info:
        reader.read(wrong, lambda s: None)
    assert "1989" not in str(info.value)
    assert SAMPLE_CITIZEN.id_number not in str(info.value)


def test_card_that_refuses_every_key(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(reject_access=True))
    with pytest.raises(AccessDeniedError):
        reader.read(KEYS, lambda s: None)


def test_candidate_expiries_each_on_a_fresh_session(pki: CardPki) -> None:
    # the card's expiry is the 60th birthday: the reader tries 2029 (next), then 2049
    citizen = dataclasses.replace(SAMPLE_CITIZEN, expiry_date=date(2049, 5, 14))
    card = make_card(citizen, SAMPLE_FACE_JPEG, pki)
    connector = RecordingConnector(card)
    reader = ChipReader(connector, None, today=lambda: date(2026, 11, 23))
    keys = AccessKeys(citizen.id_number, citizen.date_of_birth)
    result = reader.read(keys, lambda s: None)
    assert result.identity.expiry_date == date(2049, 5, 14)
    assert result.meta["bac_attempts"] == "2"
    transport = connector.transports[0]
    assert transport.resets == 1
    # each attempt starts with SELECT AID and GET CHALLENGE
    assert [a[:2].hex() for a in transport.sent[:6]] == [
        "00a4", "0084", "0082", "00a4", "0084", "0082",
    ]  # fmt: skip


def test_all_candidates_wrong_is_access_denied_after_trying_each(pki: CardPki) -> None:
    reader, connector, _ = _reader(pki, FaultModes(reject_access=True))
    with pytest.raises(AccessDeniedError):
        reader.read(AccessKeys(KEYS.id_number, KEYS.date_of_birth), lambda s: None)
    assert reader.last_stats.bac_attempts == 3
    assert connector.transports[0].resets == 2


def test_tampered_dg13_is_refused(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(tamper_dg13=True))
    with pytest.raises(IntegrityError) as info:
        reader.read(KEYS, lambda s: None)
    assert "DG13" in info.value.detail
    assert "Văn" not in str(info.value)


def test_removal_mid_read(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(remove_after_reads=3))
    with pytest.raises(CardRemovedError):
        reader.read(KEYS, lambda s: None)


@pytest.mark.parametrize(
    "faults",
    [FaultModes(max_read=32), FaultModes(wrong_length_above=0x40), FaultModes(max_read=1)],
)
def test_short_read_cards_are_read_in_smaller_chunks(pki: CardPki, faults: FaultModes) -> None:
    reader, _, _ = _reader(pki, faults)
    result = reader.read(KEYS, lambda s: None, read_face=True)
    assert result.identity == SAMPLE_CITIZEN
    assert result.face_image == SAMPLE_FACE_JPEG
    limit = faults.max_read or faults.wrong_length_above or 0
    assert reader.last_stats.chunk <= limit


def test_wrong_response_mac_is_an_integrity_error(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(bad_response_mac=True))
    with pytest.raises(IntegrityError):
        reader.read(KEYS, lambda s: None)


def test_no_card(pki: CardPki) -> None:
    reader = ChipReader(DirectConnector(None))
    with pytest.raises(NoCardError):
        reader.read(KEYS, lambda s: None)


def test_a_card_without_the_emrtd_application_is_unsupported(pki: CardPki) -> None:
    card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki)
    reader = ChipReader(DirectConnector(card))

    class NotAnIdCard(DirectConnector):
        def connect(self, timeout_s: float) -> DirectTransport:
            t = super().connect(timeout_s)
            t.transmit = lambda apdu: bytes.fromhex("6A82")  # type: ignore[method-assign]
            return t

    with pytest.raises(UnsupportedCardError):
        ChipReader(NotAnIdCard(card)).read(KEYS, lambda s: None)
    assert reader.read(KEYS, lambda s: None).identity == SAMPLE_CITIZEN


def test_through_the_card_service_thread(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    service = CardService(reader, timeout_s=10)
    try:
        threads: list[str] = []

        def progress(stage: ReadStage) -> None:
            threads.append(threading.current_thread().name)

        result = service.read(KEYS, progress).result(timeout=10)
        assert result.identity == SAMPLE_CITIZEN
        assert all(name.startswith("card-reader") for name in threads)
        # a read after a failure works on the same service
        bad = dataclasses.replace(KEYS, id_number="001089012346")
        with pytest.raises(AccessDeniedError):
            service.read(bad, lambda s: None).result(timeout=10)
        assert service.read(KEYS, lambda s: None).result(timeout=10).identity == SAMPLE_CITIZEN
    finally:
        service.shutdown()


def test_slow_card_times_out_in_the_service(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(apdu_delay_s=0.2))
    service = CardService(reader, timeout_s=0.5)
    try:
        with pytest.raises(CardTimeoutError):
            service.read(KEYS, lambda s: None).result(timeout=10)
    finally:
        service.shutdown()
