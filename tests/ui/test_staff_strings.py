"""Staff and technician strings: both languages, same placeholders, none missing, none unused."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kiosk.config import defaults
from kiosk.diagnostics import Status
from kiosk.diagnostics.standard import standard_probes
from kiosk.visit.session import Step
from ui.staff.strings import DYNAMIC_PREFIXES, STAFF_STRINGS, tr
from ui.strings import STRINGS

STAFF_UI = Path(__file__).resolve().parents[2] / "ui" / "staff"
PREFIXES = {k.split(".")[0] for k in STAFF_STRINGS}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_present_with_identical_placeholders() -> None:
    for key, (vi, en) in STAFF_STRINGS.items():
        assert vi.strip(), f"{key}: Vietnamese missing"
        assert en.strip(), f"{key}: English missing"
        assert placeholders(vi) == placeholders(en), key


def test_every_key_used_exists_and_every_entry_is_used() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in STAFF_UI.glob("*.py") if p.name != "strings.py"
    )
    used = set(re.findall(r"""["']((?:[a-z0-9_]+\.)+[a-z0-9_]+)["']""", source))
    referenced = {u for u in used if u.split(".")[0] in PREFIXES}
    assert referenced - set(STAFF_STRINGS) == set()
    dynamic = {k for k in STAFF_STRINGS if k.startswith(DYNAMIC_PREFIXES)}
    assert set(STAFF_STRINGS) - used - dynamic == set()
    for prefix in DYNAMIC_PREFIXES:
        assert f'f"{prefix}{{' in source, f"{prefix} is not built anywhere"


def test_keys_built_at_run_time_cover_every_case() -> None:
    assert {f"staff.step.{s.value}" for s in Step} <= set(STAFF_STRINGS)
    assert {f"diag.status.{s.value}" for s in Status} <= set(STAFF_STRINGS)
    names = {p.name for p in standard_probes(defaults())}
    assert {f"diag.probe.{n}" for n in names} <= set(STAFF_STRINGS)
    assert {k for k in STAFF_STRINGS if k.startswith(DYNAMIC_PREFIXES)} == (
        {f"staff.step.{s.value}" for s in Step}
        | {f"diag.status.{s.value}" for s in Status}
        | {f"diag.probe.{n}" for n in names}
    )


def test_no_prefix_is_shared_with_the_resident_strings() -> None:
    # the resident strings' own test treats a dotted literal with one of its prefixes as its key
    assert PREFIXES.isdisjoint({k.split(".")[0] for k in STRINGS})


def test_tr_formats_and_falls_back_for_an_unknown_probe() -> None:
    assert tr("pin.wrong", "vi", n=4) == "Mã PIN không đúng. Còn 4 lần thử."
    assert tr("pin.wrong", "en", n=1) == "Wrong PIN. 1 attempt(s) left."
    assert tr("diag.probe.new_sensor", "vi") == "new_sensor"
    with pytest.raises(KeyError):
        tr("staff.no_such_key", "vi")
