"""Errors of the city connection, with messages a resident can act on.

``detail`` is for technicians (HTTP status, error code of the city, exception class) and never
holds personal data: response bodies are not copied into it beyond the city's error code.
"""

from __future__ import annotations

from kiosk.errors import KioskError


class BackendError(KioskError):
    code = "backend.error"
    message_vi = "Không kết nối được hệ thống của thành phố. Vui lòng báo cán bộ hỗ trợ."
    message_en = "The city system could not be reached. Please ask the staff for help."

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(detail)
        #: HTTP status when the city answered, else None
        self.status = status


class NotEnrolledError(BackendError):
    """No device token on this kiosk: a technician must enrol it."""

    code = "backend.not_enrolled"
    message_vi = "Máy chưa được đăng ký với hệ thống. Vui lòng báo kỹ thuật viên."
    message_en = "This kiosk is not enrolled with the city system. Please call the technician."


class BackendUnavailableError(BackendError):
    """No usable answer in time: connection refused, timeout, 5xx, 429."""

    code = "backend.unavailable"
    message_vi = (
        "Hệ thống của thành phố tạm thời không phản hồi. Hồ sơ của bạn đã được lưu "
        "và sẽ được gửi tự động khi có kết nối."
    )
    message_en = (
        "The city system is not answering right now. Your dossier is saved and will be sent "
        "automatically when the connection returns."
    )


class BackendTLSError(BackendUnavailableError):
    """The city's certificate could not be verified (never bypassed)."""

    code = "backend.tls"
    message_vi = "Kết nối an toàn tới thành phố bị lỗi. Vui lòng báo kỹ thuật viên."
    message_en = "The secure connection to the city failed. Please call the technician."


class BackendRejectedError(BackendError):
    """The city refused the request (4xx other than 401/404)."""

    code = "backend.rejected"
    message_vi = "Thành phố không chấp nhận yêu cầu. Vui lòng báo cán bộ hỗ trợ."
    message_en = "The city refused the request. Please ask the staff for help."

    def __init__(
        self, detail: str = "", *, status: int | None = None, reason_code: str = ""
    ) -> None:
        super().__init__(detail, status=status)
        #: the city's error code, e.g. ``idempotency_conflict``
        self.reason_code = reason_code


class DossierNotFoundError(BackendError):
    code = "backend.not_found"
    message_vi = "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ."
    message_en = "No dossier was found. Please check the dossier code."


class BackendUnauthorisedError(BackendError):
    """The device token is missing, wrong or revoked."""

    code = "backend.unauthorised"
    message_vi = "Máy chưa được cấp quyền kết nối thành phố. Vui lòng báo kỹ thuật viên."
    message_en = "This kiosk is not authorised by the city. Please call the technician."


class InvalidResponseError(BackendError):
    """The city answered something that is not the documented shape."""

    code = "backend.invalid_response"
    message_vi = "Hệ thống của thành phố trả lời không hợp lệ. Vui lòng báo kỹ thuật viên."
    message_en = "The city system gave an invalid answer. Please call the technician."


class InsecureBackendURLError(BackendError):
    """Plain http to anything but loopback, or a malformed URL (a configuration error)."""

    code = "backend.insecure_url"
    message_vi = "Địa chỉ hệ thống thành phố không an toàn. Vui lòng báo kỹ thuật viên."
    message_en = "The city system address is not secure. Please call the technician."


class OutboxError(KioskError):
    """The outbox on disk cannot be used (disk full, corrupt, key missing)."""

    code = "outbox.error"
    message_vi = "Máy không lưu được hồ sơ. Vui lòng báo cán bộ hỗ trợ."
    message_en = "The kiosk could not save the dossier. Please ask the staff for help."


class OutboxFullError(OutboxError):
    """The disk holding the outbox is (nearly) full: new dossiers are refused, nothing already
    accepted is touched. Staff see it in the staff panel, technicians in ``kiosk doctor``."""

    code = "outbox.full"
    message_vi = (
        "Máy tạm thời không nhận hồ sơ mới vì bộ nhớ đã đầy. Vui lòng báo cán bộ hỗ trợ. "
        "Các hồ sơ đã nộp trước đó vẫn được giữ an toàn."
    )
    message_en = (
        "The kiosk cannot take new dossiers for now: its storage is full. Please ask the staff "
        "for help. Dossiers filed before are kept safe."
    )
