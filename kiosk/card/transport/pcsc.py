"""PC/SC over pyscard's low-level ``smartcard.scard`` API: readers, card state, connections.

Every function here blocks and must run on the card thread (``CardService``). Each wait is
bounded: ``SCardGetStatusChange`` is always given a timeout. A fresh context and connection is
made for every card; nothing is cached between cards.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from smartcard import scard

from kiosk.card.errors import CardError, CardRemovedError, NoCardError, NoReaderError
from kiosk.card.transport.connection import atr_supports_extended_length

log = logging.getLogger(__name__)

_REMOVED = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_NOT_TRANSACTED,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_E_COMM_DATA_LOST,
}
_NO_SERVICE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED}
_NO_READERS = {scard.SCARD_E_NO_READERS_AVAILABLE, scard.SCARD_E_UNKNOWN_READER}
_PROTOCOLS = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
_POLL_MS = 250


def _message(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult).strip()} (0x{hresult & 0xFFFFFFFF:08X})"


@dataclass(frozen=True)
class ReaderState:
    name: str
    card_present: bool
    atr: bytes = b""
    in_use: bool = False


class PcscContext:
    """An SCard context; use as a context manager."""

    def __init__(self) -> None:
        hresult, self.handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult in _NO_SERVICE:
            raise NoReaderError(f"PC/SC service unavailable: {_message(hresult)}")
        if hresult != scard.SCARD_S_SUCCESS:
            raise NoReaderError(f"SCardEstablishContext: {_message(hresult)}")

    def close(self) -> None:
        scard.SCardReleaseContext(self.handle)

    def __enter__(self) -> PcscContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader_names(self) -> list[str]:
        hresult, names = scard.SCardListReaders(self.handle, [])
        if hresult in _NO_READERS:
            return []
        if hresult in _NO_SERVICE:
            raise NoReaderError(f"PC/SC service unavailable: {_message(hresult)}")
        if hresult != scard.SCARD_S_SUCCESS:
            raise NoReaderError(f"SCardListReaders: {_message(hresult)}")
        return list(names)

    def states(self, names: list[str], timeout_ms: int = 0, known: Any = None) -> list[Any]:
        """Raw ``(name, event_state, atr)`` tuples; waits up to ``timeout_ms`` for a change."""
        query = known or [(n, scard.SCARD_STATE_UNAWARE) for n in names]
        hresult, states = scard.SCardGetStatusChange(self.handle, timeout_ms, query)
        if hresult == scard.SCARD_E_TIMEOUT:
            return list(query) if known else []
        if hresult != scard.SCARD_S_SUCCESS:
            raise NoReaderError(f"SCardGetStatusChange: {_message(hresult)}")
        return list(states)

    def reader_states(self, names: list[str] | None = None) -> list[ReaderState]:
        names = self.reader_names() if names is None else names
        if not names:
            return []
        return [_state(s) for s in self.states(names)]


def _state(raw: Any) -> ReaderState:
    name, event, atr = raw[0], raw[1], raw[2]
    present = bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE
    return ReaderState(
        name, present, bytes(atr) if present else b"", bool(event & scard.SCARD_STATE_INUSE)
    )


def _known(raw: list[Any]) -> list[tuple[str, int]]:
    """The states to wait on: what was last seen, without the "changed" flag."""
    return [(r[0], r[1] & ~scard.SCARD_STATE_CHANGED) for r in raw]


def list_readers() -> list[ReaderState]:
    """Every reader with its card state (for ``kiosk card readers`` and diagnostics)."""
    with PcscContext() as ctx:
        return ctx.reader_states()


class PcscTransport:
    """A connection to the card in one reader (implements :class:`~.connection.Transport`)."""

    def __init__(self, ctx: PcscContext, reader: str) -> None:
        self._ctx = ctx
        self.reader = reader
        hresult, self._card, self._protocol = scard.SCardConnect(
            ctx.handle, reader, scard.SCARD_SHARE_SHARED, _PROTOCOLS
        )
        if hresult in _REMOVED:
            raise NoCardError(f"SCardConnect: {_message(hresult)}")
        if hresult != scard.SCARD_S_SUCCESS:
            raise CardError(f"SCardConnect: {_message(hresult)}")
        self._atr = self._read_atr()
        self._gone = False

    def _read_atr(self) -> bytes:
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        return bytes(atr) if hresult == scard.SCARD_S_SUCCESS else b""

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def extended_length(self) -> bool:
        return atr_supports_extended_length(self._atr)

    def _pci(self) -> Any:
        return scard.SCARD_PCI_T0 if self._protocol == scard.SCARD_PROTOCOL_T0 else \
            scard.SCARD_PCI_T1  # fmt: skip

    def transmit(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self._card, self._pci(), list(apdu))
        if hresult != scard.SCARD_S_SUCCESS or len(response) < 2:
            self._gone = True
        if hresult in _REMOVED:
            raise CardRemovedError(f"SCardTransmit: {_message(hresult)}")
        if hresult != scard.SCARD_S_SUCCESS:
            raise CardRemovedError(f"SCardTransmit failed: {_message(hresult)}")
        if len(response) < 2:  # vpcd (and some drivers) answer nothing once the card is gone
            raise CardRemovedError("SCardTransmit: no status word (card left the field)")
        return bytes(response)

    def reset(self) -> None:
        hresult, self._protocol = scard.SCardReconnect(
            self._card, scard.SCARD_SHARE_SHARED, _PROTOCOLS, scard.SCARD_RESET_CARD
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise CardRemovedError(f"SCardReconnect: {_message(hresult)}")

    def close(self) -> None:
        # a reset ends the card's secure-messaging session and leaves it in its master file,
        # where the next read starts (EF.CardAccess lives there); a card that left the field
        # is not reset (vpcd then stalls the reader for seconds)
        disposition = scard.SCARD_LEAVE_CARD if self._gone else scard.SCARD_RESET_CARD
        try:
            scard.SCardDisconnect(self._card, disposition)
        finally:
            self._ctx.close()


class PcscConnector:
    """Finds the reader (``card.reader`` substring, or the first with a card) and connects.

    Implements ``kiosk.card.transport.connection.Connector``.
    """

    def __init__(self, reader_filter: str = "") -> None:
        self.reader_filter = reader_filter

    def _candidates(self, ctx: PcscContext) -> list[str]:
        names = ctx.reader_names()
        if self.reader_filter:
            names = [n for n in names if self.reader_filter.casefold() in n.casefold()]
        if not names:
            raise NoReaderError(
                f"no PC/SC reader matching {self.reader_filter!r}"
                if self.reader_filter
                else "no PC/SC reader"
            )
        return names

    def connect(self, timeout_s: float) -> PcscTransport:
        ctx = PcscContext()
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                names = self._candidates(ctx)
                raw = ctx.states(names)
                with_card = [r[0] for r in raw if _state(r).card_present]
                if with_card:
                    return PcscTransport(ctx, with_card[0])
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise NoCardError(f"no card within {timeout_s:.0f} s")
                wait_ms = max(1, int(min(remaining, _POLL_MS / 1000) * 1000))
                ctx.states(names, wait_ms, known=_known(raw))
        except BaseException:
            ctx.close()
            raise
