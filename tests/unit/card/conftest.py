"""Shared fixtures of the card unit tests: a test PKI and the sample card's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.file_tree import build_files
from kiosk.simulators.virtual_card.pki import CardPki, generate


@pytest.fixture(scope="session")
def pki() -> CardPki:
    return generate()


@pytest.fixture(scope="session")
def sample_files(pki: CardPki) -> dict[int, bytes]:
    return build_files(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki)


@pytest.fixture
def csca_dir(tmp_path: Path, pki: CardPki) -> Path:
    folder = tmp_path / "trust"
    folder.mkdir()
    (folder / "csca.pem").write_bytes(pki.csca_pem)
    return folder
