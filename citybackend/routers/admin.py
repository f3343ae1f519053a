"""``/admin/kiosks`` and ``/admin/ratings``: plain HTML pages behind the admin token."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from citybackend.dependencies import ServicesDep, admin_guard

router = APIRouter(
    prefix="/admin",
    dependencies=[Depends(admin_guard)],
    include_in_schema=False,
)


@router.get("/kiosks", response_class=HTMLResponse)
def admin_kiosks(backend: ServicesDep) -> HTMLResponse:
    now = datetime.now(UTC)
    rows = []
    for k in backend.store.list_kiosks():
        seen = k.last_heartbeat_at
        ago = f"{int((now - seen).total_seconds())} s" if seen else "-"
        rows.append(
            f"<tr><td>{escape(k.kiosk_id)}</td><td>{escape(k.agency_code)}</td>"
            f"<td>{escape(seen.isoformat(timespec='seconds') if seen else '-')}</td>"
            f"<td>{ago}</td><td>{'' if k.outbox_depth is None else k.outbox_depth}</td>"
            f"<td>{escape(k.last_error)}</td></tr>"
        )
    return HTMLResponse(
        _admin_page(
            "Ki-ốt / Kiosks",
            ["Kiosk", "Agency", "Last heartbeat (UTC)", "Ago", "Outbox", "Last error"],
            rows,
        )
    )


@router.get("/ratings", response_class=HTMLResponse)
def admin_ratings(backend: ServicesDep) -> HTMLResponse:
    rows = []
    for r in backend.store.ratings_summary():
        reasons = ", ".join(f"{escape(k)}: {v}" for k, v in r.reasons.items())
        rows.append(
            f"<tr><td>{escape(r.ward_code)}</td><td>{escape(r.procedure_code)}</td>"
            f"<td>{r.total}</td><td>{r.very_satisfied}</td><td>{r.satisfied}</td>"
            f"<td>{r.not_satisfied}</td><td>{r.satisfied_share:.0%}</td><td>{reasons}</td></tr>"
        )
    return HTMLResponse(
        _admin_page(
            "Đánh giá / Ratings",
            [
                "Ward",
                "Procedure",
                "Total",
                "Very satisfied",
                "Satisfied",
                "Not satisfied",
                "Satisfied share",
                "Reasons",
            ],
            rows,
        )
    )


def _admin_page(title: str, headings: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "\n".join(rows) or f'<tr><td colspan="{len(headings)}">-</td></tr>'
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        "margin:16px}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:4px 8px;text-align:left}</style></head>"
        f"<body><h1>{escape(title)}</h1><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )
