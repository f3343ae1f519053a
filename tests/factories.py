"""Small builders shared by tests: the bundled catalog, the sample citizen as a card read, a
receipt for a chosen delivery."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from functools import cache

from kiosk.card.api import CardReadResult, CheckOutcome, PassiveAuthResult
from kiosk.config import Config, defaults
from kiosk.domain.catalog import Catalog
from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.procedure import Procedure
from kiosk.domain.receipt import Receipt
from kiosk.domain.receipt_building import build_receipt
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN
from kiosk.simulators.sample_receipt import sample_procedure

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


def receipt_for_delivery(
    delivery: object, cfg: Config | None = None, kiosk_id: str = "KIOSK-T-01"
) -> Receipt:
    """A temporary-residence receipt whose delivery answer is ``delivery`` (e.g.
    ``{"method": "post", "address": {...}}``); the applicant's residence is card text."""
    applicant = CitizenIdentity(
        id_number="001099000002",
        full_name="Trần Văn Bình",
        date_of_birth=date(1985, 1, 2),
        place_of_residence="Số 5 phố Kim Mã, Phường Giảng Võ, Thành phố Hà Nội",
    )
    dossier = Dossier(
        procedure_code="1.004194",
        applicant=applicant,
        answers={"address": applicant.place_of_residence, "delivery": delivery},
        kiosk_id=kiosk_id,
        ward_code="00004",
        filed_at=datetime(2026, 11, 23, 9, 30),
        fee_vnd=15000,
    )
    outcome = SubmitOutcome("u-1", "000.00.01.H26-261123-0001", True, "tok", "http://x/tra-cuu/tok")
    return build_receipt(dossier, outcome, sample_procedure(), cfg or defaults())
