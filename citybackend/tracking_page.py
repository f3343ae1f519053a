"""The public tracking page ``/tra-cuu/{token}``: HTML in Vietnamese, or English with ?lang=en.

It shows the procedure, the status timeline, the due date and the applicant's masked name,
nothing else (not even the back office's notes, which may name people). Every value is HTML-escaped.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from html import escape
from typing import Literal

from citybackend.models import TrackingOut
from citybackend.statuses import LABELS, Status

VIETNAM_TZ = timezone(timedelta(hours=7))

#: the page's two languages (the backend keeps its own: it imports nothing of the kiosk)
PageLang = Literal["vi", "en"]

TEXTS: dict[PageLang, dict[str, str]] = {
    "vi": {
        "title": "Tra cứu hồ sơ",
        "other": "English",
        "other_lang": "en",
        "code": "Mã hồ sơ",
        "procedure": "Thủ tục",
        "applicant": "Người nộp",
        "status": "Trạng thái",
        "due": "Ngày hẹn trả",
        "due_unknown": "Chưa xác định",
        "paid": "Lệ phí",
        "paid_yes": "Đã thanh toán",
        "paid_no": "Chưa thanh toán",
        "timeline": "Quá trình xử lý",
        "not_found": "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã QR trên giấy hẹn.",
        "limited": "Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.",
        "footer": "Cổng dịch vụ công - Thành phố Hà Nội",
    },
    "en": {
        "title": "Dossier tracking",
        "other": "Tiếng Việt",
        "other_lang": "vi",
        "code": "Dossier code",
        "procedure": "Procedure",
        "applicant": "Applicant",
        "status": "Status",
        "due": "Result due",
        "due_unknown": "Not yet set",
        "paid": "Fee",
        "paid_yes": "Paid",
        "paid_no": "Not paid yet",
        "timeline": "Processing history",
        "not_found": "Dossier not found. Please check the QR code on your receipt.",
        "limited": "Too many lookups. Please try again in a few minutes.",
        "footer": "Public service portal - Hanoi",
    },
}


def page_lang(requested: str) -> PageLang:
    """The page's language from the ``?lang=`` a browser sent: "en", else Vietnamese (any
    other value is anyone's input, and a resident still gets a page)."""
    return "en" if requested == "en" else "vi"


def _when(at: datetime) -> str:
    local = at.astimezone(VIETNAM_TZ)
    return f"{local:%H:%M} - {local:%d/%m/%Y}"


def _day(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def _page(lang: PageLang, title: str, body: str, self_path: str) -> str:
    t = TEXTS[lang]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/static/tracking.css">
</head>
<body>
<header><a class="lang" id="lang-toggle" href="{escape(self_path)}?lang={t["other_lang"]}">{
        escape(t["other"])
    }</a><h1>{escape(t["title"])}</h1></header>
<main>
{body}
</main>
<footer>{escape(t["footer"])}</footer>
</body>
</html>
"""


def render_tracking(
    view: TrackingOut,
    lang: PageLang,
    self_path: str,
    procedure_names: dict[str, tuple[str, str]],
) -> str:
    t = TEXTS[lang]
    idx = 0 if lang == "vi" else 1
    names = procedure_names.get(view.procedure_code)
    procedure = f"{names[idx]} ({view.procedure_code})" if names else view.procedure_code
    status_label = LABELS[Status(view.status)][idx]
    due = _day(view.due_date) if view.due_date else t["due_unknown"]
    rows = [
        (t["code"], view.code, "code"),
        (t["procedure"], procedure, "procedure"),
        (t["applicant"], view.applicant_masked, "applicant"),
        (t["status"], status_label, "status"),
        (t["due"], due, "due"),
    ]
    if view.fee_vnd:
        rows.append((t["paid"], t["paid_yes"] if view.paid else t["paid_no"], "paid"))
    facts = "\n".join(
        f'<dt>{escape(k)}</dt><dd id="{ident}"'
        f"{' class=' + chr(34) + 'status' + chr(34) if ident == 'status' else ''}>"
        f"{escape(v)}</dd>"
        for k, v, ident in rows
    )
    items: list[str] = []
    for i, event in enumerate(view.history):
        current = ' class="current"' if i == len(view.history) - 1 else ""
        label = LABELS[Status(event.status)][idx]
        items.append(
            f'<li{current} data-status="{event.status}"><strong>{escape(label)}</strong>'
            f'<time datetime="{escape(event.at.isoformat())}">{escape(_when(event.at))}</time>'
            "</li>"
        )
    body = (
        f'<section class="card"><dl>\n{facts}\n</dl></section>\n'
        f'<section class="card"><h2>{escape(t["timeline"])}</h2>\n'
        f'<ol class="timeline" id="timeline">\n{chr(10).join(items)}\n</ol></section>'
    )
    return _page(lang, f"{t['title']} {view.code}", body, self_path)


def render_message(lang: PageLang, key: str, self_path: str) -> str:
    """A page holding one message (not found, too many lookups)."""
    t = TEXTS[lang]
    body = f'<section class="card"><p id="message">{escape(t[key])}</p></section>'
    return _page(lang, t["title"], body, self_path)
