"""How much of a dossier's tracking each caller sees.

- ``full``: the kiosk that filed it (by UUID): history notes included, which may name staff.
- ``public``: whoever holds the tracking token (the QR code, the tracking page): masked
  name, status, due date, fee state, history as statuses and times without notes.
- ``code``: a look-up by official code or provisional reference alone. Codes are printed
  and sequential, so this shows the least: code, procedure, current status and due date.
"""

from __future__ import annotations

from citybackend.models import StatusEventOut, TrackingOut


def public_view(full: TrackingOut) -> TrackingOut:
    return full.model_copy(
        update={
            "view": "public",
            "history": [StatusEventOut(status=e.status, at=e.at) for e in full.history],
        }
    )


def code_view(full: TrackingOut) -> TrackingOut:
    last = full.history[-1:] or []
    return full.model_copy(
        update={
            "view": "code",
            "provisional_ref": None,
            "applicant_masked": "",
            "paid": False,
            "fee_vnd": None,
            "history": [StatusEventOut(status=e.status, at=e.at) for e in last],
        }
    )
