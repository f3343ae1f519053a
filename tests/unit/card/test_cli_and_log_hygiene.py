"""The technician CLI (in-process virtual card) and log hygiene."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pytest

from kiosk.card.api import AccessKeys
from kiosk.card.reader import ChipReader
from kiosk.commands.card import JSON_FIELDS
from kiosk.commands.main import build_parser
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.direct import DirectConnector
from kiosk.simulators.virtual_card.factory import make_card
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.pki import CardPki


def _parser() -> argparse.ArgumentParser:
    return build_parser()


def test_card_read_json_with_the_virtual_card(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["card", "read", "--id", "001089012345", "--dob", "1989-05-14", "--virtual"]
    args = _parser().parse_args([*argv, "--json", "--face", str(tmp_path / "face")])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == [
        *JSON_FIELDS, "passive_authentication", "access_method", "chip_authenticity",
        "chip_auth_method", "generation",
    ]  # fmt: skip
    assert (out["access_method"], out["chip_authenticity"]) == ("pace", "genuine")
    assert (out["chip_auth_method"], out["generation"]) == ("CA", "cccd")
    assert out["full_name"] == SAMPLE_CITIZEN.full_name
    assert out["issue_date"] == "2021-04-10"
    assert out["expiry_date"] == "2029-05-14"
    assert out["father_name"] == "Nguyễn Văn Bình"
    assert out["passive_authentication"]["data_group_hashes"] == "valid"
    assert (tmp_path / "face.jpg").read_bytes() == SAMPLE_FACE_JPEG


def test_card_read_text_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    parser = _parser()
    args = parser.parse_args(
        ["card", "read", "--id", "001089012345", "--dob", "1989-05-14", "--virtual"]
    )
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Họ và tên / Name: Nguyễn Văn An" in out
    assert "Truy cập / access: pace" in out
    assert "Chip: genuine (CA)" in out
    # PACE needs the number only; a wrong birth date matters only for BAC (--no-pace)
    args = parser.parse_args(["card", "read", "--id", "001089012345", "--virtual"])
    assert args.func(args) == 0
    assert "Nguyễn Văn An" in capsys.readouterr().out
    argv = ["card", "read", "--id", "001089012345", "--dob", "1989-05-15", "--virtual"]
    args = parser.parse_args([*argv, "--expiry", "2029-05-14", "--no-pace"])
    assert args.func(args) == 1
    err = capsys.readouterr().err
    assert "card.access_denied" in err
    assert "Kiểm tra số CCCD" in err
    args = parser.parse_args(["card", "read", "--id", "001089012399", "--virtual"])
    assert args.func(args) == 1
    err = capsys.readouterr().err
    assert "card.access_denied.id_number" in err
    assert "6 chữ số cuối" in err
    with pytest.raises(SystemExit):
        parser.parse_args(["card", "read", "--id", "1", "--dob", "14/05/1989"])


def test_no_personal_data_in_logs_of_reads_good_and_bad(
    pki: CardPki, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    keys = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth)
    for faults in (FaultModes(), FaultModes(tamper_dg13=True), FaultModes(max_read=16),
                   FaultModes(reject_access=True, refuse_pace=True),
                   FaultModes(wrong_chip_key=True), FaultModes(remove_after_reads=2)):  # fmt: skip
        card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki, faults=faults)
        try:
            ChipReader(DirectConnector(card)).read(keys, lambda s: None)
        except Exception as exc:  # the errors' text is checked too
            caplog.records.append(logging.makeLogRecord({"msg": str(exc)}))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "BAC refused" in text  # the logs were captured at all
    assert "PACE refused" in text
    for value in SAMPLE_CITIZEN.personal_values():
        assert value not in text
    assert SAMPLE_CITIZEN.id_number[-9:] not in text
    assert SAMPLE_CITIZEN.id_number[-6:] not in text  # the CAN
