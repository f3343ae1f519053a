"""The whole engine against the in-process virtual card: PACE, BAC, chip authenticity,
round trips, faults, generations, the card thread and its timeout."""

from __future__ import annotations

import dataclasses
import math
import threading
from datetime import date
from pathlib import Path

import pytest

from kiosk.card.api import (
    AccessKeys,
    AccessMethod,
    CheckOutcome,
    ChipAuthenticity,
    ReadStage,
)
from kiosk.card.errors import (
    AccessDeniedError,
    CardRemovedError,
    CardTimeoutError,
    ChipNotGenuineError,
    DatesNeededError,
    IntegrityError,
    NoCardError,
    UnsupportedCardError,
    WrongIdNumberError,
)
from kiosk.card.generation import CardGeneration
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.transport.secure_messaging import max_short_read
from kiosk.card.verification.trust_store import TrustStore
from kiosk.simulators.demo_card import demo_card_reader
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.card import VirtualCccd
from kiosk.simulators.virtual_card.direct import DirectConnector, DirectTransport
from kiosk.simulators.virtual_card.factory import make_card
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.pki import CardPki

KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth, date(2029, 5, 14))
ID_ONLY = AccessKeys(SAMPLE_CITIZEN.id_number)
BAC_ONLY = CardFeatures(pace=False)
#: INS of the plain PACE opening: READ BINARY EF.CardAccess, MSE:Set AT, 4 x GENERAL AUTHENTICATE
PACE_OPENING = [0xB0, 0x22, 0x86, 0x86, 0x86, 0x86]


class RecordingTransport(DirectTransport):
    def __init__(self, card: VirtualCccd) -> None:
        super().__init__(card)
        self.sent: list[bytes] = []
        self.resets = 0
        self.closed = False

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return super().transmit(apdu)

    def reset(self) -> None:
        self.resets += 1
        super().reset()

    def close(self) -> None:
        self.closed = True
        super().close()


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
    pki: CardPki,
    faults: FaultModes | None = None,
    trust: TrustStore | None = None,
    *,
    features: CardFeatures | None = None,
    citizen: object = SAMPLE_CITIZEN,
    **kw: object,
) -> tuple[ChipReader, RecordingConnector, VirtualCccd]:
    card = make_card(citizen, SAMPLE_FACE_JPEG, pki, faults=faults, features=features)  # type: ignore[arg-type]
    connector = RecordingConnector(card)
    return ChipReader(connector, trust, **kw), connector, card  # type: ignore[arg-type]


def _reads(card: VirtualCccd, fid: int, chunk: int) -> int:
    return math.ceil(len(card._files[fid]) / chunk)


def test_demo_reader_reads_the_sample_citizen_fully_verified(tmp_path: Path) -> None:
    stages: list[ReadStage] = []
    reader = demo_card_reader(SAMPLE_CITIZEN, tmp_path)
    result = reader.read(ID_ONLY, stages.append, read_face=True)
    assert result.identity == SAMPLE_CITIZEN
    assert result.passive_auth.fully_verified
    assert result.face_image == SAMPLE_FACE_JPEG
    assert result.face_format == "jpeg"
    assert result.access_method is AccessMethod.PACE
    assert result.chip_authenticity is ChipAuthenticity.GENUINE
    assert result.chip_auth_method == "CA"
    assert stages == [
        ReadStage.WAITING_FOR_CARD, ReadStage.AUTHENTICATING, ReadStage.READING,
        ReadStage.VERIFYING, ReadStage.DONE,
    ]  # fmt: skip
    assert (tmp_path / "virtual-card-pki" / "csca.pem").exists()
    again = demo_card_reader(SAMPLE_CITIZEN, tmp_path).read(ID_ONLY, lambda s: None)
    assert again.passive_auth.fully_verified


# -- PACE and the round trips ------------------------------------------------------------


def test_pace_read_sequence_sfi_no_select_no_ef_com(pki: CardPki) -> None:
    reader, connector, card = _reader(pki)
    result = reader.read(ID_ONLY, lambda s: None, read_face=True)
    assert result.access_method is AccessMethod.PACE
    sent = connector.transports[0].sent
    assert [a[1] for a in sent[:6]] == PACE_OPENING
    assert sent[0][:4] == bytes.fromhex("00B09C00")  # READ BINARY, SFI 1C (EF.CardAccess)
    assert all(a[0] & 0x0C == 0x0C for a in sent[6:])  # everything after PACE is protected
    # the card saw: SELECT AID, then reads by SFI - no SELECT EF, no EF.COM
    assert card.log.count(0xA4) == 1
    read_p1 = [a[2] for a in sent[6:] if a[1] == 0xB0 and a[2] & 0x80]
    assert [p1 & 0x1F for p1 in read_p1] == [0x1D, 0x0E, 0x01, 0x0D, 0x02]
    chunk = max_short_read(16)
    expected = 7 + sum(_reads(card, f, chunk) for f in (0x011D, 0x010E, 0x0101, 0x010D, 0x0102))
    assert result.apdu_count == len(sent) == card.apdus == expected + 2  # + CA's MSE and GA
    assert reader.last_stats.protected_apdus == len(sent) - 6
    assert reader.last_stats.pace_attempts == 1
    assert reader.last_stats.bac_attempts == 0


@pytest.mark.parametrize(("extended", "budget"), [(False, 14), (True, 10)])
def test_apdu_budget_access_sod_dg1_dg13(pki: CardPki, extended: bool, budget: int) -> None:
    features = CardFeatures(chip_auth="none", extended_length=extended)
    # the card #14 measured: the demo holder without a spouse (the spouse's name puts DG13
    # one short chunk over without extended length: docs/card.md)
    unmarried = dataclasses.replace(SAMPLE_CITIZEN, spouse_name="")
    reader, connector, _ = _reader(pki, features=features, citizen=unmarried)
    result = reader.read(ID_ONLY, lambda s: None)
    assert result.meta["extended_length"] == str(extended).lower()
    assert result.apdu_count <= budget
    steps = {s.name: s.apdus for s in reader.last_stats.steps}
    assert steps["access"] == 7
    if extended:
        assert steps["SOD"] == steps["DG1"] == steps["DG13"] == 1
        assert any(len(a) > 261 or (a[4] == 0 and len(a) > 5) for a in connector.transports[0].sent)


def test_extended_length_only_when_the_card_advertises_it(pki: CardPki) -> None:
    reader, connector, _ = _reader(pki, features=CardFeatures(extended_length=False))
    reader.read(ID_ONLY, lambda s: None, read_face=True)
    # every command is a short APDU: Lc (if any) in one byte and a one-byte Le
    for apdu in connector.transports[0].sent:
        assert len(apdu) <= 261
        assert len(apdu) == 5 or apdu[4] != 0 or len(apdu) == 4


def test_the_steps_add_up(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    result = reader.read(ID_ONLY, lambda s: None, read_face=True)
    stats = reader.last_stats
    assert [s.name for s in stats.steps] == [
        "access", "SOD", "chip authentication", "DG1", "DG13", "DG2",
    ]  # fmt: skip
    assert sum(s.apdus for s in stats.steps) == result.apdu_count
    assert sum(s.bytes_read for s in stats.steps) == stats.bytes_read


def test_p256_and_3des_pace_variants(pki: CardPki) -> None:
    for features in (CardFeatures(pace_parameter_id=12), CardFeatures(pace_cipher="3DES")):
        reader, _, _ = _reader(pki, features=features)
        result = reader.read(ID_ONLY, lambda s: None)
        assert result.access_method is AccessMethod.PACE
        assert result.identity == SAMPLE_CITIZEN


def test_wrong_id_number_with_pace_tells_to_check_the_number(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    with pytest.raises(WrongIdNumberError) as info:
        reader.read(AccessKeys("001089012399"), lambda s: None)
    assert "6" in info.value.message("vi")
    assert SAMPLE_CITIZEN.id_number[-6:] not in str(info.value)


# -- BAC ---------------------------------------------------------------------------------


def test_pace_refused_falls_back_to_bac(pki: CardPki) -> None:
    reader, connector, _ = _reader(pki, FaultModes(refuse_pace=True))
    result = reader.read(KEYS, lambda s: None)
    assert result.access_method is AccessMethod.BAC
    assert result.identity == SAMPLE_CITIZEN
    assert result.meta["pace_attempts"] == "1"
    assert result.meta["bac_attempts"] == "1"
    assert connector.transports[0].resets == 1
    assert result.chip_authenticity is ChipAuthenticity.GENUINE  # CA works after BAC too


def test_pace_refused_without_a_birth_date_asks_for_the_dates(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(refuse_pace=True))
    with pytest.raises(DatesNeededError) as info:
        reader.read(ID_ONLY, lambda s: None)
    assert "ngày sinh" in info.value.message("vi")
    reader, _, _ = _reader(pki, features=BAC_ONLY)
    with pytest.raises(DatesNeededError):
        reader.read(ID_ONLY, lambda s: None)


def test_bac_only_card(pki: CardPki) -> None:
    reader, connector, _ = _reader(pki, features=BAC_ONLY)
    result = reader.read(KEYS, lambda s: None)
    assert result.access_method is AccessMethod.BAC
    sent = connector.transports[0].sent
    # EF.CardAccess is absent (6A82), then SELECT AID, GET CHALLENGE, EXTERNAL AUTHENTICATE
    assert [a[1] for a in sent[:4]] == [0xB0, 0xA4, 0x84, 0x82]
    assert result.meta["pace_attempts"] == "0"


def test_wrong_dates_are_access_denied_without_personal_data(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, features=BAC_ONLY)
    wrong = dataclasses.replace(KEYS, date_of_birth=date(1989, 5, 15))
    with pytest.raises(AccessDeniedError) as info:
        reader.read(wrong, lambda s: None)
    assert not isinstance(info.value, WrongIdNumberError)
    assert "1989" not in str(info.value)
    assert SAMPLE_CITIZEN.id_number not in str(info.value)


def test_card_that_refuses_every_key(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(reject_access=True, refuse_pace=True))
    with pytest.raises(AccessDeniedError):
        reader.read(KEYS, lambda s: None)


def test_candidate_expiries_each_on_a_fresh_session(pki: CardPki) -> None:
    # the card's expiry is the 60th birthday: the reader tries 2029 (next), then 2049
    citizen = dataclasses.replace(SAMPLE_CITIZEN, expiry_date=date(2049, 5, 14))
    card = make_card(citizen, SAMPLE_FACE_JPEG, pki, features=BAC_ONLY)
    connector = RecordingConnector(card)
    reader = ChipReader(connector, None, today=lambda: date(2026, 11, 23))
    result = reader.read(AccessKeys(citizen.id_number, citizen.date_of_birth), lambda s: None)
    assert result.identity.expiry_date == date(2049, 5, 14)
    assert result.meta["bac_attempts"] == "2"
    transport = connector.transports[0]
    assert transport.resets == 1
    assert [a[:2].hex() for a in transport.sent[1:7]] == [
        "00a4", "0084", "0082", "00a4", "0084", "0082",
    ]  # fmt: skip


def test_all_candidates_wrong_is_access_denied_after_trying_each(pki: CardPki) -> None:
    reader, connector, _ = _reader(pki, FaultModes(reject_access=True), features=BAC_ONLY)
    with pytest.raises(AccessDeniedError):
        reader.read(
            AccessKeys(KEYS.id_number, KEYS.date_of_birth),
            lambda s: None,
        )
    assert reader.last_stats.bac_attempts == 2  # 2029 and 2049; 2014 predates chip cards
    assert connector.transports[0].resets == 1


# -- chip authenticity -------------------------------------------------------------------


def test_chip_authentication_with_a_non_matching_chip_key_is_refused(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(wrong_chip_key=True))
    with pytest.raises(ChipNotGenuineError) as info:
        reader.read(ID_ONLY, lambda s: None)
    assert info.value.staff_alert
    assert info.value.message("en").startswith("The chip of this card could not be verified")


@pytest.mark.expect_log(
    "WARNING", "kiosk.card.verification.authenticity", r"chip authenticity failed"
)
def test_diagnostics_mode_reads_a_not_genuine_chip_and_says_so(pki: CardPki) -> None:
    reader, connector, _ = _reader(pki, FaultModes(wrong_chip_key=True), refuse_not_genuine=False)
    result = reader.read(ID_ONLY, lambda s: None)
    assert result.chip_authenticity is ChipAuthenticity.NOT_GENUINE
    assert result.identity == SAMPLE_CITIZEN
    assert connector.transports[0].resets == 1  # opened again without CA


@pytest.mark.parametrize("aa_key", ["ec", "rsa"])
def test_active_authentication_when_there_is_no_dg14(pki: CardPki, aa_key: str) -> None:
    features = CardFeatures(chip_auth="aa", aa_key=aa_key)  # type: ignore[arg-type]
    reader, _, card = _reader(pki, features=features)
    result = reader.read(ID_ONLY, lambda s: None)
    assert result.chip_authenticity is ChipAuthenticity.GENUINE
    assert result.chip_auth_method == "AA"
    assert 0x88 in card.log
    reader, _, _ = _reader(pki, FaultModes(wrong_chip_key=True), features=features)
    with pytest.raises(ChipNotGenuineError):
        reader.read(ID_ONLY, lambda s: None)


def test_a_card_without_dg14_or_dg15_is_not_supported_not_refused(pki: CardPki) -> None:
    reader, _, card = _reader(pki, features=CardFeatures(chip_auth="none"))
    result = reader.read(ID_ONLY, lambda s: None)
    assert result.chip_authenticity is ChipAuthenticity.NOT_SUPPORTED
    assert result.chip_auth_method == ""
    assert 0x88 not in card.log


# -- generations -------------------------------------------------------------------------


def test_a_2024_card_of_a_young_child_has_no_photo_and_new_labels(pki: CardPki) -> None:
    child = dataclasses.replace(
        SAMPLE_CITIZEN, id_number="001221012345", date_of_birth=date(2021, 3, 2),
        issue_date=date(2024, 9, 5), expiry_date=date(2035, 3, 2), old_id_number="",
        place_of_origin="Hà Nội",
    )  # fmt: skip
    reader, _, _ = _reader(pki, features=CardFeatures(photo=False), citizen=child)
    result = reader.read(AccessKeys(child.id_number), lambda s: None, read_face=True)
    assert result.face_image is None
    assert not result.has_photo
    assert result.generation is CardGeneration.CAN_CUOC
    assert result.field_labels["place_of_origin"][0] == "Nơi đăng ký khai sinh"
    assert result.field_labels["place_of_residence"][0] == "Nơi cư trú"


def test_the_sample_card_is_a_cccd(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    result = reader.read(ID_ONLY, lambda s: None)
    assert result.generation is CardGeneration.CCCD
    assert result.has_photo
    assert result.field_labels["place_of_origin"] == ("Quê quán", "Place of origin")


# -- faults ------------------------------------------------------------------------------


def test_trust_store_not_configured_is_reported_not_refused(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    result = reader.read(ID_ONLY, lambda s: None)
    assert result.passive_auth.data_group_hashes is CheckOutcome.VALID
    assert result.passive_auth.certificate_chain is CheckOutcome.NOT_CHECKED
    assert result.face_image is None


def test_tampered_dg13_is_refused(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(tamper_dg13=True))
    with pytest.raises(IntegrityError) as info:
        reader.read(ID_ONLY, lambda s: None)
    assert "DG13" in info.value.detail
    assert "Văn" not in str(info.value)


def test_removal_mid_read(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(remove_after_reads=3))
    with pytest.raises(CardRemovedError):
        reader.read(ID_ONLY, lambda s: None)


@pytest.mark.parametrize(
    "faults",
    [FaultModes(max_read=32), FaultModes(wrong_length_above=0x40), FaultModes(max_read=1)],
)
def test_short_read_cards_are_read_in_smaller_chunks(pki: CardPki, faults: FaultModes) -> None:
    reader, _, _ = _reader(pki, faults)
    result = reader.read(ID_ONLY, lambda s: None, read_face=True)
    assert result.identity == SAMPLE_CITIZEN
    assert result.face_image == SAMPLE_FACE_JPEG
    limit = faults.max_read or faults.wrong_length_above or 0
    assert reader.last_stats.chunk <= limit


def test_wrong_response_mac_is_an_integrity_error(pki: CardPki) -> None:
    reader, _, _ = _reader(pki, FaultModes(bad_response_mac=True))
    with pytest.raises(IntegrityError):
        reader.read(ID_ONLY, lambda s: None)


def test_no_card(pki: CardPki) -> None:
    reader = ChipReader(DirectConnector(None))
    with pytest.raises(NoCardError):
        reader.read(ID_ONLY, lambda s: None)


def test_a_card_without_the_emrtd_application_is_unsupported(pki: CardPki) -> None:
    card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki, features=BAC_ONLY)

    class NotAnIdCard(DirectConnector):
        def connect(self, timeout_s: float) -> DirectTransport:
            t = super().connect(timeout_s)
            t.transmit = lambda apdu: bytes.fromhex("6A82")  # type: ignore[method-assign]
            return t

    with pytest.raises(UnsupportedCardError):
        ChipReader(NotAnIdCard(card)).read(KEYS, lambda s: None)
    assert ChipReader(DirectConnector(card)).read(KEYS, lambda s: None).identity == SAMPLE_CITIZEN


# -- the card thread ---------------------------------------------------------------------


def test_through_the_card_service_thread(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    service = CardService(reader, timeout_s=10)
    try:
        threads: list[str] = []

        def progress(stage: ReadStage) -> None:
            threads.append(threading.current_thread().name)

        result = service.read(ID_ONLY, progress).result(timeout=10)
        assert result.identity == SAMPLE_CITIZEN
        assert all(name.startswith("card-reader") for name in threads)
        bad = AccessKeys("001089012346")
        with pytest.raises(WrongIdNumberError):
            service.read(bad, lambda s: None).result(timeout=10)
        assert service.read(ID_ONLY, lambda s: None).result(timeout=10).identity == SAMPLE_CITIZEN
    finally:
        service.shutdown()


def test_a_timed_out_read_frees_the_card_thread(pki: CardPki) -> None:
    reader, connector, card = _reader(pki, FaultModes(apdu_delay_s=0.2))
    service = CardService(reader, timeout_s=0.5)
    try:
        with pytest.raises(CardTimeoutError):
            service.read(ID_ONLY, lambda s: None).result(timeout=10)
        at_timeout = card.apdus
        card.faults = FaultModes()  # the card is fast again: the next read must not wait
        second = service.read(ID_ONLY, lambda s: None).result(timeout=10)
        assert second.identity == SAMPLE_CITIZEN
        first = connector.transports[0]
        # the cancelled read stopped within one APDU, reset the card and closed its connection
        assert len(first.sent) <= at_timeout + 1
        assert first.resets == 1
        assert first.closed
        assert len(first.sent) < second.apdu_count
    finally:
        service.shutdown()


def test_cancel_between_reads_does_not_touch_the_next_read(pki: CardPki) -> None:
    reader, _, _ = _reader(pki)
    reader.cancel()  # nothing running: the next read starts afresh
    assert reader.read(ID_ONLY, lambda s: None).identity == SAMPLE_CITIZEN


class LeftInItsApplication(RecordingTransport):
    """A connection to a card that an earlier connection left inside the eMRTD application
    (no reset on connect, as PC/SC shared connections do)."""

    def __init__(self, card: VirtualCccd) -> None:
        super().__init__(card)
        card.process(bytes.fromhex("00A4040C07A0000002471001"))  # SELECT eMRTD AID


def test_a_card_left_in_its_application_is_reset_and_read_with_pace(pki: CardPki) -> None:
    card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki)

    class Connector(RecordingConnector):
        def connect(self, timeout_s: float) -> RecordingTransport:
            t = LeftInItsApplication(card)
            self.transports.append(t)
            return t

    connector = Connector(card)
    result = ChipReader(connector).read(ID_ONLY, lambda s: None)
    assert result.access_method is AccessMethod.PACE
    assert connector.transports[0].resets == 1


def test_a_card_without_short_file_identifiers_is_read_with_select(pki: CardPki) -> None:
    reader, connector, card = _reader(pki, features=CardFeatures(sfi=False))
    result = reader.read(ID_ONLY, lambda s: None, read_face=True)
    assert result.access_method is AccessMethod.PACE
    assert result.identity == SAMPLE_CITIZEN
    assert result.face_image == SAMPLE_FACE_JPEG
    # one refused SFI read in the MF (EF.CardAccess), one in the application; then SELECTs
    sent = connector.transports[0].sent
    sfi_reads = [a for a in sent if a[1] == 0xB0 and a[2] & 0x80]
    assert len(sfi_reads) == 2
    assert card.log.count(0xA4) == 1 + 1 + 5  # CardAccess, AID, SOD DG14 DG1 DG13 DG2
