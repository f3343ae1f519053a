"""A transport that hands APDUs straight to a :class:`VirtualCccd`, without pcscd."""

from __future__ import annotations

from kiosk.card.errors import CardRemovedError, NoCardError
from kiosk.card.transport.connection import atr_supports_extended_length
from kiosk.simulators.virtual_card.card import CardRemoved, VirtualCccd


class DirectTransport:
    """Implements :class:`kiosk.card.transport.connection.Transport` in-process."""

    def __init__(self, card: VirtualCccd) -> None:
        self._card = card
        self._open = True
        card.power_on()

    @property
    def atr(self) -> bytes:
        return self._card.atr

    @property
    def extended_length(self) -> bool:
        """As over PC/SC: what the card's ATR advertises."""
        return atr_supports_extended_length(self._card.atr)

    def transmit(self, apdu: bytes) -> bytes:
        if not self._open:
            raise CardRemovedError("direct transport closed")
        try:
            return self._card.process(apdu)
        except CardRemoved as exc:
            self._open = False
            raise CardRemovedError("virtual card left the field") from exc

    def reset(self) -> None:
        self._card.power_on()

    def close(self) -> None:
        self._open = False


class DirectConnector:
    """Implements :class:`kiosk.card.transport.connection.Connector`; ``card`` None = no card."""

    def __init__(self, card: VirtualCccd | None) -> None:
        self.card = card

    def connect(self, timeout_s: float) -> DirectTransport:
        if self.card is None:
            raise NoCardError("no virtual card inserted")
        return DirectTransport(self.card)
