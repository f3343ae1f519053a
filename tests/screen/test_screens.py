"""Every screen in a real window at 1920x1080 and 1280x800, both languages, normal and large
text, with the keyboard shown for every kind of field: the window stays exactly the screen and
every visible button, field and key lies on the screen, uncovered, at least 64 px high."""

from __future__ import annotations

import pytest

from kiosk.lang import Lang
from tests.screen.conftest import Walk

pytestmark = pytest.mark.slow

KEYBOARD_KINDS = {"text", "numeric", "date", "phone", "email"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("scenario", ["tour", "tour-large"])
def test_every_screen_fits_the_real_screen(walk: Walk, lang: Lang, scenario: str) -> None:
    report = walk(scenario, lang=lang)
    assert report.get("error") is None, report.get("error")
    assert report["exit"] == 0
    assert report["problems"] == {}, report["problems"]
    states = report["states"]
    # the whole visit was seen: home to the end screen, the tracking screen, the idle warning
    for name in ("01-home", "03-consent", "04-identify", "08-review", "10-receipt", "12-end"):
        assert name in states
    assert "13-track" in states
    assert "14-idle-warning" in states
    shown = {name.rsplit("-keyboard-", 1)[1] for name in states if "-keyboard-" in name}
    assert shown >= KEYBOARD_KINDS, shown
    assert all(v["keyboard"] for k, v in states.items() if "-keyboard-" in k)
    assert sum(v["targets"] for v in states.values()) > 400
