"""The access keys a resident gives at the identify screen: typed, or the card's printed QR.

PACE needs only the card access number (CAN), which public readers of Vietnamese cards take as
the last 6 digits of the 12-digit ID number. BAC needs the ID number, the birth date and the
expiry; when the expiry is not given it is derived from the renewal ages.

Expiry rule (Luật Căn cước 2023 art. 21; the 2014 law had 25, 40, 60): the card must be changed
at ages 14, 25, 40 and 60, so its expiry is the 14th, 25th, 40th or 60th birthday; a card issued
within the two years before one of those ages stays valid until the next one; a card issued
from age 58 has no expiry at all. For cards without expiry the MRZ expiry field is unconfirmed,
so no candidate is produced for them (the resident or staff types what the card shows). When
the issue date is unknown every milestone from the first chip cards (2021) on is a candidate,
the most likely first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.card.errors import AccessInputError

MILESTONE_AGES = (14, 25, 40, 60)
GRACE_YEARS = 2
NO_EXPIRY_FROM_AGE = 58
#: the first chip cards were issued in 2021: no chip card expired before that
FIRST_CHIP_CARDS = date(2021, 1, 1)
QR_SEPARATOR = "|"
CAN_LENGTH = 6
_ID_RE = re.compile(r"\d{12}")
_OLD_ID_RE = re.compile(r"\d{9}")
_QR_DATE_RE = re.compile(r"\d{8}|\d{2}/\d{2}/\d{4}")
#: an 8-digit field that is not a date (31021989) makes the whole QR suspect
_DATE_SHAPE_RE = re.compile(r"[0-3]\d[01]\d(19|20)\d\d")
_SEXES = {"nam", "nữ", "nu"}


def can_from_id_number(id_number: str) -> str:
    """The card access number PACE uses: the last 6 digits of the 12-digit ID number."""
    return id_number[-CAN_LENGTH:]


def birthday(dob: date, age: int) -> date:
    """The date someone born on ``dob`` turns ``age`` (29 Feb -> 28 Feb in common years)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return date(dob.year + age, 2, 28)


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

    With an issue date: the rule's answer first, then the other milestones after the issue date
    (in case the date was typed or printed near a boundary). Without one: the milestones from
    the next one to come (a valid card) onwards, then past ones back to the first chip cards
    (an expired card still reads).
    """
    milestones = [birthday(date_of_birth, a) for a in MILESTONE_AGES]
    if issue_date is not None:
        # "no expiry" (issued from 58): the 60th birthday is the nearest guess still worth a try
        expected = expiry_for_issue(date_of_birth, issue_date) or milestones[-1]
        later = [m for m in milestones if m > issue_date] or [expected]
        ordered = sorted(later, key=lambda m: (m != expected, abs((m - expected).days)))
    else:
        day = today or date.today()
        future = [m for m in milestones if m >= day]
        past = [m for m in reversed(milestones) if FIRST_CHIP_CARDS <= m < day]
        ordered = future + past
    out: list[date] = []
    for d in ordered:
        if d not in out:
            out.append(d)
    return out


@dataclass(frozen=True)
class CardQr:
    """The QR printed on the card (front of the CCCD, back of the 2024 "thẻ căn cước")."""

    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    address: str
    issue_date: date | None
    extra: tuple[str, ...] = ()
    expiry_date: date | None = None

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


def _qr_date(text: str) -> date | None:
    if not _QR_DATE_RE.fullmatch(text):
        return None
    try:
        return parse_ddmmyyyy(text)
    except AccessInputError:
        return None


def parse_card_qr(text: str) -> CardQr:
    """Parse the scanned QR text (fields separated by "|") by content, not by position.

    The CCCD's QR is ``ID|old ID|name|birth|sex|address|issue``; the 2024 card's list differs
    (and may carry an expiry). So: the ID is the 12-digit field, the old ID a 9-digit one, the
    dates are told apart by order (birth < issue < expiry), the sex is "Nam"/"Nữ", the name is
    the first other text and the address the next. Scanners that type like a keyboard may add
    a trailing Enter or spaces; both are ignored. Unused fields are kept in ``extra``.
    """
    fields = [f.strip() for f in text.strip().strip("\r\n").split(QR_SEPARATOR)]
    id_number = next((f for f in fields if _ID_RE.fullmatch(f)), "")
    dates = sorted(d for d in (_qr_date(f) for f in fields) if d is not None)
    bad_date = any(_DATE_SHAPE_RE.fullmatch(f) and _qr_date(f) is None for f in fields)
    if len(fields) < 4 or not id_number or not dates or bad_date:
        raise _input_error(
            "Không đọc được mã QR trên thẻ. Vui lòng quét lại hoặc nhập tay.",
            "The QR code on the card could not be read. Scan again or type the details.",
            f"QR has {len(fields)} fields, no 12-digit ID or no date",
        )
    used = {fields.index(id_number)}
    old_id = next(
        (f for i, f in enumerate(fields) if i not in used and _OLD_ID_RE.fullmatch(f)), ""
    )
    sex = next((f for f in fields if f.casefold() in _SEXES), "")
    texts = [
        f for i, f in enumerate(fields)
        if f and i not in used and f not in (old_id, sex) and _qr_date(f) is None
        and not _ID_RE.fullmatch(f)
    ]  # fmt: skip
    named = set(texts[:2]) | {old_id, sex, id_number}
    return CardQr(
        id_number=id_number,
        old_id_number=old_id,
        full_name=texts[0] if texts else "",
        date_of_birth=dates[0],
        sex=sex,
        address=texts[1] if len(texts) > 1 else "",
        issue_date=dates[1] if len(dates) > 1 else None,
        extra=tuple(f for f in fields if f and f not in named and _qr_date(f) is None),
        expiry_date=dates[2] if len(dates) > 2 else None,
    )
