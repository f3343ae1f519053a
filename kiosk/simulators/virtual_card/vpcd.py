"""The vpcd client: puts a :class:`VirtualCccd` into pcscd's "Virtual PCD" reader over TCP.

Protocol (vsmartcard): every message is a 2-byte big-endian length then the payload. A 1-byte
payload is a control - 00 power off, 01 power on, 02 reset, 04 get ATR (only 04 is answered,
with the ATR); a longer payload is a command APDU, answered with the response APDU.
Connecting inserts the card, disconnecting removes it.
"""

from __future__ import annotations

import logging
import socket
import threading

from kiosk.simulators.virtual_card.card import CardRemoved, VirtualCccd

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
#: vpcd ports: reader "Virtual PCD 00 00" and "Virtual PCD 00 01"
PORTS = (35963, 35964)

_CTRL_OFF, _CTRL_ON, _CTRL_RESET, _CTRL_ATR = 0, 1, 2, 4


def _quick_ack(sock: socket.socket) -> None:
    """ACK at once: vpcd writes the length and the APDU separately, and with Nagle on its
    side a delayed ACK here would cost ~40 ms per APDU. Linux resets the flag after each
    receive, hence before every ``recv``."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


class VpcdCard:
    """Runs one card on a background thread; ``insert()`` connects, ``remove()`` disconnects."""

    def __init__(
        self,
        card: VirtualCccd,
        port: int = PORTS[0],
        host: str = DEFAULT_HOST,
        *,
        connect_timeout_s: float = 5.0,
    ) -> None:
        self.card = card
        self.port = port
        self.host = host
        self._connect_timeout_s = connect_timeout_s
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        #: set when the card left the field (removed by a fault mode or by ``remove()``)
        self.removed = threading.Event()

    @property
    def inserted(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def insert(self) -> None:
        """Connect to vpcd (pcscd then reports a card in the reader)."""
        if self.inserted:
            return
        self._stop.clear()
        self.removed.clear()
        sock = socket.create_connection((self.host, self.port), timeout=self._connect_timeout_s)
        sock.settimeout(0.2)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name=f"vpcd-card-{self.port}", daemon=True
        )
        self._thread.start()

    def remove(self, timeout_s: float = 5.0) -> None:
        """Disconnect (pcscd then reports the card gone)."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout_s)
        self._thread = None

    def _serve(self, sock: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                header = self._recv(sock, 2)
                if header is None:
                    return
                payload = self._recv(sock, int.from_bytes(header, "big"))
                if payload is None:
                    return
                answer = self._answer(payload)
                if answer is not None:
                    sock.sendall(len(answer).to_bytes(2, "big") + answer)
        except CardRemoved:
            log.info("virtual card on port %d left the field (fault mode)", self.port)
        except OSError as exc:
            log.info("vpcd connection on port %d ended: %s", self.port, type(exc).__name__)
        finally:
            sock.close()
            self._sock = None
            self.removed.set()

    def _recv(self, sock: socket.socket, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            if self._stop.is_set():
                return None
            try:
                _quick_ack(sock)
                chunk = sock.recv(n - len(buf))
            except TimeoutError:
                continue
            if not chunk:
                return None
            buf += chunk
        return buf

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            ctrl = payload[0]
            if ctrl == _CTRL_ATR:
                return self.card.atr
            if ctrl in (_CTRL_ON, _CTRL_RESET, _CTRL_OFF):
                self.card.power_on()
            return None
        return self.card.process(payload)

    def __enter__(self) -> VpcdCard:
        self.insert()
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()
