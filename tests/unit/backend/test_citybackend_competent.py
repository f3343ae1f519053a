"""The backend keeps the fee with the rule the kiosk applied, and prefixes a dossier's code
with its competent unit's agency code (non-territorial filing)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from citybackend import schema
from citybackend.agencies import AgencyFileError, load_agency_codes
from citybackend.database import create_db_engine
from citybackend.migrations import upgrade
from citybackend.models import DossierSubmission
from citybackend.stores.store import Store
from kiosk.backend.wire import dossier_from_json, dossier_to_json
from kiosk.domain.citizen import CitizenIdentity
from kiosk.domain.dossier import Dossier

KIOSK_AGENCY = "000.00.01.H26"
LANG_AGENCY = "000.00.99.H26"  # a made-up code for the test's directory


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    return Store(engine, processing_days={"1.004194": 3}, agency_codes={"00199": LANG_AGENCY})


def _dossier(**changes: object) -> Dossier:
    base = Dossier(
        "1.004194",
        CitizenIdentity("001099000001", "Lê Thị Hoa", date(1990, 1, 1)),
        {"x": 1},
        "K1",
        "00004",
        datetime(2026, 12, 2, 9, 0),
        fee_vnd=None,
        fee_rule="Luật Cư trú 2020; Thông tư 75/2022/TT-BTC; Nghị quyết 77/2025/NQ-HĐND"
        " | online | 2026-01-01",
        units_version="vietnam-provinces 2026.9.0 (2026-09-20)",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _payload(store: Store, uuid: str) -> dict[str, object]:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(schema.dossiers.c.payload, schema.dossiers.c.fee_vnd).where(
                schema.dossiers.c.dossier_uuid == uuid
            )
        ).one()
    return {**json.loads(row.payload), "stored_fee_vnd": row.fee_vnd}


def test_the_code_carries_the_competent_units_agency(store: Store) -> None:
    kiosk = store.authenticate(store.enrol_kiosk("K1", agency_code=KIOSK_AGENCY))
    assert kiosk is not None
    away = _dossier(competent_ward_code="199")  # filed in Ba Đình, decided in Láng
    here = _dossier(competent_ward_code="4")  # no code listed for ward 4: the kiosk's own
    unknown = _dossier()  # the kiosk could not tell: the kiosk's own
    codes = [
        store.submit(kiosk, DossierSubmission.model_validate(dossier_to_json(d)))[0].code
        for d in (away, here, unknown)
    ]
    assert codes[0].startswith(LANG_AGENCY + "-")
    assert codes[1].startswith(KIOSK_AGENCY + "-")
    assert codes[2].startswith(KIOSK_AGENCY + "-")
    # each agency counts its own dossiers
    assert [c.rsplit("-", 1)[1] for c in codes] == ["0001", "0001", "0002"]


def test_the_fee_is_stored_with_the_rule_applied(store: Store) -> None:
    kiosk = store.authenticate(store.enrol_kiosk("K1", agency_code=KIOSK_AGENCY))
    assert kiosk is not None
    paid = _dossier(fee_vnd=24_000, fee_rule="Thông tư 281/2016/TT-BTC | in_person | -")
    covered = _dossier()
    for d in (paid, covered):
        store.submit(kiosk, DossierSubmission.model_validate(dossier_to_json(d)))
    first = _payload(store, paid.dossier_uuid)
    assert (first["stored_fee_vnd"], first["fee_vnd"]) == (24_000, 24_000)
    assert first["fee_rule"] == "Thông tư 281/2016/TT-BTC | in_person | -"
    second = _payload(store, covered.dossier_uuid)
    assert second["stored_fee_vnd"] is None
    assert str(second["fee_rule"]).endswith("| online | 2026-01-01")
    assert second["units_version"] == "vietnam-provinces 2026.9.0 (2026-09-20)"


def test_the_wire_carries_the_new_fields_only_when_set() -> None:
    body = dossier_to_json(_dossier(competent_ward_code="199"))
    assert body["competent_ward_code"] == "199"
    again = dossier_from_json(body)
    assert again.competent_ward_code == "199"
    assert again.fee_rule.endswith("2026-01-01")
    bare = dossier_to_json(_dossier(fee_rule="", units_version=""))
    assert {"fee_rule", "competent_ward_code", "units_version"}.isdisjoint(bare)


def test_agency_file(tmp_path: Path) -> None:
    assert load_agency_codes(None) == {}
    good = tmp_path / "agencies.toml"
    good.write_text('[agencies]\n"00199" = "000.00.99.H26"\n', encoding="utf-8")
    assert load_agency_codes(good) == {"199": "000.00.99.H26"}
    bad = tmp_path / "bad.toml"
    bad.write_text('[agencies]\n"Láng" = "000.00.99.H26"\n', encoding="utf-8")
    with pytest.raises(AgencyFileError, match="agencies"):
        load_agency_codes(bad)
    with pytest.raises(AgencyFileError):
        load_agency_codes(tmp_path / "missing.toml")
