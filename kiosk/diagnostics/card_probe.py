"""Card readers and the ATR of any card on them, through PC/SC (pyscard).

The snapshot asks PC/SC for each reader's state (``SCardGetStatusChange``), which carries the
card's ATR without connecting to it: it never powers the card down or disturbs a read. It still
uses the PC/SC context, so it runs through ``runner`` - the app passes its card thread's
``CardService.run``.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.card.errors import NoReaderError
from kiosk.diagnostics.report import ProbeResult, Status

if TYPE_CHECKING:
    from kiosk.card.transport.pcsc import ReaderState

NAME = "card_readers"

Snapshot = Callable[[], "list[ReaderState]"]
CardRunner = Callable[[Snapshot], "cf.Future[list[ReaderState]]"]


def pcsc_snapshot() -> list[ReaderState]:
    """Every reader PC/SC knows, with the ATR of the card on it. Call on the card thread."""
    from kiosk.card.transport.pcsc import (
        list_readers,  # imported late: loading pyscard needs libpcsclite
    )

    return list_readers()


def atr_hex(atr: bytes) -> str:
    """ATR as spaced hex ("3B 8F 80 01"), the form PC/SC tools print."""
    return " ".join(f"{b:02X}" for b in atr)


def probe_card_readers(
    runner: CardRunner,
    snapshot: Snapshot = pcsc_snapshot,
    *,
    timeout_s: float = 4.0,
    wanted_reader: str = "",
) -> ProbeResult:
    """Readers and card ATRs; fails when PC/SC is away, warns when the configured reader is
    missing. ``wanted_reader`` is the ``card.reader`` setting (a substring; empty = any)."""
    future = runner(snapshot)
    try:
        readers = future.result(timeout=timeout_s)
    except cf.TimeoutError:
        return ProbeResult(NAME, Status.FAIL, f"the card thread did not answer in {timeout_s:g} s")
    except NoReaderError as exc:  # the PC/SC service is away (pcscd not running, no permission)
        return ProbeResult(NAME, Status.FAIL, exc.detail)
    except ImportError:
        return ProbeResult(NAME, Status.FAIL, "pyscard/libpcsclite is not installed")
    data: dict[str, Any] = {
        "readers": [
            {"name": r.name, "card_present": r.card_present, "atr": atr_hex(r.atr)} for r in readers
        ],
        "configured_reader": wanted_reader,
    }
    if not readers:
        return ProbeResult(NAME, Status.FAIL, "no card reader found", data)
    if wanted_reader and not any(wanted_reader in r.name for r in readers):
        return ProbeResult(
            NAME, Status.WARN, f"configured reader {wanted_reader!r} is not connected", data
        )
    with_card = [r for r in readers if r.card_present]
    summary = f"{len(readers)} reader(s)"
    if with_card:
        summary += f"; card on {with_card[0].name} (ATR {atr_hex(with_card[0].atr)})"
    else:
        summary += "; no card present"
    return ProbeResult(NAME, Status.OK, summary, data)
