"""Where a receipt goes: the printer options of the configuration, as plain data.

The print process (:mod:`ui.printing.print_process`) gets a :class:`PrintTarget` with every
job, so the child needs no configuration file of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.config import Config

PrinterKind = Literal["cups", "escpos", "pdf"]
KINDS: tuple[PrinterKind, ...] = ("cups", "escpos", "pdf")


@dataclass(frozen=True)
class PrintTarget:
    """``kind``: cups (queue ``name``), escpos (device URI ``name``) or pdf (files in
    ``pdf_dir``); ``layout``: a5 or roll80; ``escpos_qr``: native or image."""

    kind: PrinterKind
    layout: str = "a5"
    name: str = ""
    pdf_dir: str = ""
    escpos_qr: str = "native"

    @classmethod
    def from_config(cls, cfg: Config) -> PrintTarget:
        kind = cfg.printer.kind
        if kind not in KINDS:  # the config check refuses it first; this guards the code path
            raise ValueError(f"unknown printer kind {kind!r}")
        return cls(
            kind=kind,
            layout=cfg.printer.layout,
            name=cfg.printer.name,
            pdf_dir=str(cfg.data_path(cfg.printer.pdf_dir)),
            escpos_qr=cfg.printer.escpos_qr,
        )

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrintTarget:
        """Raises ``ValueError`` for anything that is not a record from :meth:`to_dict`."""
        try:
            kind = str(data["kind"])
            if kind not in KINDS:
                raise ValueError(f"unknown printer kind {kind!r}")
            return cls(
                kind=kind,
                layout=str(data["layout"]),
                name=str(data["name"]),
                pdf_dir=str(data["pdf_dir"]),
                escpos_qr=str(data["escpos_qr"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a print target: {type(exc).__name__}") from None

    @property
    def pdf_path(self) -> Path:
        return Path(self.pdf_dir)
