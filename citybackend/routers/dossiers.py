"""``/api/v1/dossiers``, ``/api/v1/tracking`` and payments: filing a dossier and looking
dossiers up (the filing kiosk sees everything, anyone else at most the public view)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from citybackend import API_PREFIX
from citybackend.dependencies import Kiosk, ServicesDep, UuidPath, api_error, limit_kiosk_lookups
from citybackend.models import (
    CODE_RE,
    TOKEN_RE,
    UUID_PATTERN,
    DossierSubmission,
    PaymentOut,
    SubmitResult,
    TrackingOut,
)
from citybackend.openapi_responses import AUTHED, responses
from citybackend.stores.errors import IdempotencyConflictError, NotFoundError, UnstorableError
from citybackend.visibility import code_view, public_view

router = APIRouter(prefix=API_PREFIX)


@router.post(
    "/dossiers",
    tags=["dossiers"],
    status_code=201,
    response_model=SubmitResult,
    responses=responses(
        400,
        403,
        409,
        *AUTHED,
        extra={200: {"model": SubmitResult, "description": "replay of an earlier submission"}},
    ),
)
async def submit_dossier(
    body: DossierSubmission,
    kiosk: Kiosk,
    backend: ServicesDep,
    idempotency_key: Annotated[str, Header(pattern=UUID_PATTERN)],
) -> Response:
    """File a dossier. The Idempotency-Key (the kiosk's dossier UUID) makes retries safe:
    the same key and body return the same code; the same key with another body is 409."""
    if idempotency_key != body.dossier_uuid:
        raise api_error(422, "key_mismatch", "Idempotency-Key must equal dossier_uuid")
    if body.kiosk_id != kiosk.kiosk_id:
        raise api_error(403, "kiosk_mismatch", "kiosk_id is not the authenticated kiosk")
    try:
        result, created = await backend.writer.submit(kiosk, body)
    except IdempotencyConflictError as exc:
        raise api_error(409, exc.code, str(exc)) from None
    except UnstorableError as exc:
        raise api_error(422, exc.code, str(exc)) from None
    # serialised here, once: the result is already a validated model
    return Response(
        result.model_dump_json(),
        status_code=201 if created else 200,
        media_type="application/json",
    )


@router.get("/dossiers/{dossier_uuid}", tags=["dossiers"], responses=responses(404, *AUTHED))
def dossier_status(dossier_uuid: UuidPath, kiosk: Kiosk, backend: ServicesDep) -> TrackingOut:
    """Full status and history (notes included) of a dossier this kiosk filed; 404 for
    any other dossier, as for one that does not exist."""
    try:
        return backend.store.tracking(dossier_uuid=dossier_uuid, kiosk_id=kiosk.kiosk_id)
    except NotFoundError:
        raise api_error(404, "not_found", "dossier not found") from None


@router.get("/tracking", tags=["dossiers"], responses=responses(404, *AUTHED))
def tracking(
    kiosk: Kiosk,
    backend: ServicesDep,
    code: Annotated[str, Query(max_length=80)] = "",
    token: Annotated[str, Query(max_length=64)] = "",
) -> TrackingOut:
    """A resident's look-up, rate-limited per kiosk. By tracking token: the public view
    (masked name, status, due date, history without notes). By official code or
    provisional reference alone: the least (code, procedure, status, due date)."""
    if bool(code) == bool(token):
        raise api_error(422, "bad_query", "give exactly one of code or token")
    limit_kiosk_lookups(backend, kiosk)
    code, token = code.strip(), token.strip()
    # what cannot be a code or a token is not looked up (nor sent to the database)
    if not (CODE_RE.match(code) if code else TOKEN_RE.match(token)):
        raise api_error(404, "not_found", "dossier not found")
    try:
        if token:
            return public_view(backend.store.tracking(token=token))
        return code_view(backend.store.tracking(code=code))
    except NotFoundError:
        raise api_error(404, "not_found", "dossier not found") from None


@router.get(
    "/dossiers/{dossier_uuid}/payment", tags=["payments"], responses=responses(404, *AUTHED)
)
def payment(dossier_uuid: UuidPath, kiosk: Kiosk, backend: ServicesDep) -> PaymentOut:
    """Whether the fee of a dossier this kiosk filed has been paid (404 otherwise)."""
    try:
        return backend.store.payment(dossier_uuid, kiosk_id=kiosk.kiosk_id)
    except NotFoundError:
        raise api_error(404, "not_found", "dossier not found") from None
