"""``/api/v1/health``: open, for load balancers and the kiosk's doctor."""

from __future__ import annotations

from fastapi import APIRouter

from citybackend import API_PREFIX
from citybackend.openapi_responses import responses

router = APIRouter(prefix=API_PREFIX, tags=["ops"])


@router.get("/health", responses=responses(413))
def health() -> dict[str, str]:
    return {"status": "ok"}
