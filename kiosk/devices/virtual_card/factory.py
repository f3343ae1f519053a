"""One call to make a ready virtual card for a citizen (demo mode, tests, the benchmark)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.card.mrz import cccd_mrz_information
from kiosk.devices.virtual_card.card import VirtualCccd
from kiosk.devices.virtual_card.faults import FaultModes
from kiosk.devices.virtual_card.file_tree import build_files
from kiosk.devices.virtual_card.pki import CardPki, load_or_create
from kiosk.domain.citizen import CitizenIdentity

PKI_SUBDIR = "virtual-card-pki"


def make_card(
    citizen: CitizenIdentity,
    face_jpeg: bytes,
    pki: CardPki,
    *,
    faults: FaultModes | None = None,
    mrz_expiry: date | None = None,
    parents_layout: str = "nested",
) -> VirtualCccd:
    """A virtual CCCD holding ``citizen``, its SOD signed by ``pki``'s DSC."""
    expiry = mrz_expiry or citizen.expiry_date
    if expiry is None:
        raise ValueError("the virtual card needs an MRZ expiry date")
    files = build_files(citizen, face_jpeg, pki, mrz_expiry=expiry, parents_layout=parents_layout)
    info = cccd_mrz_information(citizen.id_number, citizen.date_of_birth, expiry)
    return VirtualCccd(files, info, faults=faults or FaultModes())


def pki_dir(data_dir: Path) -> Path:
    """Where the test PKI is cached under a data directory (``csca.pem`` is the anchor)."""
    return data_dir / PKI_SUBDIR


def cached_pki(data_dir: Path) -> CardPki:
    return load_or_create(pki_dir(data_dir))
