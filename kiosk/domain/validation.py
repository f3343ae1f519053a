"""Checking form answers, with a message in both languages for every refusal.

:func:`validate_answer` checks one answer against its :class:`FieldSpec` (kind, required,
limits, named rules) and the other answers (an ID number against the date of birth and sex in
the fields its rules name). :func:`validate_form` checks every *visible* field. Messages never
repeat the value typed (it is personal data).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.domain.address import address_problem, commune
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.idnumber import id_problem
from kiosk.lang import Lang

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Message:
    """A refusal shown under the field: a stable code and the text in both languages."""

    code: str
    vi: str
    en: str

    def text(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en


MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Vui lòng nhập thông tin này.", "Please fill this in."),
    "too_long": ("Nội dung quá dài.", "This is too long."),
    "name.invalid": (
        "Họ tên chỉ gồm chữ cái và khoảng trắng.",
        "A name may only contain letters and spaces.",
    ),
    "date.invalid": (
        "Ngày không hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1980.",
        "Not a valid date. Type day/month/year, for example 05/09/1980.",
    ),
    "date.future": ("Ngày này không thể ở tương lai.", "This date cannot be in the future."),
    "date.past": ("Ngày này không thể ở quá khứ.", "This date cannot be in the past."),
    "age.too_young": (
        "Người này phải đủ {n} tuổi trở lên.",
        "This person must be at least {n} years old.",
    ),
    "age.too_old": (
        "Thủ tục này chỉ dành cho người dưới {m} tuổi.",
        "This procedure is only for people younger than {m}.",
    ),
    "number.invalid": ("Vui lòng nhập một số.", "Please enter a number."),
    "number.min": ("Số phải từ {n} trở lên.", "The number must be at least {n}."),
    "number.max": ("Số không được lớn hơn {n}.", "The number must be at most {n}."),
    "choice.invalid": ("Vui lòng chọn một mục trong danh sách.", "Please pick one of the options."),
    "yes_no.invalid": ("Vui lòng chọn Có hoặc Không.", "Please answer Yes or No."),
    "id.format": (
        "Số định danh cá nhân gồm đúng 12 chữ số.",
        "The personal ID number has exactly 12 digits.",
    ),
    "id.province": (
        "Ba số đầu của số định danh không phải mã tỉnh hợp lệ.",
        "The first three digits are not a valid province code.",
    ),
    "id.birth_year": (
        "Số định danh không khớp với năm sinh.",
        "The ID number does not match the year of birth.",
    ),
    "id.sex": (
        "Số định danh không khớp với giới tính.",
        "The ID number does not match the sex.",
    ),
    "phone.invalid": (
        "Số điện thoại di động gồm 10 số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
        "A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09.",
    ),
    "email.invalid": (
        "Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.com.",
        "Not a valid e-mail address, for example: name@example.com.",
    ),
    "address.invalid": ("Địa chỉ không hợp lệ.", "Not a valid address."),
    "address.province": ("Vui lòng chọn tỉnh, thành phố.", "Please choose the province or city."),
    "address.commune": (
        "Vui lòng chọn phường, xã thuộc tỉnh, thành phố đã chọn.",
        "Please choose a ward or commune of the chosen province.",
    ),
    "address.street": (
        "Vui lòng nhập số nhà, tên đường (thôn, xóm).",
        "Please enter the house number and street (or hamlet).",
    ),
    "person.invalid": ("Vui lòng nhập đủ thông tin người này.", "Please complete this person."),
    "sex.invalid": ("Vui lòng chọn giới tính.", "Please choose the sex."),
    "delivery.invalid": (
        "Vui lòng chọn nhận tại quầy hoặc qua bưu điện.",
        "Please choose the counter or the post.",
    ),
    "agency.invalid": ("Vui lòng chọn nơi nộp hồ sơ.", "Please choose where you file."),
}


def message(code: str, **values: object) -> Message:
    vi, en = MESSAGES[code]
    return Message(code, vi.format(**values), en.format(**values))


_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+$")
_MOBILE = re.compile(r"^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$")
_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
DEFAULT_MAX_LENGTH = 500
NAME_MAX_LENGTH = 100
SEXES = ("Nam", "Nữ")


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping | list | tuple):
        return not value
    return False


def parse_date(value: Any) -> date | None:
    """A date from a :class:`date` or ``dd/mm/yyyy`` text (also ``-`` or ``.``), else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _DATE.match(value)
        if m:
            try:
                return date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                return None
    return None


def normalize_phone(text: str) -> str:
    """``+84 912 345 678`` -> ``0912345678`` (spaces, dots and dashes dropped)."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def validate_answer(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    """The reason ``value`` is refused for ``field``, or None when it is acceptable."""
    if is_empty(value):
        return message("required") if field.required else None
    check = _CHECKS.get(field.kind, _check_text)
    return check(field, value, answers, today)


def validate_form(schema: FormSchema, answers: Answers, today: date) -> dict[str, Message]:
    """Messages by field key, for every visible field that is refused."""
    out: dict[str, Message] = {}
    for spec in schema.visible_fields(dict(answers)):
        msg = validate_answer(spec, answers.get(spec.key), answers, today)
        if msg is not None:
            out[spec.key] = msg
    return out


def _check_text(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    if not isinstance(value, str):
        return message("required")
    if len(value) > (field.max_length or DEFAULT_MAX_LENGTH):
        return message("too_long")
    return None


def _name_problem(value: Any, max_length: int | None = None) -> Message | None:
    if not isinstance(value, str) or not value.strip():
        return message("required")
    text = _nfc(value)
    if len(text) > (max_length or NAME_MAX_LENGTH):
        return message("too_long")
    if not _NAME.match(" ".join(text.split())):
        return message("name.invalid")
    return None


def _check_name(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    return _name_problem(value, field.max_length)


def _date_rules(rules: tuple[str, ...], d: date, today: date) -> Message | None:
    for rule in rules:
        name, _, arg = rule.partition(":")
        if name == "not_future" and d > today:
            return message("date.future")
        if name == "not_past" and d < today:
            return message("date.past")
        if name == "age_at_least" and age_on(d, today) < int(arg):
            return message("age.too_young", n=int(arg))
        if name == "age_at_most" and age_on(d, today) > int(arg):
            return message("age.too_old", m=int(arg) + 1)
    return None


def _check_date(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    d = parse_date(value)
    if d is None or not 1900 <= d.year <= 2100:  # the city's databases hold no others
        return message("date.invalid")
    return _date_rules(field.rules, d, today)


def _check_number(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    number: float
    if isinstance(value, bool):
        return message("number.invalid")
    if isinstance(value, int | float):
        number = value
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            return message("number.invalid")
    if not math.isfinite(number):  # "nan", "inf" parse as floats; the city refuses them
        return message("number.invalid")
    if field.minimum is not None and number < field.minimum:
        return message("number.min", n=f"{field.minimum:g}")
    if field.maximum is not None and number > field.maximum:
        return message("number.max", n=f"{field.maximum:g}")
    return None


def _check_choice(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    allowed = {_nfc(c.value).casefold() for c in field.choices}
    if not isinstance(value, str) or _nfc(value).casefold() not in allowed:
        return message("choice.invalid")
    return None


def _check_yes_no(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    if isinstance(value, bool) or value in ("yes", "no"):
        return None
    return message("yes_no.invalid")


def _check_id(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    if not isinstance(value, str):
        return message("id.format")
    birth: date | None = None
    sex = ""
    for rule in field.rules:
        name, _, key = rule.partition(":")
        if name == "id_birth":
            birth = parse_date(answers.get(key))
        elif name == "id_sex" and isinstance(answers.get(key), str):
            sex = answers[key]
    code = id_problem(value.strip(), birth=birth, sex=sex)
    return None if code is None else message(code)


def _check_phone(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    if not isinstance(value, str) or not _MOBILE.match(normalize_phone(value)):
        return message("phone.invalid")
    return None


def _check_email(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    if not isinstance(value, str) or len(value) > 254 or not _EMAIL.match(value.strip()):
        return message("email.invalid")
    local = value.strip().split("@", 1)[0]
    if local.startswith(".") or local.endswith(".") or ".." in value:
        return message("email.invalid")
    return None


def _check_address(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    code = address_problem(value)
    return None if code is None else message(code)


def _check_person(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    if not isinstance(value, Mapping):
        return message("person.invalid")
    problem = _name_problem(value.get("full_name"))
    if problem is not None:
        return problem
    problem = person_birth_problem(field, value.get("date_of_birth"), today)
    if problem is not None:
        return problem
    birth = parse_date(value.get("date_of_birth"))
    sex = value.get("sex", "")
    if (sex and sex not in SEXES) or (not sex and "sex" in field.parts):
        return message("sex.invalid")
    id_number = value.get("id_number", "")
    if isinstance(id_number, str) and id_number.strip():
        code = id_problem(id_number.strip(), birth=birth, sex=sex if isinstance(sex, str) else "")
        if code is not None:
            return message(code)
    return None


def person_birth_problem(field: FieldSpec, value: Any, today: date) -> Message | None:
    """Why a person's date of birth is refused: it may be left out only where the field
    says ``dob_optional`` (a parent's, which the card does not hold)."""
    if is_empty(value) and "dob_optional" in field.rules:
        return None
    birth = parse_date(value)
    if birth is None or birth.year < 1900:
        return message("date.invalid")
    return _date_rules(("not_future", *field.rules), birth, today)


def _check_delivery(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    method = value.get("method") if isinstance(value, Mapping) else value
    if method == "counter":
        return None
    if method != "post" or not isinstance(value, Mapping):
        return message("delivery.invalid")
    address = value.get("address")
    if not isinstance(address, Mapping):
        # a postal address is picked from the lists (a card's text may name old districts)
        return message("address.province")
    code = address_problem(address)
    return None if code is None else message(code)


def _check_agency(field: FieldSpec, value: Any, answers: Answers, today: date) -> Message | None:
    ward = value.get("filing_ward") if isinstance(value, Mapping) else value
    if isinstance(ward, bool):
        return message("agency.invalid")
    if isinstance(ward, str) and ward.strip().isdigit():
        ward = int(ward)
    if not isinstance(ward, int) or commune(ward) is None:
        return message("agency.invalid")
    return None


_CHECKS = {
    FieldKind.TEXT: _check_text,
    FieldKind.PERSON_NAME: _check_name,
    FieldKind.DATE: _check_date,
    FieldKind.NUMBER: _check_number,
    FieldKind.CHOICE: _check_choice,
    FieldKind.YES_NO: _check_yes_no,
    FieldKind.ID_NUMBER: _check_id,
    FieldKind.PHONE: _check_phone,
    FieldKind.EMAIL: _check_email,
    FieldKind.ADDRESS: _check_address,
    FieldKind.PERSON: _check_person,
    FieldKind.DELIVERY: _check_delivery,
    FieldKind.AGENCY: _check_agency,
}
