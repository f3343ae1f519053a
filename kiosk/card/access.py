"""The access keys a resident gives at the identify screen: typed, or the card's printed QR.

Expiry rule assumed (Luật Căn cước công dân 2014 art. 21, kept by Luật Căn cước 2023 art. 21):
the card must be changed at ages 25, 40 and 60, so its expiry is the 25th, 40th or 60th birthday;
a card issued within the two years before one of those ages stays valid until the next one; a
card issued from age 58 has no expiry at all. For cards without expiry the MRZ expiry field is
unconfirmed, so no candidate is produced for them (the resident or staff types what the card
shows). When the issue date is unknown every milestone is a candidate, the most likely first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.card.errors import AccessInputError

MILESTONE_AGES = (25, 40, 60)
GRACE_YEARS = 2
NO_EXPIRY_FROM_AGE = 58
QR_SEPARATOR = "|"
_ID_RE = re.compile(r"\d{12}")


def birthday(dob: date, age: int) -> date:
    """The date someone born on ``dob`` turns ``age`` (29 Feb -> 28 Feb in common years)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return date(dob.year + age, 2, 28)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def expiry_for_issue(dob: date, issue: date) -> date | None:
    """The expiry the rule gives a card issued on ``issue``; None for "no expiry"."""
    for age in MILESTONE_AGES:
        if issue < birthday(dob, age - GRACE_YEARS):
            return birthday(dob, age)
    return None


def candidate_expiry_dates(
    date_of_birth: date, issue_date: date | None = None, *, today: date | None = None
) -> list[date]:
    """Expiry dates to try for BAC, most likely first, without repeats.

    With an issue date: the rule's answer first, then the neighbouring milestones (in case the
    issue date was typed or printed near a boundary). Without one: the milestones from the
    next one to come (a valid card) onwards, then past ones (an expired card still reads).
    """
    milestones = [birthday(date_of_birth, a) for a in MILESTONE_AGES]
    if issue_date is not None:
        # "no expiry" (issued from 58): the 60th birthday is the nearest guess still worth a try
        expected = expiry_for_issue(date_of_birth, issue_date) or milestones[-1]
        ordered = sorted(milestones, key=lambda m: (m != expected, abs((m - expected).days)))
    else:
        day = today or date.today()
        future = [m for m in milestones if m >= day]
        past = [m for m in reversed(milestones) if m < day]
        ordered = future + past
    out: list[date] = []
    for d in ordered:
        if d not in out:
            out.append(d)
    return out


@dataclass(frozen=True)
class CardQr:
    """The QR printed on the front of the card."""

    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    address: str
    issue_date: date | None
    extra: tuple[str, ...] = ()

    def __repr__(self) -> str:  # personal data: never printed whole by accident
        return "CardQr(<redacted>)"


def _input_error(vi: str, en: str, detail: str) -> AccessInputError:
    return AccessInputError(detail, vi=vi, en=en)


def parse_ddmmyyyy(text: str) -> date:
    """``ddmmyyyy`` (QR) or ``dd/mm/yyyy`` (number pad); AccessInputError when not a date."""
    cleaned = text.strip()
    for fmt in ("%d%m%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise _input_error(
        "Ngày chưa đúng. Nhập theo dạng ngày/tháng/năm, ví dụ 14/05/1989.",
        "The date is not valid. Enter it as day/month/year, e.g. 14/05/1989.",
        "date not in dd/mm/yyyy form",
    )


def check_id_number(text: str) -> str:
    """The 12-digit ID number with spaces removed; AccessInputError otherwise."""
    cleaned = re.sub(r"[\s.-]", "", text)
    if not _ID_RE.fullmatch(cleaned):
        raise _input_error(
            "Số định danh (CCCD) gồm đúng 12 chữ số.",
            "The ID number has exactly 12 digits.",
            f"ID number has {len(cleaned)} characters",
        )
    return cleaned


def id_matches_birth_year(id_number: str, date_of_birth: date) -> bool:
    """Whether digits 4-6 of the ID (century/sex code, year) agree with the birth date.

    Century code: 0/1 = 1900s, 2/3 = 2000s, 4/5 = 2100s... (even = male, odd = female).
    """
    if not _ID_RE.fullmatch(id_number):
        return False
    century = 1900 + 100 * (int(id_number[3]) // 2)
    return century + int(id_number[4:6]) == date_of_birth.year


def check_birth_date(text: str, *, today: date | None = None) -> date:
    """A birth date that is a date, in the past and plausible for a card holder."""
    dob = parse_ddmmyyyy(text)
    day = today or date.today()
    if dob > day or dob.year < 1900:
        raise _input_error(
            "Ngày sinh chưa đúng.", "The date of birth is not valid.", "birth date out of range"
        )
    return dob


def check_expiry_date(text: str, date_of_birth: date | None = None) -> date:
    """An expiry date after the birth date (an expired card is still accepted: it may read)."""
    expiry = parse_ddmmyyyy(text)
    if date_of_birth is not None and expiry <= date_of_birth:
        raise _input_error(
            "Ngày hết hạn phải sau ngày sinh.",
            "The expiry date must be after the date of birth.",
            "expiry before birth",
        )
    return expiry


def parse_card_qr(text: str) -> CardQr:
    """Parse the scanned QR text (fields separated by "|").

    Scanners that type like a keyboard may add a trailing Enter or spaces; both are ignored.
    Newer cards may add fields after the seventh: they are kept in ``extra``.
    """
    fields = [f.strip() for f in text.strip().strip("\r\n").split(QR_SEPARATOR)]
    if len(fields) < 7:
        raise _input_error(
            "Không đọc được mã QR trên thẻ. Vui lòng quét lại hoặc nhập tay.",
            "The QR code on the card could not be read. Scan again or type the details.",
            f"QR has {len(fields)} fields, expected at least 7",
        )
    id_number = check_id_number(fields[0])
    issue = parse_ddmmyyyy(fields[6]) if fields[6] else None
    return CardQr(
        id_number=id_number,
        old_id_number=fields[1],
        full_name=fields[2],
        date_of_birth=parse_ddmmyyyy(fields[3]),
        sex=fields[4],
        address=fields[5],
        issue_date=issue,
        extra=tuple(fields[7:]),
    )
