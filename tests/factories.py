"""Small builders shared by tests: the bundled catalog, the sample citizen as a card read."""

from __future__ import annotations

from functools import cache

from kiosk.card.api import CardReadResult, CheckOutcome, PassiveAuthResult
from kiosk.devices.sample_citizen import SAMPLE_CITIZEN
from kiosk.domain.catalog import Catalog, bundled_catalog_dir, load_catalog
from kiosk.domain.procedure import Procedure

BIRTH = "1.001193"
TEMP_RESIDENCE = "1.004194"
CERTIFIED_COPY = "2.000815"


@cache
def catalog() -> Catalog:
    loaded = load_catalog(bundled_catalog_dir())
    assert not loaded.errors, loaded.errors
    return loaded.catalog


def procedure(code: str = TEMP_RESIDENCE) -> Procedure:
    p = catalog().get(code)
    assert p is not None, code
    return p


def card_result() -> CardReadResult:
    return CardReadResult(
        identity=SAMPLE_CITIZEN,
        passive_auth=PassiveAuthResult(
            data_group_hashes=CheckOutcome.VALID,
            sod_signature=CheckOutcome.VALID,
            certificate_chain=CheckOutcome.VALID,
        ),
    )
