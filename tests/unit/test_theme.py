"""The stylesheet's colours and sizes: WCAG 2.2 AA in both palettes, no text under 20 px."""

from __future__ import annotations

import re

import pytest

from ui.theme import (
    BODY_PX,
    CONTROL_PAIRS,
    HIGH_CONTRAST,
    NORMAL,
    SMALLEST_PX,
    TEXT_PAIRS,
    Palette,
    contrast_ratio,
    relative_luminance,
    stylesheet,
)

PALETTES = {"normal": NORMAL, "high_contrast": HIGH_CONTRAST}
_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def rules(qss: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) for every rule of the stylesheet."""
    out = []
    for selector, body in _RULE.findall(qss):
        props = {}
        for decl in body.split(";"):
            if ":" in decl:
                name, value = decl.split(":", 1)
                props[name.strip()] = value.strip()
        out.append((" ".join(selector.split()), props))
    return out


def test_the_contrast_formula_gives_the_known_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WCAG's own examples: #777777 on white just fails 4.5:1, #767676 just passes
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)
    assert contrast_ratio("#ffff00", "#ffffff") == pytest.approx(1.07, abs=0.01)


@pytest.mark.parametrize("name", PALETTES)
def test_every_text_pair_meets_4_5_to_1(name: str) -> None:
    p = PALETTES[name].colours()
    low = {
        (fg, bg): round(contrast_ratio(p[fg], p[bg]), 2)
        for fg, bg in TEXT_PAIRS
        if contrast_ratio(p[fg], p[bg]) < 4.5
    }
    assert low == {}


@pytest.mark.parametrize("name", PALETTES)
def test_every_control_boundary_and_disabled_button_meets_3_to_1(name: str) -> None:
    p = PALETTES[name].colours()
    low = {
        (fg, bg): round(contrast_ratio(p[fg], p[bg]), 2)
        for fg, bg in CONTROL_PAIRS
        if contrast_ratio(p[fg], p[bg]) < 3.0
    }
    assert low == {}
    # the disabled main button was yellow on white (1.06:1) in high contrast
    assert contrast_ratio(p["disabled_text"], p["disabled_bg"]) >= 3.0


def _pair_hexes(p: Palette, pairs: tuple[tuple[str, str], ...]) -> set[tuple[str, str]]:
    c = p.colours()
    return {(c[fg].lower(), c[bg].lower()) for fg, bg in pairs}


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("large", [False, True])
def test_the_stylesheet_uses_only_the_measured_pairs(name: str, large: bool) -> None:
    p = PALETTES[name]
    c = p.colours()
    qss = stylesheet(large_text=large, high_contrast=name == "high_contrast")
    text_pairs = _pair_hexes(p, TEXT_PAIRS)
    text_colours = {fg for fg, _ in text_pairs}
    backgrounds = {bg for _, bg in text_pairs} | {c["accent"]}  # the progress bar's chunk
    boundaries = {fg for fg, _ in _pair_hexes(p, CONTROL_PAIRS)} | {c["border"]}  # decorative
    seen_pairs = 0
    for selector, props in rules(qss):
        colour = props.get("color", "").lower()
        background = props.get("background", "").lower()
        if colour:
            assert colour in text_colours, (selector, colour)
        if _HEX.fullmatch(background):
            assert background in backgrounds, (selector, background)
        if colour and _HEX.fullmatch(background):
            assert (colour, background) in text_pairs, selector
            seen_pairs += 1
        chosen = props.get("selection-color", "").lower()
        chosen_bg = props.get("selection-background-color", "").lower()
        if chosen or chosen_bg:  # a chosen row in a list
            assert (chosen, chosen_bg) in text_pairs, selector
        for key, value in props.items():
            if key.startswith("border"):
                for hexcolour in _HEX.findall(value):
                    assert hexcolour.lower() in boundaries, (selector, key, hexcolour)
    assert seen_pairs >= 5  # the parser did find the rules


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("contrast", [False, True])
def test_no_text_under_20_px_at_1080p(large: bool, contrast: bool) -> None:
    qss = stylesheet(large_text=large, high_contrast=contrast, scale=1.0)
    sizes = [int(s) for s in re.findall(r"font-size:\s*(\d+)px", qss)]
    assert len(sizes) >= 8
    assert min(sizes) >= SMALLEST_PX == 20
    body = re.search(r"\* \{[^}]*font-size: (\d+)px", qss)
    assert body is not None
    assert int(body.group(1)) >= BODY_PX >= 22
