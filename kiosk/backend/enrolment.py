"""Enrolling the kiosk with the city: check a device token against the city, then keep it.

The city's admin tool (`citybackend kiosk add NAME` for the reference backend) issues the
device token; the technician pastes it, or scans it from the printed enrolment sheet, in
technician mode. The kiosk proves the token with one heartbeat before writing it, so a typo
never replaces a working token; the file is written atomically with mode 0600.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kiosk import __version__
from kiosk.atomic_file import write_atomic
from kiosk.backend.client import CityClient
from kiosk.backend.errors import BackendError
from kiosk.config import Config

#: what a device token looks like (URL-safe base64 and the like; no spaces, no quotes)
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{16,512}")


class EnrolmentCodeError(BackendError):
    code = "backend.enrolment_code"
    message_vi = "Mã đăng ký không đúng định dạng. Vui lòng dán hoặc quét lại."
    message_en = "The enrolment code is not in the expected form. Paste or scan it again."


def clean_token(text: str) -> str:
    """The token from pasted or scanned text (surrounding spaces and line ends removed)."""
    token = text.strip()
    if not _TOKEN.fullmatch(token):
        raise EnrolmentCodeError(f"token of {len(token)} characters in an unexpected form")
    return token


def enrol(
    cfg: Config,
    text: str,
    *,
    client_factory: Callable[[str, str], CityClient] | None = None,
) -> Path:
    """Check the token with a heartbeat to ``backend.url``, then store it; returns the file.

    Raises a :class:`BackendError` subclass (unauthorised, unavailable...) and writes nothing
    when the city does not accept the token.
    """
    token = clean_token(text)
    make = client_factory or (
        lambda url, tok: CityClient(
            url,
            tok,
            ca_bundle=str(cfg["backend.ca_bundle"]),
            connect_timeout_s=float(cfg["backend.connect_timeout_s"]),
            read_timeout_s=float(cfg["backend.read_timeout_s"]),
            max_attempts=1,
        )
    )
    client = make(str(cfg["backend.url"]), token)
    try:
        client.heartbeat(
            {
                "kiosk_id": str(cfg["kiosk.id"]),
                "app_version": __version__,
                "outbox_depth": 0,
                "outbox_oldest_at": None,
                "last_sync_at": None,
                "last_error": "",
            }
        )
    finally:
        client.close()
    path = cfg.data_path("backend.token_file")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, (token + "\n").encode("ascii"), mode=0o600)
    return path
