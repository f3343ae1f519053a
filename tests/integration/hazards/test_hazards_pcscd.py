"""pcscd restarting while the kiosk idles: the card thread, the presence watcher and the
next read all work with the new daemon (a fresh PC/SC context for every connect and poll)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.card.api import AccessKeys
from kiosk.card.pcsc import PcscConnector, ReaderState
from kiosk.card.reader import ChipReader
from kiosk.card.service import CardService
from kiosk.card.trust_store import TrustStore
from kiosk.card.watch import CardPresenceWatcher
from kiosk.devices.sample_citizen import SAMPLE_CITIZEN
from kiosk.devices.virtual_card.pki import CardPki
from tests.fixtures.pcscd import CARD_TIMEOUT_S, READER_0, InsertCard, Pcscd

pytestmark = pytest.mark.pcsc

KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth, date(2029, 5, 14))


@pytest.fixture
def service(tmp_path: Path, card_pki: CardPki) -> Iterator[CardService]:
    (tmp_path / "csca.pem").write_bytes(card_pki.csca_pem)
    reader = ChipReader(PcscConnector(READER_0), TrustStore.load(tmp_path), connect_timeout_s=5)
    svc = CardService(reader, timeout_s=30)
    yield svc
    svc.shutdown()


class Presence:
    """What the watcher last reported, and an event per change."""

    def __init__(self) -> None:
        self.present = False
        self.changed = threading.Condition()

    def __call__(self, states: list[ReaderState]) -> None:
        with self.changed:
            self.present = any(s.name == READER_0 and s.card_present for s in states)
            self.changed.notify_all()

    def wait(self, present: bool) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.present is present, CARD_TIMEOUT_S)


def test_the_next_read_after_pcscd_restarts_works(
    pcscd: Pcscd, vpcd_cards: InsertCard, service: CardService
) -> None:
    if pcscd.restart is None:
        pytest.fail(
            "a pcscd not started by this test session runs: stop it (systemctl stop pcscd.socket"
            " pcscd) so the tests own the daemon they restart"
        )
    presence = Presence()
    watcher = CardPresenceWatcher(service, presence, poll_s=0.2)
    watcher.start()
    try:
        card = vpcd_cards()
        assert presence.wait(True)
        assert service.read(KEYS, lambda s: None).result(timeout=40).identity == SAMPLE_CITIZEN
        card.remove()
        assert presence.wait(False)

        pcscd.restart()  # the kiosk idles: no card on the reader, the watcher polling

        vpcd_cards()
        assert presence.wait(True), "the watcher sees the card through the new daemon"
        result = service.read(KEYS, lambda s: None).result(timeout=40)
        assert result.identity == SAMPLE_CITIZEN
        assert result.passive_auth.fully_verified
    finally:
        watcher.stop()
