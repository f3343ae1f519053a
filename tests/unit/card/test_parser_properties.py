"""Random and mutated bytes into every parser: only CorruptDataError may come out."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.card.encoding.tlv import encode_tlv, iter_tlv, read_tlv, total_length
from kiosk.card.errors import CorruptDataError
from kiosk.card.identity import identity_from
from kiosk.card.lds.dg1 import parse_dg1, parse_td1
from kiosk.card.lds.dg2 import parse_dg2
from kiosk.card.lds.dg13 import parse_dg13
from kiosk.card.lds.files import Fid
from kiosk.card.lds.sod import parse_sod
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.file_tree import build_files
from kiosk.simulators.virtual_card.pki import generate

FILES = build_files(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, generate())
# DG2 is large; its header and the start of the image are what a parser walks
DG2_HEAD = FILES[Fid.DG2][:200]


def _dg13_identity(raw: bytes) -> object:
    dg13 = parse_dg13(raw)
    try:
        return identity_from(dg13, None)
    except CorruptDataError:
        return None


PARSERS: dict[str, tuple[Callable[[bytes], object], bytes]] = {
    "tlv": (lambda b: list(iter_tlv(b)), FILES[Fid.DG13]),
    "dg1": (parse_dg1, FILES[Fid.DG1]),
    "dg13": (_dg13_identity, FILES[Fid.DG13]),
    "dg2": (parse_dg2, FILES[Fid.DG2]),
    "sod": (parse_sod, FILES[Fid.SOD]),
}


def _only_corrupt(parser: Callable[[bytes], object], data: bytes) -> None:
    with contextlib.suppress(CorruptDataError):
        parser(data)


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(data=st.binary(max_size=600))
@settings(max_examples=150, deadline=None)
# random bytes rarely make a DG13 at all; when they do, its parser may warn as below
@pytest.mark.expect_log("WARNING", "kiosk.card.lds.dg13", r"malformed constructed", optional=True)
@pytest.mark.expect_log("WARNING", "kiosk.card.lds.dg13", r"repeated; later copy", optional=True)
def test_random_bytes(name: str, data: bytes) -> None:
    _only_corrupt(PARSERS[name][0], data)


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "set", "cut", "insert", "delete"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[pos : pos + draw(st.integers(1, 8))]
    return bytes(data)


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(data=st.data())
@settings(max_examples=200, deadline=None)
# only DG13's parser warns: of a mutation that hits a constructed object, or one that makes a
# field number appear twice (a random draw; CI met it once)
@pytest.mark.expect_log(
    "WARNING", "kiosk.card.lds.dg13", r"malformed constructed object", optional=True
)
@pytest.mark.expect_log(
    "WARNING", "kiosk.card.lds.dg13", r"field \d+ repeated; later copy ignored", optional=True
)
def test_mutated_files(name: str, data: st.DataObject) -> None:
    parser, original = PARSERS[name]
    _only_corrupt(parser, data.draw(mutations(original)))


@given(mrz=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<", min_size=85, max_size=95))
def test_td1_text(mrz: str) -> None:
    with contextlib.suppress(CorruptDataError):
        parse_td1(mrz)


@given(tag=st.sampled_from([0x04, 0x30, 0x5F1F, 0x7F61]), value=st.binary(max_size=70000))
@settings(max_examples=60, deadline=None)
def test_tlv_round_trip(tag: int, value: bytes) -> None:
    encoded = encode_tlv(tag, value)
    obj = read_tlv(encoded)
    assert (obj.tag, obj.value, obj.end) == (tag, value, len(encoded))
    assert total_length(encoded[:6]) == len(encoded)


def test_the_unmutated_files_parse() -> None:
    for name, (parser, original) in PARSERS.items():
        assert parser(original) is not None, name
