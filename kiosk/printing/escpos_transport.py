"""Byte pipes to ESC/POS printers, every operation bounded by a timeout.

Device URIs:

- ``tcp://HOST[:PORT]`` or ``net:HOST[:PORT]``: network printer (raw port 9100 by default);
- ``file:/dev/usb/lp0`` or an absolute path: a character device (Linux ``usblp``) or a file;
- ``usb:VID:PID`` (hex): USB through python-escpos and pyusb, when pyusb is installed.
"""

from __future__ import annotations

import os
import select
import socket
import stat
import time
from typing import Protocol
from urllib.parse import urlparse

from kiosk.printing.errors import PrinterOfflineError, PrinterQueueMissingError

RAW_PORT = 9100


class Transport(Protocol):
    #: whether the far end can answer status queries
    can_read: bool

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout_s: float) -> bytes:
        """Up to ``size`` bytes; ``b""`` when nothing came within ``timeout_s``."""

    def close(self) -> None: ...


class TcpTransport:
    can_read = True

    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self._where = f"{host}:{port}"
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout_s)
        except OSError as exc:
            raise PrinterOfflineError(f"cannot connect to {self._where}: {exc}") from None
        self._sock.settimeout(timeout_s)

    def write(self, data: bytes) -> None:
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise PrinterOfflineError(f"write to {self._where} failed: {exc}") from None

    def read(self, size: int, timeout_s: float) -> bytes:
        self._sock.settimeout(timeout_s)
        try:
            return self._sock.recv(size)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterOfflineError(f"read from {self._where} failed: {exc}") from None

    def close(self) -> None:
        self._sock.close()


class FileTransport:
    """A character device (reads status back) or a regular file (write only)."""

    def __init__(self, path: str, timeout_s: float) -> None:
        self._path = path
        self._timeout_s = timeout_s
        try:
            mode = os.stat(path).st_mode if os.path.exists(path) else 0
            self.can_read = stat.S_ISCHR(mode)
            flags = os.O_RDWR | os.O_NONBLOCK if self.can_read else os.O_WRONLY | os.O_CREAT
            self._fd = os.open(path, flags | os.O_TRUNC * (not self.can_read), 0o600)
        except OSError as exc:
            raise PrinterOfflineError(f"cannot open {path}: {exc.strerror}") from None

    def write(self, data: bytes) -> None:
        deadline = time.monotonic() + self._timeout_s
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PrinterOfflineError(f"{self._path}: write timed out")
            if self.can_read:
                _, ready, _ = select.select([], [self._fd], [], remaining)
                if not ready:
                    continue
            try:
                written = os.write(self._fd, view)
            except BlockingIOError:
                continue
            except OSError as exc:
                raise PrinterOfflineError(f"{self._path}: write failed: {exc.strerror}") from None
            view = view[written:]

    def read(self, size: int, timeout_s: float) -> bytes:
        if not self.can_read:
            return b""
        ready, _, _ = select.select([self._fd], [], [], timeout_s)
        if not ready:
            return b""
        try:
            return os.read(self._fd, size)
        except (BlockingIOError, OSError):
            return b""

    def close(self) -> None:
        os.close(self._fd)


class UsbTransport:
    """USB bulk endpoints through python-escpos (needs pyusb and access to the device)."""

    can_read = True

    def __init__(self, vendor: int, product: int, timeout_s: float) -> None:
        try:
            from escpos.printer import Usb  # heavy import: only for a USB printer

            self._dev = Usb(vendor, product, timeout=int(timeout_s * 1000))
            self._dev.open()
        except Exception as exc:  # pyusb missing, device absent, permissions
            raise PrinterOfflineError(
                f"USB {vendor:04x}:{product:04x}: {type(exc).__name__}: {exc}"
            ) from None

    def write(self, data: bytes) -> None:
        try:
            self._dev._raw(data)
        except Exception as exc:
            raise PrinterOfflineError(f"USB write failed: {type(exc).__name__}") from None

    def read(self, size: int, timeout_s: float) -> bytes:
        try:
            return bytes(self._dev._read())[:size]
        except Exception:
            return b""

    def close(self) -> None:
        self._dev.close()


def open_transport(uri: str, timeout_s: float = 5.0) -> Transport:
    """Open the ESC/POS device named by ``uri`` (see the module docstring)."""
    if not uri:
        raise PrinterQueueMissingError("no ESC/POS device configured (printer.name is empty)")
    if uri.startswith(("tcp://", "net:")):
        rest = uri.split("://", 1)[1] if "://" in uri else uri.split(":", 1)[1]
        parsed = urlparse(f"//{rest}")
        if not parsed.hostname:
            raise PrinterQueueMissingError(f"bad ESC/POS network URI {uri!r}")
        return TcpTransport(parsed.hostname, parsed.port or RAW_PORT, timeout_s)
    if uri.startswith("usb:"):
        try:
            vendor, product = (int(x, 16) for x in uri[4:].split(":"))
        except ValueError:
            raise PrinterQueueMissingError(f"bad ESC/POS USB URI {uri!r}") from None
        return UsbTransport(vendor, product, timeout_s)
    path = uri[5:] if uri.startswith("file:") else uri
    if not os.path.isabs(path):
        raise PrinterQueueMissingError(f"bad ESC/POS device URI {uri!r}")
    return FileTransport(path, timeout_s)
