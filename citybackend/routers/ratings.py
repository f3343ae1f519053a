"""``/api/v1/ratings``: satisfaction ratings, once per dossier, and their summary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citybackend import API_PREFIX
from citybackend.dependencies import Kiosk, ServicesDep, api_error
from citybackend.models import RatingIn, RatingOut, RatingSummaryRow
from citybackend.openapi_responses import AUTHED, responses
from citybackend.stores.errors import IdempotencyConflictError, NotFoundError

router = APIRouter(prefix=API_PREFIX, tags=["ratings"])


@router.post(
    "/ratings",
    status_code=201,
    responses=responses(
        400,
        403,
        404,
        409,
        *AUTHED,
        extra={200: {"model": RatingOut, "description": "the same rating again"}},
    ),
)
def rate(body: RatingIn, kiosk: Kiosk, backend: ServicesDep, response: Response) -> RatingOut:
    """Record a satisfaction rating: one per dossier (the same body again is accepted),
    for a dossier this kiosk filed or whose tracking token the body carries; 404 for
    any other dossier. The rating's kiosk is the caller."""
    if body.kiosk_id is not None and body.kiosk_id != kiosk.kiosk_id:
        raise api_error(403, "kiosk_mismatch", "kiosk_id is not the authenticated kiosk")
    try:
        created = backend.store.add_rating(kiosk, body)
    except IdempotencyConflictError as exc:
        raise api_error(409, exc.code, str(exc)) from None
    except NotFoundError:
        raise api_error(404, "not_found", "dossier not found") from None
    response.status_code = 201 if created else 200
    return RatingOut(dossier_uuid=body.dossier_uuid, accepted=True)


@router.get("/ratings/summary", responses=responses(*AUTHED))
def ratings_summary(
    _kiosk: Kiosk,
    backend: ServicesDep,
    ward_code: Annotated[str, Query(pattern=r"^[0-9A-Za-z]{0,16}$")] = "",
    procedure_code: Annotated[str, Query(pattern=r"^[0-9A-Za-z.]{0,32}$")] = "",
) -> list[RatingSummaryRow]:
    """Ratings per ward and procedure."""
    return backend.store.ratings_summary(ward_code=ward_code, procedure_code=procedure_code)
