"""An APDU channel over a transport: secure messaging when active, counting and timing.

The engine's own CPU time (wrapping, MAC, encryption, unwrapping) is measured apart from the
time spent waiting for the card, so the benchmark can report the overhead per protected APDU.
A read that was cancelled (the card service's timeout) stops before its next APDU.
"""

from __future__ import annotations

import threading
import time

from kiosk.card.errors import CardTimeoutError
from kiosk.card.transport.apdu import Command, Response
from kiosk.card.transport.connection import Transport
from kiosk.card.transport.secure_messaging import SecureChannel

_GET_RESPONSE_LIMIT = 64


class ApduChannel:
    def __init__(self, transport: Transport, cancelled: threading.Event | None = None) -> None:
        self.transport = transport
        self.secure: SecureChannel | None = None
        self.extended = False
        self._cancelled = cancelled
        #: APDUs exchanged with the card (GET RESPONSE included)
        self.count = 0
        #: bytes of plain response data returned to the engine
        self.bytes_in = 0
        #: protected APDUs and the engine CPU time spent on them (ns)
        self.protected_count = 0
        self.engine_ns = 0

    def send(self, cmd: Command) -> Response:
        """Send ``cmd`` (protected when a secure channel is active); return the plain answer."""
        secure = self.secure
        if secure is None:
            resp = Response.decode(self._exchange(cmd.encode()))
            self.bytes_in += len(resp.data)
            return resp
        t0 = time.thread_time_ns()
        raw_cmd = secure.wrap(cmd, extended=self.extended).encode(force_extended=self.extended)
        t1 = time.thread_time_ns()
        raw_resp = self._exchange(raw_cmd)
        t2 = time.thread_time_ns()
        try:
            resp = secure.unwrap(Response.decode(raw_resp))
        finally:
            self.engine_ns += (t1 - t0) + (time.thread_time_ns() - t2)
            self.protected_count += 1
        self.bytes_in += len(resp.data)
        return resp

    def _exchange(self, raw: bytes) -> bytes:
        if self._cancelled is not None and self._cancelled.is_set():
            raise CardTimeoutError("read cancelled (timed out) before the next APDU")
        self.count += 1
        resp = self.transport.transmit(raw)
        collected = b""
        for _ in range(_GET_RESPONSE_LIMIT):  # T=0 style "61xx: more data waiting"
            if len(resp) < 2 or resp[-2] != 0x61:
                break
            collected += resp[:-2]
            self.count += 1
            resp = self.transport.transmit(bytes([0x00, 0xC0, 0x00, 0x00, resp[-1]]))
        return collected + resp
