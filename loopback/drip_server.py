"""A city that answers one byte at a time, for the client's total deadlines."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: a complete, valid-looking answer: 201 with a JSON body (about 300 bytes in all)
ANSWER = (
    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 104\r\n"
    b"X-Padding: " + b"p" * 120 + b"\r\n\r\n"
    b'{"dossier_uuid": "x", "code": "000.00.01.H26-261203-0001", "tracking_token": '
    b'"AAAAAAAAAAAAAAAAAAAAAA", "x": 0}'
)


@dataclass
class DripServer:
    url: str
    #: bytes sent on each finished connection, in the order they ended
    sent: list[int] = field(default_factory=list)
    ended: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))


@contextmanager
def drip_server(interval_s: float = 0.1, *, body_only: bool = False) -> Iterator[DripServer]:
    """Every connection: read the request, then send :data:`ANSWER` one byte per
    ``interval_s`` (with ``body_only`` the headers come at once and the body drips). The
    whole answer would take ``len(ANSWER) * interval_s``; a client that hangs up early shows
    in :attr:`DripServer.sent`."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    server = DripServer(f"http://127.0.0.1:{listener.getsockname()[1]}")

    def serve(conn: socket.socket) -> None:
        sent = 0
        try:
            conn.settimeout(5)
            conn.recv(65536)  # the request (small; a lost tail does not matter here)
            start = ANSWER.index(b"\r\n\r\n") + 4 if body_only else 0
            if start:
                conn.sendall(ANSWER[:start])
                sent = start
            for i in range(start, len(ANSWER)):
                if stop.wait(interval_s):
                    break
                conn.sendall(ANSWER[i : i + 1])
                sent += 1
        except OSError:
            pass  # the client hung up: what we measure
        finally:
            conn.close()
            server.sent.append(sent)
            server.ended.release()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(5)
        listener.close()
