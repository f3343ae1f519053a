"""One call to make a ready virtual card for a citizen (demo mode, tests, the benchmark)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.card.access.keys import can_from_id_number
from kiosk.card.encoding.mrz import cccd_mrz_information
from kiosk.domain.citizen import CitizenIdentity
from kiosk.simulators.virtual_card.card import VirtualCccd
from kiosk.simulators.virtual_card.chip_keys import ChipKeys
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.file_tree import build_files
from kiosk.simulators.virtual_card.pki import CardPki, load_or_create

PKI_SUBDIR = "virtual-card-pki"


def make_card(
    citizen: CitizenIdentity,
    face_jpeg: bytes,
    pki: CardPki,
    *,
    faults: FaultModes | None = None,
    mrz_expiry: date | None = None,
    parents_layout: str = "nested",
    features: CardFeatures | None = None,
) -> VirtualCccd:
    """A virtual card holding ``citizen``, its SOD signed by ``pki``'s DSC.

    The CAN is the last 6 digits of the ID number, as on the Vietnamese cards.
    """
    features = features or CardFeatures()
    expiry = mrz_expiry or citizen.expiry_date
    if expiry is None:
        raise ValueError("the virtual card needs an MRZ expiry date")
    keys = ChipKeys.generate(features) if features.chip_auth != "none" else None
    files = build_files(
        citizen, face_jpeg, pki, mrz_expiry=expiry, parents_layout=parents_layout,
        features=features, keys=keys,
    )  # fmt: skip
    info = cccd_mrz_information(citizen.id_number, citizen.date_of_birth, expiry)
    return VirtualCccd(
        files,
        info,
        faults=faults or FaultModes(),
        features=features,
        keys=keys,
        can=can_from_id_number(citizen.id_number),
    )


def pki_dir(data_dir: Path) -> Path:
    """Where the test PKI is cached under a data directory (``csca.pem`` is the anchor)."""
    return data_dir / PKI_SUBDIR


def cached_pki(data_dir: Path) -> CardPki:
    return load_or_create(pki_dir(data_dir))
