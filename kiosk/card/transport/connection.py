"""What the reading engine needs from a card connection, whatever carries the APDUs.

:mod:`kiosk.card.transport.pcsc` implements it over pyscard; the demo drives the virtual card
directly. Every method is blocking and called only on the card thread.
"""

from __future__ import annotations

from typing import Protocol


class Transport(Protocol):
    """A connection to one card, made fresh for each card."""

    @property
    def atr(self) -> bytes: ...

    @property
    def extended_length(self) -> bool:
        """Whether the card and reader accept extended-length APDUs."""
        ...

    def transmit(self, apdu: bytes) -> bytes:
        """Send a command APDU, return the response APDU (data + SW1 SW2).

        Raises CardRemovedError when the card left the field.
        """
        ...

    def reset(self) -> None:
        """A fresh session on the same card (warm reset), e.g. before another BAC attempt."""
        ...

    def close(self) -> None: ...


class Connector(Protocol):
    """Finds a card and opens a fresh :class:`Transport` to it."""

    def connect(self, timeout_s: float) -> Transport:
        """Wait up to ``timeout_s`` for a card; NoReaderError / NoCardError otherwise."""
        ...


def atr_supports_extended_length(atr: bytes) -> bool:
    """Whether the ATR's historical bytes announce extended Lc/Le (ISO 7816-4 card capabilities).

    Looks for the compact-TLV "card capabilities" object (tag 7, third software function byte,
    bit b7). Contactless readers build ATRs that rarely carry it, hence False when unsure.
    """
    hist = _historical_bytes(atr)
    if not hist or hist[0] != 0x80:
        return False
    i = 1
    while i < len(hist):
        tag, length = hist[i] >> 4, hist[i] & 0x0F
        value = hist[i + 1 : i + 1 + length]
        if tag == 0x7 and len(value) >= 3:
            return bool(value[2] & 0x40)
        i += 1 + length
    return False


def _historical_bytes(atr: bytes) -> bytes:
    if len(atr) < 2:
        return b""
    t0 = atr[1]
    count = t0 & 0x0F
    i = 2
    y = t0 >> 4
    while True:
        i += bin(y).count("1")
        if not y & 0x8 or i - 1 >= len(atr):
            break
        y = atr[i - 1] >> 4
    return atr[i : i + count]
