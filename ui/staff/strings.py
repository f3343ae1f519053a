"""Every string of staff and technician mode, in Vietnamese and English.

Same shape as :mod:`ui.strings`: ``STAFF_STRINGS`` maps a key to ``(vi, en)``; ``tr`` formats with
``str.format``. Keys built at run time use the prefixes in :data:`DYNAMIC_PREFIXES` (one key per
visit step, diagnostics status and probe name); a test checks both languages and usage.
"""

from __future__ import annotations

from kiosk.errors import Lang

#: prefixes of keys the code builds at run time (``staff.step.<step>`` ...)
DYNAMIC_PREFIXES = ("staff.step.", "diag.status.", "diag.probe.")

STAFF_STRINGS: dict[str, tuple[str, str]] = {
    # PIN pad
    "pin.heading": ("Chế độ cán bộ", "Staff mode"),
    "pin.prompt": ("Nhập mã PIN của cán bộ hoặc kỹ thuật viên", "Enter a staff or technician PIN"),
    "pin.ok": ("Xác nhận", "Confirm"),
    "pin.cancel": ("Hủy", "Cancel"),
    "pin.clear": ("Xóa hết", "Clear"),
    "pin.backspace": ("⌫", "⌫"),
    "pin.checking": ("Đang kiểm tra mã PIN...", "Checking the PIN..."),
    "pin.wrong": (
        "Mã PIN không đúng. Còn {n} lần thử.",
        "Wrong PIN. {n} attempt(s) left.",
    ),
    "pin.failed": (
        "Không kiểm tra được mã PIN. Vui lòng thử lại.",
        "The PIN could not be checked. Please try again.",
    ),
    # staff panel
    "staff.heading": ("Hỗ trợ người dân", "Assisting a resident"),
    "staff.who": ("Cán bộ: {label}", "Staff: {label}"),
    "staff.visit": ("Người dân đang ở bước: {step}", "The resident is at: {step}"),
    "staff.step.home": ("Màn hình đầu (chưa bắt đầu)", "Home screen (not started)"),
    "staff.step.procedure": ("Xem thông tin thủ tục", "Reading about the procedure"),
    "staff.step.consent": ("Đồng ý sử dụng dữ liệu", "Consent to use the card data"),
    "staff.step.identify": ("Đọc thẻ căn cước", "Reading the ID card"),
    "staff.step.form": ("Điền tờ khai", "Filling in the form"),
    "staff.step.review": ("Kiểm tra thông tin trước khi nộp", "Checking the answers"),
    "staff.step.submitting": ("Đang gửi hồ sơ", "Sending the dossier"),
    "staff.step.receipt": ("Nhận phiếu hẹn", "Receipt"),
    "staff.step.rating": ("Đánh giá mức độ hài lòng", "Rating the service"),
    "staff.step.end": ("Đã xong", "Finished"),
    "staff.step.track": ("Tra cứu hồ sơ", "Tracking a dossier"),
    "staff.resident_called": (
        "Người dân đã bấm gọi cán bộ lúc {time}",
        "The resident asked for staff at {time}",
    ),
    "staff.alert_not_genuine": (
        "Cảnh báo: chip của thẻ người dân vừa đặt không xác minh được (có thể là thẻ sao chép)."
        " Kiểm tra thẻ trực tiếp.",
        "Alert: the chip of the card just placed failed verification (it may be a copy)."
        " Check the card in person.",
    ),
    "staff.alert": (
        "Máy đã tự gọi cán bộ do sự cố ở bước hiện tại.",
        "The kiosk called staff because of a problem at this step.",
    ),
    "staff.procedure": ("Thủ tục: {name}", "Procedure: {name}"),
    "staff.enter_identity": ("Nhập thông tin công dân", "Enter the identity by hand"),
    "staff.enter_identity_hint": (
        "Chỉ dùng khi không đọc được thẻ, ở bước đọc thẻ.",
        "Only when the card cannot be read, at the ID card step.",
    ),
    "staff.reprint": ("In lại phiếu hẹn", "Reprint the receipt"),
    "staff.no_receipt": ("Chưa có phiếu hẹn để in lại.", "There is no receipt to reprint."),
    "staff.printing": ("Đang in...", "Printing..."),
    "staff.printed": ("Đã in lại phiếu hẹn.", "The receipt was printed again."),
    "staff.outbox": ("Hồ sơ chờ gửi", "Outbox"),
    "staff.outbox_refresh": ("Làm mới", "Refresh"),
    "staff.outbox_loading": ("Đang tải...", "Loading..."),
    "staff.outbox_depth": ("Số mục chờ gửi: {n}", "Items waiting: {n}"),
    "staff.outbox_oldest": ("Mục cũ nhất từ: {when}", "Oldest item since: {when}"),
    "staff.outbox_sync": ("Đồng bộ lần cuối: {when}", "Last sync: {when}"),
    "staff.outbox_error": ("Lỗi gần nhất: {error}", "Last error: {error}"),
    "staff.outbox_full": (
        "Bộ nhớ đầy: máy đang từ chối hồ sơ mới (các hồ sơ đã nhận vẫn được giữ). "
        "Báo kỹ thuật viên giải phóng dung lượng.",
        "Storage full: the kiosk is refusing new dossiers (those already taken are kept). "
        "Call the technician to free space.",
    ),
    "staff.outbox_never": ("chưa có", "never"),
    "staff.outbox_failed": (
        "Không đọc được trạng thái hàng chờ.",
        "The outbox state could not be read.",
    ),
    "staff.end_visit": ("Kết thúc lượt và xóa dữ liệu", "End the visit and wipe"),
    "staff.end_confirm": ("Xác nhận xóa toàn bộ dữ liệu lượt này", "Confirm: wipe this visit"),
    "staff.end_keep": ("Không, giữ lại", "No, keep it"),
    "staff.close": ("Trở về màn hình người dân", "Back to the resident's screen"),
    # identity entered by staff
    "ident.heading": ("Nhập thông tin công dân", "Identity entered by staff"),
    "ident.note": (
        "Hồ sơ sẽ ghi nhận thông tin này do cán bộ nhập.",
        "The dossier will record that staff entered this identity.",
    ),
    "ident.number": ("Số định danh (12 số)", "ID number (12 digits)"),
    "ident.name": ("Họ, chữ đệm và tên", "Full name"),
    "ident.dob": ("Ngày sinh (ngày/tháng/năm)", "Date of birth (dd/mm/yyyy)"),
    "ident.sex": ("Giới tính", "Sex"),
    "ident.male": ("Nam", "Male"),
    "ident.female": ("Nữ", "Female"),
    "ident.residence": ("Nơi thường trú", "Place of residence"),
    "ident.save": ("Dùng thông tin này", "Use this identity"),
    "ident.back": ("Quay lại", "Back"),
    "ident.required": ("Vui lòng nhập mục này.", "Please fill in this field."),
    "ident.choose_sex": ("Vui lòng chọn giới tính.", "Please choose the sex."),
    "ident.province": (
        "Ba số đầu không phải mã tỉnh hợp lệ.",
        "The first three digits are not a province code.",
    ),
    "ident.birth_year": (
        "Số định danh không khớp với năm sinh.",
        "The ID number does not match the year of birth.",
    ),
    "ident.sex_mismatch": (
        "Số định danh không khớp với giới tính.",
        "The ID number does not match the sex.",
    ),
    "ident.not_identify": (
        "Người dân không còn ở bước đọc thẻ.",
        "The resident is no longer at the ID card step.",
    ),
    # technician panel
    "tech.heading": ("Chế độ kỹ thuật", "Technician mode"),
    "tech.who": ("Kỹ thuật viên: {label}", "Technician: {label}"),
    "tech.settings": ("Cài đặt", "Settings"),
    "tech.diagnostics": ("Chẩn đoán", "Diagnostics"),
    "tech.enrolment": ("Đăng ký máy", "Enrolment"),
    "enrol.intro": (
        "Nhập hoặc quét mã đăng ký một lần (XXXX-XXXX-XXXX) do hệ thống thành phố cấp ({url});"
        " máy đổi mã lấy mã thiết bị và kiểm tra với hệ thống trước khi lưu. Cũng có thể dán"
        " trực tiếp mã thiết bị.",
        "Type or scan the one-time enrolment code (XXXX-XXXX-XXXX) issued by the city system"
        " ({url}); the kiosk exchanges it for its device token and checks it with the city"
        " before keeping it. A device token can also be pasted directly.",
    ),
    "enrol.placeholder": ("Mã đăng ký hoặc mã thiết bị", "Enrolment code or device token"),
    "enrol.save": ("Kiểm tra và lưu", "Check and save"),
    "enrol.checking": ("Đang kiểm tra với hệ thống…", "Checking with the city…"),
    "enrol.saved": (
        "Đã lưu mã thiết bị. Khởi động lại máy để dùng mã mới.",
        "Device token saved. Restart the kiosk to use it.",
    ),
    "tech.quit": ("Thoát ứng dụng", "Quit the app"),
    "tech.quit_confirm": ("Xác nhận thoát ứng dụng", "Confirm: quit the app"),
    "tech.close": ("Đóng", "Close"),
    # settings editor
    "settings.save": ("Lưu cài đặt", "Save settings"),
    "settings.reload": ("Bỏ thay đổi", "Discard changes"),
    "settings.saving": ("Đang lưu...", "Saving..."),
    "settings.saved": (
        "Đã lưu vào {path}. Khởi động lại ứng dụng để áp dụng thay đổi.",
        "Saved to {path}. Restart the app to apply the change.",
    ),
    "settings.invalid": (
        "Có giá trị không hợp lệ. Xem thông báo cạnh từng mục.",
        "Some values are not valid. See the message next to each field.",
    ),
    "settings.not_number": ("phải là một số", "must be a number"),
    "settings.not_integer": ("phải là một số nguyên", "must be a whole number"),
    "settings.no_file": (
        "Máy này không có tệp cài đặt để sửa.",
        "This kiosk has no settings file to edit.",
    ),
    "settings.load_failed": (
        "Không đọc được tệp cài đặt: {reason}",
        "Cannot read the settings: {reason}",
    ),
    "settings.save_failed": ("Không lưu được: {reason}", "Not saved: {reason}"),
    # diagnostics
    "diag.run": ("Chạy kiểm tra", "Run the checks"),
    "diag.running": ("Đang kiểm tra...", "Checking..."),
    "diag.overall": ("Kết quả chung: {status}", "Overall: {status}"),
    "diag.failed": ("Không chạy được kiểm tra: {reason}", "The checks could not run: {reason}"),
    "diag.export": ("Xuất báo cáo", "Export report"),
    "diag.exporting": ("Đang ghi báo cáo...", "Writing the report..."),
    "diag.exported_usb": (
        "Đã ghi báo cáo vào USB: {path}",
        "Report written to the USB stick: {path}",
    ),
    "diag.exported_local": (
        "Không thấy USB. Đã ghi báo cáo vào: {path}",
        "No USB stick found. Report written to: {path}",
    ),
    "diag.export_failed": (
        "Không ghi được báo cáo: {reason}",
        "The report was not written: {reason}",
    ),
    "diag.status.ok": ("Hoạt động tốt", "Working"),
    "diag.status.warn": ("Cần chú ý", "Needs attention"),
    "diag.status.fail": ("Không hoạt động", "Not working"),
    "diag.status.skipped": ("Không kiểm tra", "Not checked"),
    "diag.probe.card_readers": ("Đầu đọc thẻ", "Card readers"),
    "diag.probe.printer": ("Máy in", "Printer"),
    "diag.probe.backend": ("Kết nối máy chủ thành phố", "City backend"),
    "diag.probe.outbox": ("Hàng chờ gửi hồ sơ", "Outbox"),
    "diag.probe.disk": ("Dung lượng đĩa", "Disk space"),
    "diag.probe.versions": ("Phiên bản phần mềm", "Software versions"),
}


def tr(key: str, lang: Lang, /, **values: object) -> str:
    """``key`` in ``lang``; an unknown key built at run time falls back to its last part."""
    pair = STAFF_STRINGS.get(key)
    if pair is None:
        if key.startswith(DYNAMIC_PREFIXES):
            return key.rsplit(".", 1)[-1]
        raise KeyError(key)
    text = pair[0] if lang == "vi" else pair[1]
    return text.format(**values) if values else text
