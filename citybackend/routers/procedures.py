"""``/api/v1/procedures``: the procedures catalog as one JSON document, with an ETag."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from citybackend import API_PREFIX
from citybackend.dependencies import Kiosk, ServicesDep
from citybackend.openapi_responses import AUTHED, responses

router = APIRouter(prefix=API_PREFIX, tags=["catalog"])


@router.get(
    "/procedures",
    responses=responses(
        *AUTHED,
        extra={
            200: {"content": {"application/json": {"schema": {}}}},
            304: {"description": "not modified (If-None-Match)"},
        },
    ),
)
def procedures(
    _kiosk: Kiosk,
    backend: ServicesDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The procedures catalog as one JSON document, with an ETag."""
    catalog = backend.settings.catalog
    headers = {"ETag": catalog.etag, "Cache-Control": "no-cache"}
    if if_none_match and catalog.etag in {t.strip() for t in if_none_match.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(catalog.body, media_type="application/json", headers=headers)
