"""Every kiosk setting, declared exactly once: one frozen dataclass per TOML table, one field
per option (its name, type, default, help text and limits, through :func:`option`).

Reading, the defaults, the technician editor and the TOML renderer (:data:`OPTIONS`) and every
error message are driven from these fields, so code reads ``cfg.backend.url`` as a ``str`` and
``cfg.printer.layout`` as one of its choices.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, get_type_hints

from kiosk.config.options import (
    ConfigError,
    Option,
    OptionValue,
    Section,
    empty_problem,
    option,
    section_options,
    url_problem,
)
from kiosk.lang import Lang, lang_problem


@dataclass(frozen=True)
class KioskSection(Section):
    """``[kiosk]``: this kiosk and where it stands."""

    table: ClassVar[str] = "kiosk"
    id: str = option(
        "KIOSK-DEMO-01", "Identifier of this kiosk, as enrolled at the city.", check=empty_problem
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
        check=url_problem,
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
        check=url_problem,
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
    language: Lang = option("vi", "Default language of the screens.", check=lang_problem)
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
        return apply_pairs(self, pairs, self.source)

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


def apply_pairs(base: Config, pairs: Iterable[tuple[str, Any]], source: str) -> Config:
    """``base`` with each ``(section.key, value)`` checked and set; the first problem raises."""
    tables: dict[str, dict[str, OptionValue]] = {}
    for key, value in pairs:
        opt = OPTIONS_BY_KEY.get(key)
        if opt is None:
            raise ConfigError(source, key, unknown_name("option", key, set(OPTIONS_BY_KEY)))
        reason = opt.validate(value)
        if reason:
            raise ConfigError(source, key, reason)
        tables.setdefault(opt.section, {})[opt.name] = opt.coerce(value)
    sections = {t: dataclasses.replace(getattr(base, t), **v) for t, v in tables.items()}
    return dataclasses.replace(base, source=source, **sections)


def unknown_name(kind: str, name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind}{hint}"
