"""Print the WCAG contrast ratio of every colour pair the stylesheet uses, in both palettes,
and the text sizes at 1080 px (normal and large text)."""

from __future__ import annotations

from ui.theme import CONTROL_PAIRS, HIGH_CONTRAST, NORMAL, TEXT_PAIRS, contrast_ratio, font_sizes


def main() -> None:
    for title, pairs, need in (("text", TEXT_PAIRS, 4.5), ("controls", CONTROL_PAIRS, 3.0)):
        print(f"{title} (need {need}:1)        normal   high contrast")
        for fg, bg in pairs:
            ratios = [
                contrast_ratio(getattr(p, fg), getattr(p, bg)) for p in (NORMAL, HIGH_CONTRAST)
            ]
            print(f"  {fg:>13} on {bg:<12} {ratios[0]:6.2f}   {ratios[1]:6.2f}")
    for large in (False, True):
        sizes = font_sizes(large_text=large)
        label = "large text" if large else "normal text"
        print(f"{label}: " + ", ".join(f"{k} {v} px" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
