"""Every string exists in Vietnamese and English with the same placeholders, and is used."""

import re
import string
from pathlib import Path

from ui.strings import STRINGS, money, tr

UI = Path(__file__).resolve().parents[2] / "ui"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_present_with_identical_placeholders() -> None:
    for key, (vi, en) in STRINGS.items():
        assert vi.strip(), f"{key}: Vietnamese missing"
        assert en.strip(), f"{key}: English missing"
        assert placeholders(vi) == placeholders(en), key


def test_every_key_used_in_code_exists_and_every_entry_is_used() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py"))
    used = set(re.findall(r"""["']((?:[a-z0-9_]+\.)+[a-z0-9_]+)["']""", source))
    keys = set(STRINGS)
    # keys built at run time: rating reasons
    dynamic = {k for k in keys if k.startswith("rating.reason.")}
    referenced = {u for u in used if u.split(".")[0] in {k.split(".")[0] for k in keys}}
    missing = {u for u in referenced if u not in keys and not u.endswith((".py", ".png"))}
    assert missing == set()
    unused = keys - used - dynamic
    assert unused == set()


def test_money_and_format() -> None:
    assert money(10000, "vi") == "10.000 đ"
    assert money(200000, "en") == "200.000 đ"
    assert money(0, "vi") == "Miễn phí"
    assert money(None, "en") == "Not known - ask staff"
    assert tr("nav.progress", "vi", n=3, total=6) == "Bước 3/6"
    assert tr("nav.progress", "en", n=3, total=6) == "Step 3 of 6"
