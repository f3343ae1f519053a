"""The error answers each route lists in the OpenAPI document (every status it can answer)."""

from __future__ import annotations

from typing import Any

from citybackend.models import ErrorBody, ValidationErrorBody

#: what each status means, for the OpenAPI document (every route lists the ones it answers)
STATUS_TEXT: dict[int, str] = {
    400: "malformed request (the body could not be read)",
    401: "missing or unknown device token",
    403: "kiosk_id is not the caller's",
    404: "not found (or not this kiosk's)",
    409: "Idempotency-Key or rating reused with another body",
    413: "request body too large",
    422: "invalid request: field issues (no values echoed) or one refusal",
    429: "too many requests from this kiosk or address; see Retry-After",
    503: "database busy or unavailable; retry after Retry-After",
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}

#: what every authenticated call may answer besides its own (413: any request with a body
#: over the limit, even one that should have none)
AUTHED = (401, 413, 422, 429, 503)


def responses(
    *statuses: int, extra: dict[int | str, dict[str, Any]] | None = None
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses of a route: the error statuses it answers, with their bodies."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {
            "model": ValidationErrorBody if status == 422 else ErrorBody,
            "description": STATUS_TEXT[status],
        }
        if status in {429, 503}:
            entry["headers"] = RETRY_AFTER
        out[status] = entry
    out.update(extra or {})
    return out
