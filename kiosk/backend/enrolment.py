"""Enrolling the kiosk with the city, from technician mode.

The usual way: the city issues a one-time enrolment code (`citybackend kiosk enrolment-code
NAME` on the reference backend, valid 24 h); the technician types or scans it, and the kiosk
exchanges it for its device token (``POST /api/v1/enrol``). A device token issued directly
(`citybackend kiosk add NAME`) can be pasted instead. Either way the kiosk proves the token
with one heartbeat before writing it, so a typo never replaces a working token; the file is
written atomically with mode 0600.
"""

from __future__ import annotations

import re
from pathlib import Path

from kiosk import __version__
from kiosk.backend.client import CityConnection
from kiosk.backend.errors import BackendError, NotEnrolledError
from kiosk.config import Config
from kiosk.runtime.atomic_file import write_atomic

#: what a device token looks like (URL-safe base64 and the like; no spaces, no quotes)
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{16,512}")
#: a one-time enrolment code: 12 letters/digits, dashes optional (XXXX-XXXX-XXXX)
_CODE = re.compile(r"[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}")


class EnrolmentCodeError(BackendError):
    code = "backend.enrolment_code"
    message_vi = "Mã đăng ký không đúng định dạng. Vui lòng dán hoặc quét lại."
    message_en = "The enrolment code is not in the expected form. Paste or scan it again."


class CodeForAnotherKioskError(BackendError):
    code = "backend.enrolment_other_kiosk"
    message_vi = "Mã đăng ký này được cấp cho một máy khác. Kiểm tra mã máy trong Cài đặt."
    message_en = "This enrolment code was issued for another kiosk. Check the kiosk ID in Settings."


def clean_token(text: str) -> str:
    """The token from pasted or scanned text (surrounding spaces and line ends removed)."""
    token = text.strip()
    if not _TOKEN.fullmatch(token):
        raise EnrolmentCodeError(f"token of {len(token)} characters in an unexpected form")
    return token


def enrol(cfg: Config, text: str) -> Path:
    """Check the token with a heartbeat to ``backend.url``, then store it; returns the file.

    Raises a :class:`BackendError` subclass (unauthorised, unavailable...) and writes nothing
    when the city does not accept the token.
    """
    kiosk_id = cfg.kiosk.id
    if _CODE.fullmatch(text.strip()):
        exchange = CityConnection.from_config(cfg, "").client(max_attempts=1)
        try:
            issued_for, token = exchange.enrol(text.strip())
        finally:
            exchange.close()
        if issued_for != kiosk_id:
            raise CodeForAnotherKioskError(
                f"code issued for kiosk {issued_for!r}, this one is {kiosk_id!r}"
            )
    else:
        token = clean_token(text)
    client = CityConnection.from_config(cfg, token).client(max_attempts=1)
    try:
        client.heartbeat(
            {
                "kiosk_id": kiosk_id,
                "app_version": __version__,
                "outbox_depth": 0,
                "outbox_oldest_at": None,
                "last_sync_at": None,
                "last_error": "",
            }
        )
    finally:
        client.close()
    path = cfg.data_path(cfg.backend.token_file)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, (token + "\n").encode("ascii"), mode=0o600)
    return path


def read_token(cfg: Config) -> str:
    """The device token :func:`enrol` wrote; NotEnrolledError (with the reason) when the file
    is missing or unreadable by this user."""
    path = cfg.data_path(cfg.backend.token_file)
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise NotEnrolledError(f"device token not readable at {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise NotEnrolledError(f"device token at {path} is not text: {exc.reason}") from exc
