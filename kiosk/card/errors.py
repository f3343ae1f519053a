"""Card errors, each with a message a resident can act on."""

from __future__ import annotations

from kiosk.errors import KioskError


class CardError(KioskError):
    code = "card.error"
    message_vi = "Không đọc được thẻ. Vui lòng thử lại."
    message_en = "The card could not be read. Please try again."


class NoReaderError(CardError):
    code = "card.no_reader"
    message_vi = "Không tìm thấy đầu đọc thẻ. Vui lòng báo cán bộ."
    message_en = "No card reader was found. Please ask the staff."


class NoCardError(CardError):
    code = "card.no_card"
    message_vi = "Chưa có thẻ trên đầu đọc. Đặt thẻ lên đầu đọc."
    message_en = "There is no card on the reader. Place your card on the reader."


class CardRemovedError(CardError):
    code = "card.removed"
    message_vi = "Thẻ đã bị nhấc ra khi đang đọc. Đặt lại thẻ lên đầu đọc và giữ yên."
    message_en = "The card was moved away while reading. Place it back and hold it still."


class AccessDeniedError(CardError):
    """BAC (or PACE with the MRZ key) refused: the number or one of the dates is wrong."""

    code = "card.access_denied"
    message_vi = (
        "Thẻ không chấp nhận thông tin đã nhập. Kiểm tra số CCCD, ngày sinh và ngày hết hạn."
    )
    message_en = (
        "The card refused the details entered. Check the ID number, birth and expiry dates."
    )


class WrongIdNumberError(AccessDeniedError):
    """PACE with the CAN (last 6 digits of the ID number) refused: only the number can be wrong."""

    code = "card.access_denied.id_number"
    message_vi = (
        "Thẻ không chấp nhận số định danh đã nhập. "
        "Kiểm tra lại 12 chữ số in trên thẻ, nhất là 6 chữ số cuối."
    )
    message_en = (
        "The card refused the ID number entered. "
        "Check the 12 digits printed on the card, especially the last 6."
    )


class DatesNeededError(AccessDeniedError):
    """The card does not do PACE, so BAC needs the birth date (and the expiry helps)."""

    code = "card.dates_needed"
    message_vi = (
        "Thẻ này cần thêm ngày sinh để đọc. Nhập ngày sinh và, nếu có, ngày hết hạn in trên thẻ."
    )
    message_en = (
        "This card also needs the date of birth. Enter it and, if shown, the expiry date "
        "printed on the card."
    )


class PaceRefusedError(CardError):
    """The chip refused to start PACE (the reader falls back to BAC; not shown by itself)."""

    code = "card.pace_refused"


class ChipNotGenuineError(CardError):
    """Chip or active authentication failed: the chip may be a copy. The read is refused."""

    code = "card.not_genuine"
    #: the identify screen also tells the staff (staff panel / alert), not only the resident
    staff_alert = True
    message_vi = (
        "Không xác minh được chip của thẻ này nên không thể dùng thẻ. "
        "Vui lòng gặp cán bộ để được hỗ trợ."
    )
    message_en = (
        "The chip of this card could not be verified, so the card cannot be used. "
        "Please see the staff for help."
    )


class UnsupportedCardError(CardError):
    code = "card.unsupported"
    message_vi = "Thẻ này không phải thẻ căn cước gắn chip. Vui lòng dùng thẻ CCCD có chip."
    message_en = "This is not a chip ID card. Please use a chip-based citizen ID card."


class CorruptDataError(CardError):
    code = "card.corrupt"
    message_vi = "Dữ liệu trên thẻ bị lỗi. Vui lòng báo cán bộ."
    message_en = "The data on the card is damaged. Please ask the staff."


class IntegrityError(CardError):
    code = "card.integrity"
    message_vi = "Không xác thực được dữ liệu thẻ. Vui lòng báo cán bộ."
    message_en = "The card data could not be verified. Please ask the staff."


class CardTimeoutError(CardError):
    code = "card.timeout"
    message_vi = "Đọc thẻ quá lâu. Đặt lại thẻ lên đầu đọc và thử lại."
    message_en = "Reading the card took too long. Place it again and retry."


class CardStatusError(CardError):
    """The card answered a command with an unexpected status word (technical detail only)."""

    code = "card.status"

    def __init__(self, sw: int, context: str = "") -> None:
        super().__init__(f"{context} SW={sw:04X}".strip())
        self.sw = sw


class TrustStoreError(CardError):
    """The configured trust store (CSCA certificates / master lists) cannot be used."""

    code = "card.trust_store"
    message_vi = "Cấu hình xác thực thẻ bị lỗi. Vui lòng báo kỹ thuật viên."
    message_en = "The card verification settings are broken. Please call the technician."


class AccessInputError(CardError):
    """What the resident typed or scanned for BAC is not usable (message says which part)."""

    code = "card.input_invalid"
    message_vi = "Thông tin nhập chưa đúng. Vui lòng kiểm tra lại."
    message_en = "The details entered are not valid. Please check them."
