"""``/tra-cuu/{token}``: the public tracking page of the QR code, and its stylesheet."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from citybackend.dependencies import ServicesDep
from citybackend.models import TOKEN_RE, ErrorBody
from citybackend.openapi_responses import RETRY_AFTER, STATUS_TEXT
from citybackend.stores.errors import NotFoundError
from citybackend.tracking_page import page_lang, render_message, render_tracking
from citybackend.visibility import public_view

router = APIRouter()


@router.get(
    "/tra-cuu/{token}",
    response_class=HTMLResponse,
    tags=["public"],
    responses={
        404: {"description": "unknown token", "content": {"text/html": {}}},
        429: {
            "description": STATUS_TEXT[429],
            "content": {"text/html": {}},
            "headers": RETRY_AFTER,
        },
        413: {"model": ErrorBody, "description": STATUS_TEXT[413]},
        503: {"model": ErrorBody, "description": STATUS_TEXT[503], "headers": RETRY_AFTER},
    },
)
def tracking_page(token: str, backend: ServicesDep, lang: str = "vi") -> HTMLResponse:
    """The public tracking page of the QR code. Rate-limited per client address (before
    anything else, in :class:`PublicGate`). Any token and language are taken (an unknown
    one is not found, or Vietnamese): a resident sees a page, never a 422."""
    page = page_lang(lang)
    self_path = f"/tra-cuu/{token}" if TOKEN_RE.match(token) else "/tra-cuu/"
    headers = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
    if not TOKEN_RE.match(token):
        return HTMLResponse(
            render_message(page, "not_found", self_path), status_code=404, headers=headers
        )
    try:
        view = backend.store.tracking(token=token)
    except NotFoundError:
        return HTMLResponse(
            render_message(page, "not_found", self_path), status_code=404, headers=headers
        )
    return HTMLResponse(
        render_tracking(public_view(view), page, self_path, backend.procedure_names),
        headers=headers,
    )


@router.get("/static/tracking.css", include_in_schema=False)
def tracking_css() -> Response:
    css = resources.files("citybackend").joinpath("static/tracking.css").read_bytes()
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})
