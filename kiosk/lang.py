"""The two languages every screen, slip and message comes in.

Engine functions take a :data:`Lang`, never a bare ``str``: a string that arrives from outside
(the settings file, a command-line flag, a walkthrough report) is checked once, where it enters,
with :func:`parse_lang` or :func:`lang_problem`.
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Lang = Literal["vi", "en"]

#: every language, the default first
LANGS: tuple[Lang, ...] = get_args(Lang)


def is_lang(value: object) -> TypeGuard[Lang]:
    return value in LANGS


def lang_problem(value: object) -> str | None:
    """Why ``value`` is not a language, or None (the reason a config check shows)."""
    return None if is_lang(value) else "must be 'vi' or 'en'"


def parse_lang(value: str) -> Lang:
    """``value`` as a :data:`Lang`; ValueError naming the value otherwise."""
    if is_lang(value):
        return value
    raise ValueError(f"unknown language {value!r}: must be 'vi' or 'en'")
