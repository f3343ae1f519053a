"""The two generations of Vietnamese chip ID card, and what differs between them.

- CCCD ("Căn cước công dân", chip cards 2021 - 30/6/2024): QR on the front; DG13 field 8 is
  "quê quán" (place of origin), field 9 "nơi thường trú" (permanent residence).
- Thẻ căn cước (Law on Identification 2023, issued from 1/7/2024): QR on the back; field 8 is
  "nơi đăng ký khai sinh" (place of birth registration), field 9 "nơi cư trú" (residence);
  children may hold one from birth, and cards of children under 6 carry no photo (no DG2).

The generation is recognised from the issue date (DG13 field 11), else from the document code
of DG1 (the new card is reported to use "IC" rather than "ID" - unconfirmed, so only as a
fallback), else it stays unknown and neutral labels are used.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

NEW_CARD_SINCE = date(2024, 7, 1)


class CardGeneration(StrEnum):
    CCCD = "cccd"
    CAN_CUOC = "can_cuoc"
    UNKNOWN = "unknown"


def recognise(issue_date: date | None, document_code: str = "") -> CardGeneration:
    if issue_date is not None:
        return CardGeneration.CAN_CUOC if issue_date >= NEW_CARD_SINCE else CardGeneration.CCCD
    if document_code == "IC":
        return CardGeneration.CAN_CUOC
    if document_code == "ID":
        return CardGeneration.CCCD
    return CardGeneration.UNKNOWN


Label = tuple[str, str]  # (Vietnamese, English)

_COMMON: dict[str, Label] = {
    "id_number": ("Số định danh cá nhân", "Personal ID number"),
    "full_name": ("Họ, chữ đệm và tên", "Full name"),
    "date_of_birth": ("Ngày, tháng, năm sinh", "Date of birth"),
    "sex": ("Giới tính", "Sex"),
    "nationality": ("Quốc tịch", "Nationality"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "religion": ("Tôn giáo", "Religion"),
    "identifying_marks": ("Đặc điểm nhận dạng", "Identifying marks"),
    "issue_date": ("Ngày cấp", "Date of issue"),
    "expiry_date": ("Có giá trị đến", "Date of expiry"),
    "father_name": ("Họ tên cha", "Father"),
    "mother_name": ("Họ tên mẹ", "Mother"),
    "spouse_name": ("Họ tên vợ/chồng", "Spouse"),
    "old_id_number": ("Số CMND cũ", "Old ID number"),
}
_BY_GENERATION: dict[CardGeneration, dict[str, Label]] = {
    CardGeneration.CCCD: {
        "place_of_origin": ("Quê quán", "Place of origin"),
        "place_of_residence": ("Nơi thường trú", "Place of permanent residence"),
    },
    CardGeneration.CAN_CUOC: {
        "place_of_origin": ("Nơi đăng ký khai sinh", "Place of birth registration"),
        "place_of_residence": ("Nơi cư trú", "Place of residence"),
    },
    CardGeneration.UNKNOWN: {
        "place_of_origin": (
            "Quê quán / Nơi đăng ký khai sinh",
            "Place of origin / of birth registration",
        ),
        "place_of_residence": ("Nơi thường trú / Nơi cư trú", "Place of residence"),
    },
}


def field_labels(generation: CardGeneration) -> dict[str, Label]:
    """Labels of the identity fields (``CitizenIdentity`` attribute names) for a generation."""
    return {**_COMMON, **_BY_GENERATION[generation]}


#: where the QR is, for the identify screen (before a read the generation is not known)
QR_SIDE: dict[CardGeneration, Label] = {
    CardGeneration.CCCD: ("mặt trước", "front"),
    CardGeneration.CAN_CUOC: ("mặt sau", "back"),
}
QR_HINT: Label = (
    "Quét mã QR trên thẻ: mặt trước với thẻ Căn cước công dân, "
    "mặt sau với thẻ Căn cước cấp từ 01/7/2024.",
    "Scan the QR code on the card: on the front of a Citizen ID card (CCCD), "
    "on the back of an Identity Card issued since 1 July 2024.",
)
NUMBER_ONLY_HINT: Label = (
    "Nhập 12 số định danh cá nhân in trên thẻ.",
    "Enter the 12-digit personal ID number printed on the card.",
)
