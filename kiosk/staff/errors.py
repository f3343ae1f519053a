"""Errors of the staff PIN pad, each with a message staff can act on."""

from __future__ import annotations

import math

from kiosk.errors import KioskError


class StaffError(KioskError):
    code = "staff.error"
    message_vi = "Không mở được chế độ cán bộ. Vui lòng báo kỹ thuật viên."
    message_en = "Staff mode could not be opened. Please call the technician."


class PinLockedError(StaffError):
    """Too many wrong PINs: the pad refuses every PIN until ``remaining_s`` has passed."""

    code = "staff.pin_locked"
    message_vi = "Nhập sai mã PIN quá nhiều lần. Bàn phím PIN tạm khóa."
    message_en = "Too many wrong PINs. The PIN pad is locked for a while."

    def __init__(self, remaining_s: float) -> None:
        self.remaining_s = max(0.0, remaining_s)
        minutes = max(1, math.ceil(self.remaining_s / 60))
        super().__init__(
            f"PIN pad locked for another {self.remaining_s:.0f} s",
            vi=f"Nhập sai mã PIN quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
            en=f"Too many wrong PINs. Please try again in {minutes} minute(s).",
        )


class PinStoreError(StaffError):
    """The PIN file cannot be read or written (technical detail in ``detail``)."""

    code = "staff.pin_store"
    message_vi = "Không đọc được dữ liệu mã PIN. Vui lòng báo kỹ thuật viên."
    message_en = "The PIN data cannot be read. Please call the technician."


class PinPolicyError(StaffError):
    """A new PIN is refused (too short, not digits, already used)."""

    code = "staff.pin_policy"
    message_vi = "Mã PIN không hợp lệ."
    message_en = "This PIN is not acceptable."
