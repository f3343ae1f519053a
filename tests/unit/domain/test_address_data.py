"""The official unit list (vietnam-provinces 2026.x), card addresses of both eras, and the
check of the configured ward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.commands.main import main
from kiosk.diagnostics.report import Status
from kiosk.diagnostics.system_probes import probe_versions
from kiosk.domain import address

REPO = Path(__file__).resolve().parents[3]


def test_the_installed_data_is_the_official_list() -> None:
    # the 2025.x releases (draft list) had 187 for Láng and Kim Liên at 226
    assert address.units_version().startswith("vietnam-provinces 2026.")
    major, minor = (int(x) for x in address.data_package_version().split(".")[:2])
    assert (major, minor) >= (2026, 1)
    assert len(address.provinces()) == 34
    assert len(address.communes(address.HANOI)) == 126
    assert sum(len(address.communes(p.code)) for p in address.provinces()) == 3321
    lang = address.commune(199)
    assert lang is not None
    assert lang.name == "Phường Láng"
    vm = address.commune(226)
    assert vm is not None
    assert vm.name == "Phường Văn Miếu - Quốc Tử Giám"
    assert address.commune(187) is None
    assert [u.code for u in address.find_communes(address.HANOI, "kim lien")] == [
        u.code for u in address.communes(address.HANOI) if u.short_name == "Kim Liên"
    ]


def test_todays_card_address_is_read_to_one_ward() -> None:
    r = address.read_residence("Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội")
    assert not r.legacy
    assert [u.code for u in r.candidates] == [4]
    answer = r.answer()
    assert answer is not None
    assert answer["province_code"] == address.HANOI
    assert answer["commune_code"] == 4
    assert answer["street"] == "Số 12 ngõ 34 phố Đội Cấn"
    assert answer["units_version"] == address.units_version()
    assert address.address_problem(answer) is None


def test_district_era_address_maps_to_todays_ward() -> None:
    text = "Số 3 ngõ 5 Tân Ấp, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội"
    r = address.read_residence(text)
    assert r.text == text  # kept as read
    assert r.legacy
    assert r.street == "Số 3 ngõ 5 Tân Ấp"
    assert [u.name for u in r.candidates] == ["Phường Hồng Hà"]
    answer = r.answer()
    assert answer is not None
    assert answer["commune_code"] == 97


def test_a_split_old_ward_leaves_the_choice_to_the_resident() -> None:
    # old Phường Điện Biên (Ba Đình) went to four of today's wards
    r = address.read_residence("Số 1 Điện Biên Phủ, Phường Điện Biên, Quận Ba Đình, Hà Nội")
    names = [u.name for u in r.candidates]
    assert len(names) == 4
    assert "Phường Ba Đình" in names
    assert "Phường Văn Miếu - Quốc Tử Giám" in names
    assert r.chosen is None
    assert r.answer() is None  # no guess
    picked = r.answer(commune_code=226)
    assert picked is not None
    assert picked["commune_code"] == 226
    assert r.answer(commune_code=70_000) is None  # not one of the candidates


@pytest.mark.parametrize(
    "text", ["", "Hà Nội", "Số 1, Phường Không Có, Thành phố Hà Nội", "12 Main St, Springfield"]
)
def test_unrecognised_addresses_give_no_ward(text: str) -> None:
    r = address.read_residence(text)
    assert r.candidates == ()
    assert r.answer() is None


def test_a_ward_type_must_match() -> None:
    # "Xã Ba Đình" is not "Phường Ba Đình"
    assert address.read_residence("Số 1, Xã Ba Đình, Hà Nội").candidates == ()


def test_ward_name_problem() -> None:
    assert address.ward_name_problem("00004", "Phường Ba Đình") is None
    assert address.ward_name_problem("4", "phuong ba dinh") is None
    problem = address.ward_name_problem("226", "Phường Kim Liên")
    assert problem is not None
    assert "Văn Miếu" in problem
    assert address.ward_name_problem("187", "Phường Láng") is not None
    assert address.ward_name_problem("abc", "Phường Láng") is not None


def test_config_check_flags_a_renumbered_ward(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = (REPO / "config" / "kiosk.toml").read_text(encoding="utf-8")
    assert main(["config", "check", str(REPO / "config" / "kiosk.toml")]) == 0
    bad = tmp_path / "kiosk.toml"
    bad.write_text(
        good.replace('ward_code = "00004"', 'ward_code = "226"').replace(
            'ward_name = "Phường Ba Đình"', 'ward_name = "Phường Kim Liên"'
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["config", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "kiosk.ward_code" in err
    assert "Văn Miếu" in err


def test_doctor_versions_probe_flags_the_ward() -> None:
    ok = probe_versions(
        version_of=lambda *names: "1", pcsc_version=lambda: "1", ward=("00004", "Phường Ba Đình")
    )
    assert ok.status is Status.OK
    assert ok.data["units"] == address.units_version()
    bad = probe_versions(
        version_of=lambda *names: "1", pcsc_version=lambda: "1", ward=("226", "Phường Kim Liên")
    )
    assert bad.status is Status.WARN
    assert "Văn Miếu" in bad.summary


def test_the_shipped_legacy_index_is_the_installed_packages() -> None:
    # regenerate with scripts/legacy-wards.py after upgrading vietnam-provinces
    shipped = json.loads(address.LEGACY_INDEX.read_text(encoding="utf-8"))
    assert shipped == address.build_legacy_index()
    assert shipped["units"] == address.units_version()
    hanoi_old_districts = shipped["wards"]["1"]
    assert "ba dinh" in hanoi_old_districts
    assert hanoi_old_districts["ba dinh"]["phuc xa"] == [97]
