"""The applicant's name as the public may see it: family name, then initials."""

from __future__ import annotations


def mask_name(full_name: str) -> str:
    """``"Nguyễn Văn An"`` -> ``"Nguyễn V** A*"``.

    The family name (first word) is kept; every other word keeps its first letter and the rest
    becomes stars, so the length of the given names is visible but not their letters.
    """
    words = full_name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0] + "*" * (len(words[0]) - 1)
    masked = [words[0]] + [w[0] + "*" * (len(w) - 1) for w in words[1:]]
    return " ".join(masked)
