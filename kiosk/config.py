"""Typed kiosk settings: every option is declared exactly once, here.

The TOML file has one table per section (``[backend]``, ``[ui]``...). Unknown sections or keys,
wrong types and out-of-range values are refused with the file, the key and the reason, so a
technician's typo never starts a half-configured kiosk.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from kiosk.errors import KioskError

OptionValue = str | int | float | bool


class ConfigError(KioskError):
    code = "config.invalid"
    message_vi = "Cấu hình máy không hợp lệ. Vui lòng báo kỹ thuật viên."
    message_en = "The kiosk configuration is invalid. Please call the technician."

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason


def _url(value: str) -> str | None:
    parsed = urlparse(value)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return "must be an http:// or https:// URL"
    return None


def _lang(value: str) -> str | None:
    return None if value in {"vi", "en"} else "must be 'vi' or 'en'"


def _nonempty(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


@dataclass(frozen=True)
class Option:
    """One setting: ``section.key``, its type, default, limits and help."""

    key: str
    type: type
    default: OptionValue
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    check: Callable[[Any], str | None] | None = None

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


OPTIONS: tuple[Option, ...] = (
    Option(
        "kiosk.id",
        str,
        "KIOSK-DEMO-01",
        "Identifier of this kiosk, as enrolled at the city.",
        check=_nonempty,
    ),
    Option(
        "kiosk.ward_code",
        str,
        "00004",
        "Code of the ward/commune where the kiosk stands, in the official list of 2025 units "
        "(vietnam-provinces 2026; `kiosk config check` compares it with kiosk.ward_name).",
    ),
    Option("kiosk.ward_name", str, "Phường Ba Đình", "Name of that ward, printed on receipts."),
    Option("kiosk.agency_code", str, "000.00.01.H26", "Receiving agency code (dossier prefix)."),
    Option(
        "kiosk.data_dir",
        str,
        "/var/lib/ward-kiosk",
        "Directory for the outbox, keys, logs and caches (created 0700).",
    ),
    Option(
        "backend.url",
        str,
        "https://dichvucong.hanoi.gov.vn/kiosk-api",
        "Base URL of the city API (http:// only for loopback).",
        check=_url,
    ),
    Option(
        "backend.token_file",
        str,
        "device-token",
        "Device token file, relative to the data directory unless absolute.",
    ),
    Option("backend.ca_bundle", str, "", "CA bundle for TLS verification; empty = system CAs."),
    Option(
        "backend.connect_timeout_s",
        float,
        3.0,
        "Connect timeout per request.",
        minimum=0.1,
        maximum=60,
    ),
    Option(
        "backend.read_timeout_s", float, 10.0, "Read timeout per request.", minimum=0.1, maximum=120
    ),
    Option(
        "backend.submit_wait_s",
        float,
        5.0,
        "How long a resident waits for an official code before a provisional one is issued.",
        minimum=0.5,
        maximum=60,
    ),
    Option(
        "backend.tracking_base_url",
        str,
        "https://dichvucong.hanoi.gov.vn/tra-cuu/",
        "Public tracking page; the tracking token is appended.",
        check=_url,
    ),
    Option(
        "backend.receipt_retention_days",
        int,
        30,
        "Days the outbox keeps receipt metadata after the city accepted a dossier.",
        minimum=0,
        maximum=365,
    ),
    Option("ui.language", str, "vi", "Default language of the screens.", check=_lang),
    Option(
        "ui.idle_warning_s",
        int,
        60,
        "Seconds without a touch before the idle warning.",
        minimum=10,
        maximum=600,
    ),
    Option(
        "ui.idle_countdown_s",
        int,
        20,
        "Seconds the idle warning counts down before everything personal is wiped.",
        minimum=5,
        maximum=120,
    ),
    Option("ui.large_text", bool, False, "Start in large-text mode."),
    Option("ui.high_contrast", bool, False, "Start in high-contrast mode."),
    Option("card.reader", str, "", "PC/SC reader name (substring); empty = first with a card."),
    Option(
        "card.trust_store",
        str,
        "",
        "Folder of CSCA certificates and/or master list files for passive authentication.",
    ),
    Option(
        "card.read_timeout_s",
        float,
        30.0,
        "Longest a whole card read may take.",
        minimum=2,
        maximum=300,
    ),
    Option("printer.kind", str, "cups", "Receipt printer type.", choices=("cups", "escpos", "pdf")),
    Option(
        "printer.name", str, "", "CUPS queue name (cups) or device URI (escpos); empty = default."
    ),
    Option("printer.layout", str, "a5", "Receipt layout.", choices=("a5", "roll80")),
    Option(
        "printer.escpos_qr",
        str,
        "native",
        "ESC/POS QR codes: printed by the printer (native) or as an image.",
        choices=("native", "image"),
    ),
    Option(
        "payment.bank_bin",
        str,
        "970415",
        "NAPAS BIN of the bank holding the fee account (6 digits); empty = no payment QR.",
    ),
    Option("payment.account", str, "113366668888", "Account number that receives fees."),
    Option("payment.account_name", str, "UBND PHUONG BA DINH", "Account holder, as printed."),
    Option(
        "payment.poll_s",
        int,
        300,
        "How long the receipt screen watches for the fee being paid.",
        minimum=0,
        maximum=3600,
    ),
    Option(
        "printer.pdf_dir",
        str,
        "receipts",
        "Where the pdf printer writes files, relative to the data directory unless absolute.",
    ),
)

OPTIONS_BY_KEY: dict[str, Option] = {o.key: o for o in OPTIONS}


class Config:
    """Validated settings. Read with ``cfg["backend.url"]`` or the typed helpers."""

    def __init__(self, values: Mapping[str, OptionValue], source: str = "<defaults>") -> None:
        self._values = dict(values)
        self.source = source

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def as_dict(self) -> dict[str, OptionValue]:
        return dict(self._values)

    def replace(self, **changes: OptionValue) -> Config:
        """A copy with some options changed; keys use ``__`` for the dot (``ui__language``)."""
        values = dict(self._values)
        for name, value in changes.items():
            key = name.replace("__", ".")
            option = OPTIONS_BY_KEY.get(key)
            if option is None:
                raise ConfigError(self.source, key, "unknown option")
            reason = option.validate(value)
            if reason:
                raise ConfigError(self.source, key, reason)
            values[key] = float(value) if option.type is float else value
        return Config(values, self.source)

    @property
    def data_dir(self) -> Path:
        return Path(self["kiosk.data_dir"]).expanduser()

    def data_path(self, key: str) -> Path:
        """An option holding a path, resolved against the data directory when relative."""
        p = Path(str(self[key])).expanduser()
        return p if p.is_absolute() else self.data_dir / p


def defaults() -> Config:
    return Config({o.key: o.default for o in OPTIONS})


def parse(table: Mapping[str, Any], source: str) -> Config:
    """Validate a parsed TOML document. Every problem names the file and key."""
    values: dict[str, OptionValue] = {o.key: o.default for o in OPTIONS}
    sections = {o.key.split(".", 1)[0] for o in OPTIONS}
    for section, body in table.items():
        if section not in sections:
            raise ConfigError(source, section, _unknown("section", section, sections))
        if not isinstance(body, Mapping):
            raise ConfigError(source, section, "must be a table like [section]")
        for name, value in body.items():
            key = f"{section}.{name}"
            option = OPTIONS_BY_KEY.get(key)
            if option is None:
                known = {o.key for o in OPTIONS}
                raise ConfigError(source, key, _unknown("option", key, known))
            reason = option.validate(value)
            if reason:
                raise ConfigError(source, key, reason)
            values[key] = float(value) if option.type is float else value
    return Config(values, source)


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


def _unknown(kind: str, name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind}{hint}"


def render_toml(cfg: Config) -> str:
    """The config as TOML with every option's help as a comment (for the technician editor)."""
    sections: dict[str, list[Option]] = {}
    for o in OPTIONS:
        sections.setdefault(o.key.split(".", 1)[0], []).append(o)
    lines: list[str] = []
    for sec, options in sections.items():
        if lines:
            lines.append("")
        lines.append(f"[{sec}]")
        for o in options:
            lines.append(f"# {o.help}")
            lines.append(f"{o.key.split('.', 1)[1]} = {_toml_value(cfg[o.key])}")
    return "\n".join(lines) + "\n"


def _toml_value(v: OptionValue) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    # a JSON string is a valid TOML basic string: quotes, backslashes and control characters
    # are escaped the same way
    return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
