"""Settings from a TOML file or table: unknown sections or keys, wrong types and out-of-range
values are refused with the file, the key and the reason (and a close name when one exists),
so a technician's typo never starts a half-configured kiosk."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kiosk.config.options import ConfigError
from kiosk.config.sections import SECTIONS, Config, apply_pairs, unknown_name


def defaults(source: str = "<defaults>") -> Config:
    return Config(source=source)


def parse(table: Mapping[str, Any], source: str) -> Config:
    """Validate a parsed TOML document. Every problem names the file and key."""
    known = {s.table for s in SECTIONS}

    def pairs() -> Iterator[tuple[str, Any]]:
        for section, body in table.items():
            if section not in known:
                raise ConfigError(source, section, unknown_name("section", section, known))
            if not isinstance(body, Mapping):
                raise ConfigError(source, section, "must be a table like [section]")
            for name, value in body.items():
                yield f"{section}.{name}", value

    return apply_pairs(defaults(), pairs(), source)


def load(path: str | os.PathLike[str]) -> Config:
    """Read and validate a TOML file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(p), "-", f"cannot read file: {exc.strerror}") from exc
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(p), "-", f"not valid TOML: {exc}") from exc
    return parse(table, str(p))
