"""Typed kiosk settings: every option is declared exactly once, here.

Each TOML table (``[backend]``, ``[ui]``...) is a frozen dataclass below, and each field of it
*is* the option's declaration: its name, type, default, help text and limits (through
:func:`option`). Reading, the defaults, the technician editor and the TOML renderer
(:data:`OPTIONS`) and every error message are driven from those fields, so code reads
``cfg.backend.url`` as a ``str`` and ``cfg.printer.layout`` as one of its choices.

Unknown sections or keys, wrong types and out-of-range values are refused with the file, the
key and the reason, so a technician's typo never starts a half-configured kiosk.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import Field, dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin, get_type_hints
from urllib.parse import urlparse

from kiosk.errors import KioskError
from kiosk.lang import Lang, lang_problem

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


def _url(value: str) -> str | None:
    parsed = urlparse(value)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return "must be an http:// or https:// URL"
    return None


def _nonempty(value: str) -> str | None:
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


@dataclass(frozen=True)
class KioskSection(Section):
    """``[kiosk]``: this kiosk and where it stands."""

    table: ClassVar[str] = "kiosk"
    id: str = option(
        "KIOSK-DEMO-01", "Identifier of this kiosk, as enrolled at the city.", check=_nonempty
    )
    ward_code: str = option(
        "00004",
        "Code of the ward/commune where the kiosk stands, in the official list of 2025 units "
        "(vietnam-provinces 2026; `kiosk config check` compares it with kiosk.ward_name).",
    )
    ward_name: str = option("Phường Ba Đình", "Name of that ward, printed on receipts.")
    agency_code: str = option("000.00.01.H26", "Receiving agency code (dossier prefix).")
    data_dir: str = option(
        "/var/lib/ward-kiosk", "Directory for the outbox, keys, logs and caches (created 0700)."
    )


@dataclass(frozen=True)
class BackendSection(Section):
    """``[backend]``: the city API."""

    table: ClassVar[str] = "backend"
    url: str = option(
        "https://dichvucong.hanoi.gov.vn/kiosk-api",
        "Base URL of the city API (http:// only for loopback).",
        check=_url,
    )
    token_file: str = option(
        "device-token", "Device token file, relative to the data directory unless absolute."
    )
    ca_bundle: str = option("", "CA bundle for TLS verification; empty = system CAs.")
    connect_timeout_s: float = option(3.0, "Connect timeout per request.", minimum=0.1, maximum=60)
    read_timeout_s: float = option(10.0, "Read timeout per request.", minimum=0.1, maximum=120)
    submit_wait_s: float = option(
        5.0,
        "How long a resident waits for an official code before a provisional one is issued.",
        minimum=0.5,
        maximum=60,
    )
    tracking_base_url: str = option(
        "https://dichvucong.hanoi.gov.vn/tra-cuu/",
        "Public tracking page; the tracking token is appended.",
        check=_url,
    )
    receipt_retention_days: int = option(
        30,
        "Days the outbox keeps receipt metadata after the city accepted a dossier.",
        minimum=0,
        maximum=365,
    )


@dataclass(frozen=True)
class UiSection(Section):
    """``[ui]``: how the screens start."""

    table: ClassVar[str] = "ui"
    # ruff does not know a Literal alias is immutable
    language: Lang = option("vi", "Default language of the screens.", check=lang_problem)  # noqa: RUF009
    idle_warning_s: int = option(
        60, "Seconds without a touch before the idle warning.", minimum=10, maximum=600
    )
    idle_countdown_s: int = option(
        20,
        "Seconds the idle warning counts down before everything personal is wiped.",
        minimum=5,
        maximum=120,
    )
    large_text: bool = option(False, "Start in large-text mode.")
    high_contrast: bool = option(False, "Start in high-contrast mode.")


@dataclass(frozen=True)
class CardSection(Section):
    """``[card]``: the CCCD reader and the certificates that prove a chip genuine."""

    table: ClassVar[str] = "card"
    reader: str = option("", "PC/SC reader name (substring); empty = first with a card.")
    trust_store: str = option(
        "", "Folder of CSCA certificates and/or master list files for passive authentication."
    )
    read_timeout_s: float = option(
        30.0, "Longest a whole card read may take.", minimum=2, maximum=300
    )


@dataclass(frozen=True)
class PrinterSection(Section):
    """``[printer]``: the receipt printer."""

    table: ClassVar[str] = "printer"
    kind: Literal["cups", "escpos", "pdf"] = option("cups", "Receipt printer type.")
    name: str = option("", "CUPS queue name (cups) or device URI (escpos); empty = default.")
    layout: Literal["a5", "roll80"] = option("a5", "Receipt layout.")
    escpos_qr: Literal["native", "image"] = option(
        "native", "ESC/POS QR codes: printed by the printer (native) or as an image."
    )
    pdf_dir: str = option(
        "receipts",
        "Where the pdf printer writes files, relative to the data directory unless absolute.",
    )


@dataclass(frozen=True)
class PaymentSection(Section):
    """``[payment]``: the account that receives fees (the VietQR on the receipt)."""

    table: ClassVar[str] = "payment"
    bank_bin: str = option(
        "970415",
        "NAPAS BIN of the bank holding the fee account (6 digits); empty = no payment QR.",
    )
    account: str = option("113366668888", "Account number that receives fees.")
    account_name: str = option("UBND PHUONG BA DINH", "Account holder, as printed.")
    poll_s: int = option(
        300,
        "How long the receipt screen watches for the fee being paid.",
        minimum=0,
        maximum=3600,
    )


@dataclass(frozen=True)
class Config:
    """Validated settings, one typed section per TOML table: ``cfg.backend.url`` is a ``str``.

    Frozen: change with :meth:`replace` (``section__key`` names, checked) or
    ``dataclasses.replace(cfg, ui=dataclasses.replace(cfg.ui, language="en"))`` (also checked).
    """

    kiosk: KioskSection = field(default_factory=KioskSection)
    backend: BackendSection = field(default_factory=BackendSection)
    ui: UiSection = field(default_factory=UiSection)
    card: CardSection = field(default_factory=CardSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    payment: PaymentSection = field(default_factory=PaymentSection)
    #: the file the settings came from, for messages; not part of the value
    source: str = field(default="<defaults>", compare=False)

    def value(self, key: str) -> OptionValue:
        """One option by ``section.key``, for code that walks :data:`OPTIONS` (editor, renderer).

        Everything else reads the typed attribute.
        """
        opt = OPTIONS_BY_KEY[key]
        value: OptionValue = getattr(getattr(self, opt.section), opt.name)
        return value

    def as_dict(self) -> dict[str, OptionValue]:
        return {o.key: self.value(o.key) for o in OPTIONS}

    def replace(self, **changes: OptionValue) -> Config:
        """A copy with some options changed; keys use ``__`` for the dot (``ui__language``)."""
        pairs = ((name.replace("__", "."), value) for name, value in changes.items())
        return _apply(self, pairs, self.source)

    @property
    def data_dir(self) -> Path:
        return Path(self.kiosk.data_dir).expanduser()

    def data_path(self, path: str) -> Path:
        """A path option's value (``cfg.backend.token_file``), resolved against the data
        directory when relative."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.data_dir / p


#: the sections, in file order: the fields of :class:`Config`
SECTIONS: tuple[type[Section], ...] = tuple(
    get_type_hints(Config)[f.name] for f in dataclasses.fields(Config) if f.name != "source"
)
#: every option, section by section, in declaration order
OPTIONS: tuple[Option, ...] = tuple(o for s in SECTIONS for o in section_options(s))
OPTIONS_BY_KEY: dict[str, Option] = {o.key: o for o in OPTIONS}


def defaults(source: str = "<defaults>") -> Config:
    return Config(source=source)


def _apply(base: Config, pairs: Iterable[tuple[str, Any]], source: str) -> Config:
    """``base`` with each ``(section.key, value)`` checked and set; the first problem raises."""
    tables: dict[str, dict[str, OptionValue]] = {}
    for key, value in pairs:
        opt = OPTIONS_BY_KEY.get(key)
        if opt is None:
            raise ConfigError(source, key, _unknown("option", key, set(OPTIONS_BY_KEY)))
        reason = opt.validate(value)
        if reason:
            raise ConfigError(source, key, reason)
        tables.setdefault(opt.section, {})[opt.name] = opt.coerce(value)
    sections = {t: dataclasses.replace(getattr(base, t), **v) for t, v in tables.items()}
    return dataclasses.replace(base, source=source, **sections)


def parse(table: Mapping[str, Any], source: str) -> Config:
    """Validate a parsed TOML document. Every problem names the file and key."""
    known = {s.table for s in SECTIONS}

    def pairs() -> Iterator[tuple[str, Any]]:
        for section, body in table.items():
            if section not in known:
                raise ConfigError(source, section, _unknown("section", section, known))
            if not isinstance(body, Mapping):
                raise ConfigError(source, section, "must be a table like [section]")
            for name, value in body.items():
                yield f"{section}.{name}", value

    return _apply(defaults(), pairs(), source)


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
