"""Where the kiosk's TOML settings live, and how the technician editor saves them.

Saving validates first (the same :func:`kiosk.config.parse` that loading uses, so a saved file
always loads) and then replaces the file atomically: a crash or power cut mid-save leaves the old
file or the new one, never a broken one (see :mod:`kiosk.runtime.atomic_file`).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from kiosk import config as kconfig
from kiosk.config import Config, ConfigError, OptionValue
from kiosk.runtime.atomic_file import write_atomic

#: where ``deploy/install.sh`` puts the settings
DEFAULT_CONFIG_PATH = Path("/etc/ward-kiosk/kiosk.toml")
#: environment variable that points at another settings file
CONFIG_ENV = "KIOSK_CONFIG"
#: permission bits of a settings file the store creates (readable by the kiosk group)
NEW_FILE_MODE = 0o640


def config_path(
    explicit: str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The settings file to use: ``--config``, else ``$KIOSK_CONFIG``, else the installed one.

    None means "no file: run on the built-in defaults".
    """
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit)
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    return DEFAULT_CONFIG_PATH if DEFAULT_CONFIG_PATH.exists() else None


def load_config(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    path = config_path(explicit, environ)
    return kconfig.defaults() if path is None else kconfig.load(path)


def render_settings(cfg: Config) -> str:
    """``cfg`` as TOML, one table per section, every option preceded by its help.

    The one renderer of the settings (``config/kiosk.toml`` is its output for the defaults): it
    walks :data:`kiosk.config.OPTIONS` section by section and escapes control characters in
    strings.
    """
    sections: dict[str, list[kconfig.Option]] = {}
    for option in kconfig.OPTIONS:
        sections.setdefault(option.section, []).append(option)
    blocks: list[str] = []
    for section, options in sections.items():
        lines = [f"[{section}]"]
        for option in options:
            for help_line in option.help.splitlines() or [""]:
                lines.append(f"# {help_line}".rstrip())
            lines.append(f"{option.name} = {toml_value(cfg.value(option.key))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


_TOML_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_value(value: OptionValue) -> str:
    """One option value as a TOML literal (basic string, integer, float or boolean)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    out = []
    for ch in value:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class SettingsStore:
    """Loads and atomically saves one TOML settings file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def load(self) -> Config:
        """The current settings; the built-in defaults when the file does not exist yet."""
        if not self.path.exists():
            return kconfig.defaults(str(self.path))
        return kconfig.load(self.path)

    def validate(self, values: Mapping[str, OptionValue]) -> Config:
        """Check each ``section.key`` value; raise :class:`ConfigError` naming the first bad key."""
        table: dict[str, dict[str, OptionValue]] = {}
        for key, value in values.items():
            if "." not in key:
                raise ConfigError(str(self.path), key, "must be written section.key")
            section, name = key.split(".", 1)
            table.setdefault(section, {})[name] = value
        return kconfig.parse(table, str(self.path))

    def save_values(self, changes: Mapping[str, OptionValue]) -> Config:
        """Apply ``changes`` (``{"backend.url": ...}``) to the current file and save it."""
        current = self.load().as_dict()
        current.update(changes)
        cfg = self.validate(current)
        self.save(cfg)
        return cfg

    def save(self, cfg: Config) -> None:
        """Write ``cfg`` with every option's help as a comment, atomically."""
        self.save_text(render_settings(cfg), expected=cfg)

    def save_text(self, text: str, *, expected: Config | None = None) -> Config:
        """Validate a whole TOML document and save it atomically; returns what it holds.

        With ``expected``, also check that the text reads back as exactly those values (a value
        the renderer cannot write faithfully is refused rather than saved changed).
        """
        source = str(self.path)
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(source, "-", f"not valid TOML: {exc}") from exc
        cfg = kconfig.parse(table, source)
        if expected is not None:
            want, got = expected.as_dict(), cfg.as_dict()
            for key, value in want.items():
                if got.get(key) != value:
                    raise ConfigError(source, key, "this value cannot be written to TOML as is")
        mode = None if self.path.exists() else NEW_FILE_MODE
        try:
            write_atomic(self.path, text.encode("utf-8"), mode=mode)
        except OSError as exc:
            raise ConfigError(source, "-", f"cannot save: {exc.strerror}") from exc
        return cfg
