"""A total deadline for one HTTP exchange with ``requests``.

requests' read timeout bounds each wait for the next bytes, so a server that drips one byte
a second holds a call for as long as it likes. Here every exchange runs under a timer: when
it fires, the exchange's socket is shut down, the blocked read returns at once and the call
fails. The socket is found through connection pool classes that note, in a thread-local, the
connection an exchange takes (a kept-alive one) or the socket it opens (a new one, before
the TLS handshake, which can drip too).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Exchange:
    """One call's deadline state; ``expired`` tells why a read failed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._done = False
        self.expired = False

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)

    def finish(self) -> None:
        """From here on the timer does nothing (the connection may go back to the pool)."""
        with self._lock:
            self._done = True


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _attach(sock: socket.socket | None) -> None:
    exchange: Exchange | None = getattr(_current, "exchange", None)
    if exchange is not None:
        exchange.attach(sock)


class _HTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _attach(sock)
        return sock


class _HTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _attach(sock)
        return sock


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        _attach(getattr(conn, "sock", None))
        return conn


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        _attach(getattr(conn, "sock", None))
        return conn


class DeadlineAdapter(HTTPAdapter):
    """requests adapter whose connections an :func:`total_deadline` can cut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


@contextmanager
def total_deadline(seconds: float) -> Iterator[Exchange]:
    """Cut the exchanges this thread makes through a :class:`DeadlineAdapter` after
    ``seconds``. Call ``finish()`` on the yielded exchange once its answer is read."""
    exchange = Exchange()
    previous = getattr(_current, "exchange", None)
    _current.exchange = exchange
    timer = threading.Timer(max(0.0, seconds), exchange.expire)
    timer.name = "http-deadline"  # one per exchange, gone once the exchange is over
    timer.daemon = True
    timer.start()
    try:
        yield exchange
    finally:
        exchange.finish()
        timer.cancel()
        _current.exchange = previous
