"""The per-device key that encrypts outbox payloads at rest (AES-256-GCM).

The key file is created on first run with mode 0600 (``O_EXCL``: two processes starting at
once cannot both write one) and holds 32 random bytes. Losing it makes queued payloads
unreadable, so it lives beside the outbox in the data directory and is never logged.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.backend.errors import OutboxError

KEY_BYTES = 32
NONCE_BYTES = 12
_FORMAT = b"\x01"  # version byte in front of every sealed payload


def load_or_create_key(path: Path) -> bytes:
    """Read the key, creating it (0600) if absent. Refuses a key readable by others."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(path.parent)
    try:
        mode = path.stat().st_mode
        key = path.read_bytes()
    except OSError as exc:
        raise OutboxError(f"cannot read the outbox key: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise OutboxError("outbox key file is readable by other users (must be 0600)")
    if len(key) != KEY_BYTES:
        raise OutboxError("outbox key file has the wrong length")
    return key


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PayloadCipher:
    """AES-GCM with a random nonce per payload; ``aad`` binds a payload to its outbox row."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        if not sealed.startswith(_FORMAT) or len(sealed) < 1 + NONCE_BYTES + 16:
            raise OutboxError("sealed payload has an unknown format")
        nonce = sealed[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, sealed[1 + NONCE_BYTES :], aad)
        except InvalidTag:
            raise OutboxError("sealed payload failed authentication") from None
