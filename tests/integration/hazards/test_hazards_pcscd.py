"""pcscd restarting while the kiosk idles: the card thread and the next read work with the new
daemon (a fresh PC/SC context for every connect)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.card.api import AccessKeys
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.transport.pcsc import PcscConnector
from kiosk.card.verification.trust_store import TrustStore
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.simulators.virtual_card.pki import CardPki
from kiosk.simulators.virtual_card.vpcd import PORTS
from loopback.pcscd import readers_or_empty
from tests.fixtures.pcscd import READER_0, READER_1, InsertCard, Pcscd

pytestmark = pytest.mark.pcsc

KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth, date(2029, 5, 14))


@pytest.fixture
def service(tmp_path: Path, card_pki: CardPki) -> Iterator[CardService]:
    (tmp_path / "csca.pem").write_bytes(card_pki.csca_pem)
    reader = ChipReader(PcscConnector(READER_0), TrustStore.load(tmp_path), connect_timeout_s=5)
    svc = CardService(reader, timeout_s=30)
    yield svc
    svc.shutdown()


def test_the_next_read_after_pcscd_restarts_works(
    pcscd: Pcscd, vpcd_cards: InsertCard, service: CardService
) -> None:
    if pcscd.restart is None:
        pytest.fail(
            "a pcscd not started by this test session runs: stop it (systemctl stop pcscd.socket"
            " pcscd) so the tests own the daemon they restart"
        )
    card = vpcd_cards()
    assert service.read(KEYS, lambda s: None).result(timeout=40).identity == SAMPLE_CITIZEN
    card.remove()

    pcscd.restart(None)  # the kiosk idles: no card on the reader, the card thread waiting

    vpcd_cards()  # waits until the new daemon lists the card
    result = service.read(KEYS, lambda s: None).result(timeout=40)
    assert result.identity == SAMPLE_CITIZEN
    assert result.passive_auth.fully_verified


def test_a_start_waits_for_a_vpcd_port_another_socket_holds(pcscd: Pcscd) -> None:
    """vpcd binds its ports once, when pcscd starts; a client's ephemeral port or a socket in
    TIME_WAIT on one of them used to leave a reader out of every test of the run."""
    if pcscd.restart is None:
        pytest.fail("a pcscd not started by this test session runs: stop it")
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    release = threading.Timer(1.5, holder.close)

    def hold_a_port() -> None:  # as a client's ephemeral port would be
        holder.bind(("127.0.0.1", PORTS[1]))
        release.start()

    try:
        pcscd.restart(hold_a_port)
    finally:
        release.cancel()
        holder.close()
    names = {s.name for s in readers_or_empty()}
    assert {READER_0, READER_1} <= names
