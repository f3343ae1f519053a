"""Small builders shared by tests: the bundled catalog, the sample citizen as a card read."""

from __future__ import annotations

import dataclasses
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


@cache
def paying_catalog() -> Catalog:
    """The bundled catalog, but with temporary residence's 2026 online fee collected and
    refunded later: a filing with a fee due now (7,000 đ), for the payment-QR paths. Today's
    rule does not say that a covered fee is collected (docs/public-services.md)."""
    procs = list(catalog().procedures)
    at = next(i for i, p in enumerate(procs) if p.code == TEMP_RESIDENCE)
    fee = procs[at].fee
    rates = tuple(
        dataclasses.replace(r, settlement="refunded") if r.support == "covered" else r
        for r in fee.rates
    )
    procs[at] = dataclasses.replace(procs[at], fee=dataclasses.replace(fee, rates=rates))
    return Catalog(procs)


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
