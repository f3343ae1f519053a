"""How a setting is declared and checked: :func:`option` on a section's field, :class:`Option` as
the editor and the parser see it, :class:`Section` (checked when built) and :class:`ConfigError`.

The settings themselves are declared in :mod:`kiosk.config.sections`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import Field, dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin, get_type_hints
from urllib.parse import urlparse

from kiosk.errors import KioskError

OptionValue = str | int | float | bool
_V = TypeVar("_V")

#: the ``file`` of a ConfigError raised by a section built in code (``dataclasses.replace``)
IN_CODE = "<code>"


class ConfigError(KioskError):
    code = "config.invalid"
    message_vi = "Cấu hình máy không hợp lệ. Vui lòng báo kỹ thuật viên."
    message_en = "The kiosk configuration is invalid. Please call the technician."

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason


def url_problem(value: str) -> str | None:
    parsed = urlparse(value)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return "must be an http:// or https:// URL"
    return None


def empty_problem(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


@dataclass(frozen=True)
class _Limits:
    """What :func:`option` keeps in a field's metadata besides the default."""

    help: str
    minimum: float | None
    maximum: float | None
    check: Callable[[Any], str | None] | None


def option(
    default: _V,
    help: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    check: Callable[[Any], str | None] | None = None,
) -> _V:
    """Declare one option as a section field (``url: str = option("https://...", "help")``).

    A ``Literal[...]`` annotation gives the choices; ``check`` returns why a value is refused.
    """
    limits = _Limits(help, minimum, maximum, check)
    return field(default=default, metadata={"option": limits})


@dataclass(frozen=True)
class Option:
    """One setting as the editor and the parser see it: ``section.key``, type, default, limits."""

    key: str
    type: type
    default: OptionValue
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    check: Callable[[Any], str | None] | None = None

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    def validate(self, value: Any) -> str | None:
        """Return the reason ``value`` is refused, or None."""
        expected = self.type
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected is int and isinstance(value, bool):
            return "must be an integer, not true/false"
        if not isinstance(value, expected):
            return f"must be {expected.__name__}, got {type(value).__name__} {value!r}"
        if isinstance(value, int | float):
            if self.minimum is not None and value < self.minimum:
                return f"must be at least {self.minimum:g}, got {value!r}"
            if self.maximum is not None and value > self.maximum:
                return f"must be at most {self.maximum:g}, got {value!r}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, got {value!r}"
        if self.check is not None:
            return self.check(value)
        return None

    def coerce(self, value: OptionValue) -> OptionValue:
        """A valid value as stored: a TOML integer given for a float option becomes a float."""
        return float(value) if self.type is float else value


class Section:
    """Base of the settings tables: every field is checked when the table is built, also by
    ``dataclasses.replace`` (the technician editor's path), so no invalid section exists."""

    #: the TOML table name
    table: ClassVar[str]
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def __post_init__(self) -> None:
        for opt in section_options(type(self)):
            value = getattr(self, opt.name)
            reason = opt.validate(value)
            if reason:
                raise ConfigError(IN_CODE, opt.key, reason)
            object.__setattr__(self, opt.name, opt.coerce(value))


_SECTION_OPTIONS: dict[type[Section], tuple[Option, ...]] = {}


def section_options(section: type[Section]) -> tuple[Option, ...]:
    """The options a section declares, in declaration order."""
    known = _SECTION_OPTIONS.get(section)
    if known is not None:
        return known
    hints = get_type_hints(section)
    out: list[Option] = []
    for f in dataclasses.fields(section):
        limits: _Limits = f.metadata["option"]
        hint = hints[f.name]
        choices: tuple[str, ...] = ()
        kind: type = hint
        if get_origin(hint) is Literal:
            kind = str
            # a Literal with its own check (the language) keeps that check's message
            choices = () if limits.check else tuple(get_args(hint))
        if not isinstance(f.default, str | int | float | bool):
            raise TypeError(f"{section.__name__}.{f.name}: declare it with option(default, ...)")
        out.append(
            Option(
                f"{section.table}.{f.name}",
                kind,
                f.default,
                limits.help,
                limits.minimum,
                limits.maximum,
                choices,
                limits.check,
            )
        )
    _SECTION_OPTIONS[section] = tuple(out)
    return _SECTION_OPTIONS[section]
