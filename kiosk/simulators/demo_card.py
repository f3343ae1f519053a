"""The card reader of demo mode: the virtual CCCD driven in-process (a simulator, beside it).

The real engine (PACE or BAC, chip authentication, secure messaging, file reading, parsing,
passive authentication) runs unchanged; only the transport differs - APDUs go straight to the
virtual card object. The test CSCA is the trust anchor, so passive authentication is fully
valid in the demo.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.card.reader import ChipReader
from kiosk.card.verification.trust_store import TrustStore
from kiosk.domain.citizen import CitizenIdentity
from kiosk.simulators.sample_citizen import SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.direct import DirectConnector
from kiosk.simulators.virtual_card.factory import cached_pki, make_card, pki_dir
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.vpcd import VpcdCard


def demo_card_reader(
    citizen: CitizenIdentity,
    data_dir: Path,
    *,
    face_jpeg: bytes = SAMPLE_FACE_JPEG,
    faults: FaultModes | None = None,
    features: CardFeatures | None = None,
    use_pace: bool = True,
) -> ChipReader:
    """A :class:`ChipReader` whose card is a virtual CCCD for ``citizen``.

    The test PKI is cached under ``data_dir/virtual-card-pki`` (generated on first use).
    ``citizen.expiry_date`` must be set: it is the card's MRZ expiry.
    """
    pki = cached_pki(Path(data_dir))
    card = make_card(citizen, face_jpeg, pki, faults=faults or FaultModes(), features=features)
    trust = TrustStore.load(pki_dir(Path(data_dir)) / "csca.pem")
    return ChipReader(DirectConnector(card), trust, use_pace=use_pace)


def demo_card_reader_via_pcscd(
    citizen: CitizenIdentity,
    data_dir: Path,
    *,
    face_jpeg: bytes = SAMPLE_FACE_JPEG,
    faults: FaultModes | None = None,
    features: CardFeatures | None = None,
    reader_name: str = "Virtual PCD 00 00",
) -> tuple[ChipReader, VpcdCard] | None:
    """The same card, inserted into pcscd's vpcd reader when pcscd runs; None otherwise.

    The caller removes the card (``VpcdCard.remove()``) at shutdown. Only a quick, non-blocking
    reader listing happens here.
    """
    from kiosk.card.errors import CardError
    from kiosk.card.transport.pcsc import PcscConnector, list_readers

    try:
        if not any(s.name == reader_name for s in list_readers()):
            return None
    except CardError:
        return None
    pki = cached_pki(Path(data_dir))
    card = VpcdCard(
        make_card(citizen, face_jpeg, pki, faults=faults or FaultModes(), features=features)
    )
    try:
        card.insert()
    except OSError:
        return None
    trust = TrustStore.load(pki_dir(Path(data_dir)) / "csca.pem")
    return ChipReader(PcscConnector(reader_name), trust), card
