from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.commands.main import main
from kiosk.domain.catalog import CATEGORIES
from kiosk.domain.catalog_loading import bundled_catalog_dir, load_catalog
from kiosk.domain.catalog_parsing import parse_procedure
from kiosk.domain.catalog_reader import CatalogError
from kiosk.domain.catalog_serialising import procedure_to_dict
from kiosk.domain.form import FieldKind
from kiosk.domain.procedure import ServiceLevel
from kiosk.errors import KioskError
from tests.factories import catalog

BUNDLED = bundled_catalog_dir()


def test_every_bundled_file_loads() -> None:
    result = load_catalog(BUNDLED)
    assert result.errors == []
    files = sorted(BUNDLED.glob("*.toml"))
    assert len(result.catalog) == len(files) >= 15
    for p in result.catalog.procedures:
        assert p.source_file.startswith(p.code + "-"), p.source_file
        assert p.name_vi
        assert p.name_en
        assert p.agency_vi
        assert p.agency_en
        assert p.documents, p.code
        assert p.form.fields, p.code


@pytest.mark.parametrize(
    ("code", "level", "days", "category"),
    [
        ("1.001193", ServiceLevel.FULL, 0, "civil_status"),
        ("1.000894", ServiceLevel.PARTIAL, 0, "civil_status"),
        ("1.000656", ServiceLevel.PARTIAL, 0, "civil_status"),
        ("1.004873", ServiceLevel.PARTIAL, 3, "civil_status"),
        ("2.000815", ServiceLevel.PARTIAL, 0, "certification"),
        ("2.000884", ServiceLevel.PARTIAL, 0, "certification"),
        ("2.000635", ServiceLevel.FULL, 0, "civil_status"),
        ("1.004222", ServiceLevel.FULL, 7, "residence"),
        ("1.004194", ServiceLevel.FULL, 3, "residence"),
        ("1.010038", ServiceLevel.FULL, None, "residence"),
        ("1.003677", ServiceLevel.FULL, 2, "residence"),  # 1 day, at most 2 working days
        ("1.004884", ServiceLevel.PARTIAL, None, "civil_status"),
        ("1.002755", ServiceLevel.FULL, 3, "residence"),
        ("1.010028", ServiceLevel.FULL, 2, "residence"),
        ("1.010041", ServiceLevel.FULL, 3, "residence"),
        ("2.001159", ServiceLevel.FULL, 0, "residence"),
        ("1.004837", ServiceLevel.PARTIAL, 3, "civil_status"),
        ("1.001699", ServiceLevel.PARTIAL, 25, "social"),
        ("2.001008", ServiceLevel.PARTIAL, None, "certification"),
    ],
)
def test_facts_of_the_common_procedures(
    code: str, level: ServiceLevel, days: int | None, category: str
) -> None:
    p = catalog().get(code)
    assert p is not None
    assert (p.level, p.processing_days, p.category) == (level, days, category)


@pytest.mark.parametrize("code", ["1.001193", "2.000815", "1.004194"])
def test_first_forms_prefill_identity_and_ask_delivery(code: str) -> None:
    p = catalog().get(code)
    assert p is not None
    from_card = {f.from_card: f for f in p.form.fields if f.from_card}
    assert {"full_name", "id_number"} <= set(from_card)
    assert not from_card["full_name"].editable
    kinds = {f.kind for f in p.form.fields}
    assert {FieldKind.DELIVERY, FieldKind.AGENCY, FieldKind.PHONE} <= kinds


def test_catalog_queries() -> None:
    cat = catalog()
    assert cat.get("1.004194") is not None
    assert cat.get(" 1.004194 ") is not None
    assert cat.get("9.999999") is None
    top = cat.most_used(3)
    assert [p.code for p in top] == ["1.001193", "2.000815", "1.004194"]
    pops = [p.popularity for p in cat.most_used(100)]
    assert pops == sorted(pops, reverse=True)
    assert cat.most_used(0) == []
    keys = [k for k, _vi, _en in cat.categories()]
    assert keys == [k for k in CATEGORIES if k in keys]
    assert {"civil_status", "certification", "residence"} <= set(keys)
    residence = cat.by_category("residence")
    assert residence
    assert all(p.category == "residence" for p in residence)
    assert sum(len(cat.by_category(k)) for k in keys) == len(cat)


def _copy_bundled(tmp_path: Path) -> Path:
    target = tmp_path / "procedures"
    shutil.copytree(BUNDLED, target)
    return target


def test_broken_files_are_named_and_the_rest_loads(tmp_path: Path) -> None:
    d = _copy_bundled(tmp_path)
    (d / "9.000001-syntax.toml").write_text('code = "9.000001"\nname_vi = \n', encoding="utf-8")
    text = (BUNDLED / "1.004194-dang-ky-tam-tru.toml").read_text(encoding="utf-8")
    broken = text.replace('code = "1.004194"', 'code = "9.000002"')
    broken = broken.replace('kind = "address"', 'kind = "adress"', 1)
    broken = broken.replace("processing_days = 3\n", "")
    (d / "9.000002-fields.toml").write_text(broken, encoding="utf-8")
    result = load_catalog(d)
    assert len(result.catalog) == len(list(BUNDLED.glob("*.toml")))
    where = {(e.file, e.field) for e in result.errors}
    assert ("9.000001-syntax.toml", "") in where
    assert ("9.000002-fields.toml", "processing_days") in where
    assert any(f == "9.000002-fields.toml" and fld.endswith(".kind") for f, fld in where)
    for e in result.errors:
        assert isinstance(e, KioskError)
        assert e.message("vi") != e.message("en")
        assert e.file in str(e)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(code="1001193"), "code"),
        (lambda d: d.update(category="tax"), "category"),
        (lambda d: d.update(level="total"), "level"),
        (lambda d: d.update(processing_days=-1), "processing_days"),
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["fee"].update(kind="per_hour"), "fee.kind"),
        (lambda d: d["fee"].update(amount="free"), "fee.amount"),
        (lambda d: d["documents"][0].update(copies=0), "documents[0].copies"),
        (
            lambda d: d["form"]["fields"][0].update(from_card="blood_type"),
            "form.fields[0].from_card",
        ),
        (lambda d: d["form"]["fields"][0].update(rules=["sometimes"]), "form.fields[0].rules"),
        (lambda d: d["form"]["fields"][0].update(key="Name"), "form.fields[0].key"),
        (lambda d: d["form"]["fields"][1].update(key="applicant_name"), "form.fields[1].key"),
        (
            lambda d: d["form"]["fields"][0].update(show_if={"field": "phone", "equals": ["x"]}),
            "form.fields[0].show_if.field",
        ),
        (lambda d: d["form"].update(fields=[]), "form.fields"),
    ],
)
def test_field_errors_name_the_field(change: object, field: str) -> None:
    p = catalog().get("1.004194")
    assert p is not None
    data = json.loads(json.dumps(procedure_to_dict(p)))
    change(data)  # type: ignore[operator]
    errors: list[CatalogError] = []
    assert parse_procedure(data, "x.toml", errors) is None
    assert field in [e.field for e in errors], [str(e) for e in errors]


def test_duplicate_codes(tmp_path: Path) -> None:
    d = _copy_bundled(tmp_path)
    shutil.copy(d / "1.004194-dang-ky-tam-tru.toml", d / "1.004194-copy.toml")
    result = load_catalog(d)
    assert [(e.file, e.field) for e in result.errors] == [("1.004194-dang-ky-tam-tru.toml", "code")]


def test_missing_directory(tmp_path: Path) -> None:
    result = load_catalog(tmp_path / "nope")
    assert len(result.catalog) == 0
    assert len(result.errors) == 1


def _cli(args: list[str]) -> int:
    return main(args)


def test_cli_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["catalog", "check"]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    d = _copy_bundled(tmp_path)
    (d / "9.000003-bad.toml").write_text('code = "x"\n', encoding="utf-8")
    assert _cli(["catalog", "check", str(d)]) == 1
    err = capsys.readouterr().err
    assert "9.000003-bad.toml: code:" in err
    assert "9.000003-bad.toml: name_vi: missing" in err


def test_cli_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["catalog", "search", "dang", "ky", "ket", "hon"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "1.000894" in first
    assert "Đăng ký kết hôn" in first
    assert _cli(["catalog", "search", "zzzzqqq"]) == 1
