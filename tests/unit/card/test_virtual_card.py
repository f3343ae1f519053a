"""The virtual card answers like the real CCCD where the engine must not depend on luck."""

from __future__ import annotations

import pytest

from kiosk.card.access.bac import BacKeys, authenticate
from kiosk.card.encoding.mrz import cccd_mrz_information
from kiosk.card.transport.apdu import Command, read_binary, select_aid, select_ef
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.card import VirtualCccd
from kiosk.simulators.virtual_card.factory import make_card
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.pki import CardPki


def _sw(card: VirtualCccd, cmd: Command) -> int:
    return int.from_bytes(card.process(cmd.encode())[-2:], "big")


@pytest.fixture
def card(pki: CardPki) -> VirtualCccd:
    return make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki)


def test_select_mf_is_not_supported(card: VirtualCccd) -> None:
    assert _sw(card, Command(0x00, 0xA4, 0x00, 0x0C, b"\x3f\x00")) == 0x6D00


def test_nothing_is_readable_before_bac(card: VirtualCccd) -> None:
    assert _sw(card, select_aid()) == 0x9000
    assert _sw(card, select_ef(0x0101)) == 0x6982
    assert _sw(card, read_binary(0, 4)) == 0x6982
    assert _sw(card, select_aid(b"\xa0\x00\x00\x00\x03")) == 0x6A82


def _session(card: VirtualCccd) -> object:
    assert card.process(select_aid().encode())[-2:] == b"\x90\x00"
    info = cccd_mrz_information(
        SAMPLE_CITIZEN.id_number,
        SAMPLE_CITIZEN.date_of_birth,
        SAMPLE_CITIZEN.expiry_date,  # type: ignore[arg-type]
    )
    from kiosk.card.transport.apdu import Response

    def send(cmd: Command) -> Response:
        return Response.decode(card.process(cmd.encode()))

    return authenticate(send, BacKeys.from_mrz_information(info)).channel


def test_dg3_needs_terminal_authentication_and_dg11_is_absent(card: VirtualCccd) -> None:
    from kiosk.card.transport.apdu import Response
    from kiosk.card.transport.secure_messaging import SecureChannel

    ch = _session(card)
    assert isinstance(ch, SecureChannel)

    def send(cmd: Command) -> Response:
        return ch.unwrap(Response.decode(card.process(ch.wrap(cmd).encode())))

    assert send(select_ef(0x0103)).sw == 0x6982
    assert send(select_ef(0x010B)).sw == 0x6A82
    assert send(select_ef(0x0101)).sw == 0x9000
    assert send(read_binary(0, 4)).data[:2] == b"\x61\x5d"


def test_a_wrong_command_mac_ends_the_session(card: VirtualCccd) -> None:
    from kiosk.card.transport.secure_messaging import SecureChannel

    ch = _session(card)
    assert isinstance(ch, SecureChannel)
    raw = bytearray(ch.wrap(select_ef(0x0101)).encode())
    raw[-2] ^= 0x01  # last MAC byte
    assert card.process(bytes(raw))[-2:] == b"\x69\x88"
    # and the session is gone: even a correct protected command is refused
    assert card.process(ch.wrap(select_ef(0x0101)).encode())[-2:] == b"\x69\x87"


def test_fault_modes_parse_from_text() -> None:
    faults = FaultModes.parse("tamper_dg13, max-read=32,apdu_delay_s=0.5,remove_after_reads=0x3")
    assert faults == FaultModes(
        tamper_dg13=True, max_read=32, apdu_delay_s=0.5, remove_after_reads=3
    )
    with pytest.raises(ValueError, match="unknown fault"):
        FaultModes.parse("explode")
