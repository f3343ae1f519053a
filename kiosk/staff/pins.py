"""The staff/technician PIN store.

One JSON file holds every PIN as an argon2id hash with an opaque staff id and a label, and the
state of the PIN pad: consecutive wrong PINs and, after ``max_failures`` of them, the time until
which the pad is locked. Because the lock is in the file it survives a restart or a power cut.

Every operation re-reads the file under an exclusive ``flock`` on a sidecar lock file (the
``kiosk staff add-pin`` command may run while the kiosk is up) and writes it back atomically.
Verifying costs one argon2 hash per PIN of the role (tens of milliseconds each): call it from a
worker thread, never from the GUI thread.

Neither a PIN nor a label is ever written to the log; only staff ids are.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kiosk.runtime.atomic_file import write_atomic
from kiosk.staff.errors import PinLockedError, PinPolicyError, PinStoreError

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MAX_FAILURES = 5
LOCK_SECONDS = 300.0
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
LABEL_MAX = 60
#: how long an operation waits for another process holding the file lock
FILE_LOCK_TIMEOUT_S = 5.0
#: name of the PIN file inside the data directory
PIN_FILE_NAME = "staff-pins.json"


def pin_path(data_dir: Path) -> Path:
    """Where the kiosk, its staff mode and ``kiosk staff`` keep the PIN file."""
    return data_dir / PIN_FILE_NAME


_PIN_RE = re.compile(rf"\d{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}")

Clock = Callable[[], float]


class Role(StrEnum):
    STAFF = "staff"
    TECHNICIAN = "technician"


@dataclass(frozen=True)
class StaffMember:
    """Who opened the pad. ``staff_id`` is opaque and is what dossiers and logs record."""

    staff_id: str
    label: str
    role: Role


@dataclass(frozen=True)
class LockState:
    failures: int
    remaining_s: float

    @property
    def locked(self) -> bool:
        return self.remaining_s > 0


def default_hasher() -> PasswordHasher:
    """argon2id with OWASP's recommended minimum (19 MiB, t=2, p=1): about 30 ms per check.

    Verifying tries every PIN of the role, so the cost is multiplied by the number of staff;
    a stolen file of 4-12 digit PINs is brute-forceable whatever the profile, which is why the
    file is 0600 in a 0700 directory and the pad locks after five wrong tries.
    """
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


class PinStore:
    """PIN hashes and the pad lock, kept in one JSON file (created 0600 on first write)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Clock = time.time,
        hasher: PasswordHasher | None = None,
        max_failures: int = MAX_FAILURES,
        lock_seconds: float = LOCK_SECONDS,
        file_lock_timeout_s: float = FILE_LOCK_TIMEOUT_S,
    ) -> None:
        self.path = Path(path)
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._clock = clock
        self._hasher = hasher or default_hasher()
        self._max_failures = max_failures
        self._lock_seconds = lock_seconds
        self._file_lock_timeout_s = file_lock_timeout_s

    # --- queries --------------------------------------------------------------------------
    def members(self) -> list[StaffMember]:
        with self._transaction() as doc:
            return [_member(m) for m in doc["members"]]

    def lock_state(self) -> LockState:
        with self._transaction() as doc:
            return LockState(doc["pad"]["failures"], self._remaining(doc))

    # --- the pad --------------------------------------------------------------------------
    def verify(self, role: Role | None, pin: str) -> StaffMember | None:
        """The member whose PIN this is (of ``role``, or any role when None), or None.

        Raises :class:`PinLockedError` while the pad is locked - including on the wrong PIN
        that locks it - and :class:`PinStoreError` when the file is unreadable.
        """
        with self._transaction() as doc:
            remaining = self._remaining(doc)
            if remaining > 0:
                raise PinLockedError(remaining)
            found = self._match(doc, role, pin)
            pad = doc["pad"]
            if found is not None:
                pad["failures"] = 0
                pad["locked_until"] = None
                log.info("PIN accepted for %s (%s)", found["id"], found["role"])
                return _member(found)
            pad["failures"] += 1
            log.warning("wrong PIN (%d of %d)", pad["failures"], self._max_failures)
            if pad["failures"] >= self._max_failures:
                pad["failures"] = 0
                pad["locked_until"] = self._clock() + self._lock_seconds
                log.warning("PIN pad locked for %.0f s", self._lock_seconds)
                raise PinLockedError(self._lock_seconds)
            return None

    def _match(self, doc: dict[str, Any], role: Role | None, pin: str) -> dict[str, Any] | None:
        for m in doc["members"]:
            if role is not None and m["role"] != role.value:
                continue
            try:
                self._hasher.verify(m["hash"], pin)
            except VerifyMismatchError:
                continue
            except (VerificationError, InvalidHashError):
                log.error("PIN hash of %s is damaged; skipped", m["id"])
                continue
            if self._hasher.check_needs_rehash(m["hash"]):
                m["hash"] = self._hasher.hash(pin)
            return m  # type: ignore[no-any-return]
        return None

    # --- administration (the CLI) -------------------------------------------------------
    def add(self, role: Role, label: str, pin: str) -> StaffMember:
        """Store a new PIN. Refuses a PIN that is malformed or already used by anyone."""
        label = label.strip()
        if not label or len(label) > LABEL_MAX or any(ch in label for ch in "\r\n\t"):
            raise PinPolicyError(
                "label must be 1-60 characters on one line",
                vi="Tên hiển thị phải có từ 1 đến 60 ký tự.",
                en="The label must be 1 to 60 characters.",
            )
        if not _PIN_RE.fullmatch(pin):
            raise PinPolicyError(
                f"PIN must be {PIN_MIN_DIGITS}-{PIN_MAX_DIGITS} digits",
                vi=f"Mã PIN phải gồm {PIN_MIN_DIGITS} đến {PIN_MAX_DIGITS} chữ số.",
                en=f"The PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits.",
            )
        with self._transaction() as doc:
            if self._match(doc, None, pin) is not None:
                raise PinPolicyError(
                    "PIN already in use",
                    vi="Mã PIN này đã được dùng. Vui lòng chọn mã khác.",
                    en="This PIN is already in use. Please choose another.",
                )
            prefix = "T" if role is Role.TECHNICIAN else "S"
            staff_id = f"{prefix}-{secrets.token_hex(4)}"
            doc["members"].append(
                {"id": staff_id, "label": label, "role": role.value, "hash": self._hasher.hash(pin)}
            )
            log.info("PIN added for %s (%s)", staff_id, role.value)
            return StaffMember(staff_id, label, role)

    def remove(self, staff_id: str) -> bool:
        with self._transaction() as doc:
            before = len(doc["members"])
            doc["members"] = [m for m in doc["members"] if m["id"] != staff_id]
            removed = len(doc["members"]) != before
        if removed:
            log.info("PIN removed for %s", staff_id)
        return removed

    def unlock(self) -> None:
        """Clear the lockout (technician action from the command line)."""
        with self._transaction() as doc:
            doc["pad"] = {"failures": 0, "locked_until": None}

    # --- storage --------------------------------------------------------------------------
    def _remaining(self, doc: dict[str, Any]) -> float:
        until = doc["pad"]["locked_until"]
        if until is None:
            return 0.0
        remaining = float(until) - self._clock()
        if remaining > self._lock_seconds:
            # the wall clock went back: restart the lock from now rather than for ever
            doc["pad"]["locked_until"] = self._clock() + self._lock_seconds
            remaining = self._lock_seconds
        return max(0.0, remaining)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[dict[str, Any]]:
        """Read the document under the file lock; write it back if the body changed it."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _file_lock(self._lock_path, self._file_lock_timeout_s):
            doc = self._read()
            before = json.dumps(doc, sort_keys=True)
            try:
                yield doc
            finally:
                # also on PinLockedError: the failure that locked the pad must be kept
                if json.dumps(doc, sort_keys=True) != before:
                    self._write(doc)

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        except OSError as exc:
            raise PinStoreError(f"cannot read PIN file: {exc.strerror}") from exc
        try:
            doc = json.loads(raw)
            _check(doc)
        except (ValueError, TypeError, KeyError) as exc:
            raise PinStoreError(f"PIN file is damaged: {type(exc).__name__}") from None
        return doc  # type: ignore[no-any-return]

    def _write(self, doc: dict[str, Any]) -> None:
        data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        try:
            write_atomic(self.path, data + b"\n", mode=0o600)
        except OSError as exc:
            raise PinStoreError(f"cannot write PIN file: {exc.strerror}") from exc


def _empty() -> dict[str, Any]:
    return {"format": FORMAT_VERSION, "members": [], "pad": {"failures": 0, "locked_until": None}}


def _check(doc: Any) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_VERSION:
        raise ValueError("unknown format")
    pad = doc["pad"]
    if not isinstance(pad["failures"], int) or not (
        pad["locked_until"] is None or isinstance(pad["locked_until"], int | float)
    ):
        raise TypeError("bad pad state")
    for m in doc["members"]:
        if not all(isinstance(m[k], str) for k in ("id", "label", "role", "hash")):
            raise TypeError("bad member")
        Role(m["role"])


def _member(m: dict[str, Any]) -> StaffMember:
    return StaffMember(m["id"], m["label"], Role(m["role"]))


@contextlib.contextmanager
def _file_lock(path: Path, timeout_s: float) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PinStoreError(f"PIN file busy for more than {timeout_s:.0f} s") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock
