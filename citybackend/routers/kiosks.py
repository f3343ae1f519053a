"""The kiosks' own calls: ``/api/v1/enrol`` (a one-time code for a device token, no token
needed) and ``/api/v1/heartbeat``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from citybackend import API_PREFIX
from citybackend.dependencies import Kiosk, ServicesDep, api_error
from citybackend.models import EnrolIn, EnrolOut, HeartbeatIn, HeartbeatOut
from citybackend.openapi_responses import AUTHED, responses
from citybackend.stores.errors import NotFoundError

router = APIRouter(prefix=API_PREFIX, tags=["ops"])


@router.post("/heartbeat", responses=responses(400, 403, *AUTHED))
def heartbeat(
    body: HeartbeatIn, kiosk: Kiosk, backend: ServicesDep, request: Request
) -> HeartbeatOut:
    """A kiosk says it is alive and reports its outbox; the answer carries server time."""
    if body.kiosk_id != kiosk.kiosk_id:
        raise api_error(403, "kiosk_mismatch", "kiosk_id is not the authenticated kiosk")
    addr = request.client.host if request.client else ""
    return HeartbeatOut(server_time=backend.store.heartbeat(kiosk.kiosk_id, addr, body))


@router.post("/enrol", responses=responses(400, 404, 413, 422, 429, 503))
def enrol(body: EnrolIn, backend: ServicesDep) -> EnrolOut:
    """Exchange a one-time enrolment code for the kiosk's device token (no token needed:
    this is how a kiosk gets one). Rate-limited per client address like the public page,
    before the body is read."""
    try:
        kiosk_id, token = backend.store.redeem_enrolment_code(body.code)
    except NotFoundError:
        raise api_error(404, "not_found", "enrolment code unknown, used or expired") from None
    return EnrolOut(kiosk_id=kiosk_id, token=token)
