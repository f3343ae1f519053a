"""Every string the screens show, in Vietnamese and English.

``tr(key, lang, **values)`` formats with ``str.format``; a test checks that every entry has both
languages with the same placeholders.
"""

from __future__ import annotations

from kiosk.lang import Lang

STRINGS: dict[str, tuple[str, str]] = {
    # header and footer
    "app.title": ("Dịch vụ công tự phục vụ", "Self-service public services"),
    "app.ward": ("{ward}", "{ward}"),
    "nav.back": ("◀  Quay lại", "◀  Back"),
    "nav.continue": ("Tiếp tục  ▶", "Continue  ▶"),
    "nav.home": ("Về trang đầu", "Start again"),
    "nav.progress": ("Bước {n}/{total}", "Step {n} of {total}"),
    "lang.switch": ("English", "Tiếng Việt"),
    "a11y.large": ("Chữ to", "Large text"),
    "a11y.contrast": ("Tương phản cao", "High contrast"),
    "help.call_staff": ("Gọi cán bộ hỗ trợ", "Call staff"),
    "help.staff_called": (
        "Đã báo cán bộ. Vui lòng chờ trong giây lát.",
        "Staff have been called. Please wait a moment.",
    ),
    # home
    "home.heading": ("Bạn cần làm thủ tục gì?", "What do you need to do?"),
    "home.search": ("Tìm thủ tục (ví dụ: khai sinh, tạm trú)", "Search (e.g. birth, residence)"),
    "home.most_used": ("Thủ tục hay dùng", "Most used"),
    "home.results": ("Kết quả tìm kiếm", "Search results"),
    "home.no_results": (
        "Không tìm thấy thủ tục phù hợp. Thử từ khác hoặc gọi cán bộ hỗ trợ.",
        "No procedure matches. Try other words or call staff.",
    ),
    "home.track": ("Tra cứu hồ sơ đã nộp", "Track a dossier"),
    "home.catalog_warning": (
        "Một số thủ tục tạm thời không hiển thị. Cán bộ đã được thông báo.",
        "Some procedures are temporarily unavailable. Staff have been told.",
    ),
    # procedure details
    "proc.fee": ("Lệ phí", "Fee"),
    "proc.fee_due": ("Phải nộp hôm nay tại ki-ốt: {fee}", "To pay today at this kiosk: {fee}"),
    "proc.fee_rule": ("Căn cứ: {rule}", "Rule: {rule}"),
    "proc.time": ("Thời gian giải quyết", "Processing time"),
    "proc.level": ("Hình thức", "How it is done"),
    "proc.level.full": (
        "Toàn trình: làm xong tại đây, nhận kết quả tại bộ phận một cửa hoặc qua bưu điện",
        "Full process: finish here, collect the result at the counter or by post",
    ),
    "proc.level.partial": (
        "Một phần: nộp tại đây, sau đó mang giấy tờ gốc đến bộ phận một cửa",
        "Partial: file here, then bring the original documents to the counter",
    ),
    "proc.documents": ("Giấy tờ cần mang", "Documents to bring"),
    "proc.agency": ("Cơ quan giải quyết", "Competent agency"),
    "proc.code": ("Mã thủ tục", "Procedure code"),
    "proc.unknown": ("Chưa có thông tin - hỏi cán bộ", "Not known - ask staff"),
    "proc.free": ("Miễn phí", "Free"),
    "proc.same_day": ("Trong ngày", "Same day"),
    "proc.days": ("{days} ngày làm việc", "{days} working days"),
    "proc.original": ("bản chính", "original"),
    "proc.copy": ("{n} bản", "{n} copy"),
    "proc.copies": ("{n} bản", "{n} copies"),
    "proc.start": ("Bắt đầu", "Start"),
    # consent
    "consent.heading": ("Đồng ý sử dụng thông tin cá nhân", "Consent to use your personal data"),
    "consent.body": (
        "Để nộp hồ sơ, máy sẽ đọc thông tin trên thẻ căn cước gắn chip của bạn và dùng thông tin"
        " đó chỉ cho hồ sơ này, theo quy định về bảo vệ dữ liệu cá nhân. Thông tin được gửi"
        " mã hóa tới cơ quan giải quyết và được xóa khỏi máy ngay khi bạn kết thúc.",
        "To file the dossier the kiosk will read your chip ID card and use that data only for"
        " this dossier, as the personal data protection rules require. It is sent encrypted to"
        " the competent agency and erased from the kiosk as soon as you finish.",
    ),
    "consent.agree": ("Tôi đồng ý", "I agree"),
    "consent.decline": ("Không đồng ý", "I do not agree"),
    # identify
    "id.heading": ("Đặt thẻ căn cước lên đầu đọc", "Place your ID card on the reader"),
    # (the hints on what to type and where the QR is come from kiosk.card.generation)
    "id.or_qr": ("Hoặc {qr}", "Or {qr}"),
    "id.number": ("Số định danh cá nhân (12 số)", "Personal ID number (12 digits)"),
    "id.dob": ("Ngày sinh (ngày/tháng/năm)", "Date of birth (dd/mm/yyyy)"),
    "id.expiry": ("Có giá trị đến (nếu in trên thẻ)", "Expiry date (if printed on the card)"),
    "id.date_hint": ("ngày/tháng/năm", "dd/mm/yyyy"),
    "id.read": ("Đọc thẻ", "Read card"),
    "id.demo_hint": (
        "Chế độ trình diễn - thẻ mẫu: số định danh {number} (nếu được hỏi, ngày sinh {dob})",
        "Demo mode - sample card: ID number {number} (if asked, born {dob})",
    ),
    "id.waiting": ("Đặt thẻ lên đầu đọc", "Place the card on the reader"),
    "id.reading": ("Đang đọc thẻ - giữ yên thẻ", "Reading the card - hold it still"),
    "id.verifying": ("Đang kiểm tra dữ liệu thẻ", "Checking the card data"),
    "id.done": ("Đã đọc xong thẻ", "Card read"),
    "id.retry": ("Thử lại", "Try again"),
    "id.ask_staff": ("Nhờ cán bộ", "Ask staff"),
    "id.confirm": ("Đây là thông tin của bạn?", "Is this you?"),
    "id.scanned": ("Đã quét mã QR trên thẻ", "Card QR code scanned"),
    "id.pa.verified": ("Dữ liệu thẻ đã được xác thực", "Card data verified"),
    "id.pa.partial": (
        "Dữ liệu thẻ đọc được, chưa xác thực đầy đủ chữ ký",
        "Card data read; signature chain not fully verified",
    ),
    # form
    "form.heading": ("Thông tin hồ sơ", "Your answers"),
    "form.page": ("Trang {n}/{total}", "Page {n} of {total}"),
    "form.from_card": ("Lấy từ thẻ căn cước", "From your ID card"),
    "form.optional": ("(không bắt buộc)", "(optional)"),
    "form.fix_errors": ("Vui lòng sửa các ô được đánh dấu.", "Please correct the marked fields."),
    "form.yes": ("Có", "Yes"),
    "form.no": ("Không", "No"),
    # review
    "review.heading": ("Kiểm tra lại thông tin", "Check your answers"),
    "review.change": ("Sửa", "Change"),
    "review.submit": ("Nộp hồ sơ", "Submit"),
    "review.procedure": ("Thủ tục", "Procedure"),
    "review.fee": ("Lệ phí", "Fee"),
    "review.due": ("Hẹn trả kết quả", "Result due"),
    # submitting
    "submit.heading": ("Đang nộp hồ sơ…", "Submitting your dossier…"),
    "submit.body": (
        "Hồ sơ đã được lưu an toàn trên máy. Đang gửi tới cơ quan giải quyết.",
        "Your dossier is saved safely on this kiosk. Sending it to the agency.",
    ),
    "submit.failed": (
        "Chưa nộp được hồ sơ. Thông tin của bạn vẫn được giữ nguyên. Vui lòng thử lại.",
        "The dossier could not be filed. Your answers are kept. Please try again.",
    ),
    # receipt
    "receipt.heading": ("Đã nộp hồ sơ thành công", "Your dossier has been filed"),
    "receipt.code": ("Mã hồ sơ", "Dossier code"),
    "receipt.provisional": (
        "Mã tạm thời - hồ sơ sẽ được gửi khi có mạng; mã QR vẫn dùng được để tra cứu.",
        "Provisional code - the dossier is sent when the network returns; the QR stays valid.",
    ),
    "receipt.track_qr": ("Quét để tra cứu hồ sơ", "Scan to track your dossier"),
    "receipt.pay_qr": ("Quét để nộp lệ phí", "Scan to pay the fee"),
    "receipt.due": ("Hẹn trả kết quả: {due}", "Result due: {due}"),
    "receipt.next": (
        "Tiếp theo: mang giấy hẹn và thẻ căn cước khi đến nhận kết quả.",
        "Next: bring this receipt and your ID card when you collect the result.",
    ),
    "receipt.next_post": (
        "Tiếp theo: kết quả sẽ được gửi qua bưu điện tới {address}. Giữ giấy hẹn để tra cứu hồ sơ.",
        "Next: the result will be sent by post to {address}. Keep this receipt to track it.",
    ),
    "receipt.registered_address": ("địa chỉ bạn đã đăng ký", "the address you gave"),
    "receipt.printing": ("Đang in giấy hẹn…", "Printing your receipt…"),
    "receipt.printed": ("Đã in giấy hẹn. Vui lòng lấy giấy.", "Receipt printed. Please take it."),
    "receipt.fee": ("Lệ phí: {fee}", "Fee: {fee}"),
    "receipt.fee_rule": ("Căn cứ: {rule}", "Rule: {rule}"),
    "receipt.paid": ("Đã nộp lệ phí", "Fee paid"),
    "receipt.unpaid": ("Chưa nộp lệ phí", "Fee not paid yet"),
    "receipt.no_fee": ("Không phải nộp lệ phí", "Nothing to pay"),
    "receipt.pay_unknown": (
        "Không thanh toán tại ki-ốt - cán bộ sẽ thông báo nếu phải nộp",
        "Nothing is paid at the kiosk - staff will tell you if anything is due",
    ),
    "receipt.receiving": ("Nơi tiếp nhận: {unit}", "Received by: {unit}"),
    "receipt.competent": ("Cơ quan giải quyết: {unit}", "Decided by: {unit}"),
    "receipt.rate": ("Đánh giá dịch vụ", "Rate the service"),
    # rating
    "rating.heading": ("Bạn có hài lòng với dịch vụ?", "Are you satisfied with the service?"),
    "rating.very": ("Rất hài lòng", "Very satisfied"),
    "rating.ok": ("Hài lòng", "Satisfied"),
    "rating.not": ("Không hài lòng", "Not satisfied"),
    "rating.reasons": ("Điều gì chưa tốt? (chọn nếu muốn)", "What was not good? (optional)"),
    "rating.reason.slow": ("Chờ lâu", "Too slow"),
    "rating.reason.hard": ("Khó sử dụng", "Hard to use"),
    "rating.reason.card": ("Không đọc được thẻ", "Card not read"),
    "rating.reason.info": ("Thiếu hướng dẫn", "Not enough guidance"),
    "rating.send": ("Gửi đánh giá", "Send rating"),
    "rating.skip": ("Bỏ qua", "Skip"),
    # end
    "end.heading": ("Cảm ơn bạn!", "Thank you!"),
    "end.body": (
        "Thông tin cá nhân của bạn đã được xóa khỏi máy.",
        "Your personal data has been erased from the kiosk.",
    ),
    # tracking
    "track.heading": ("Tra cứu hồ sơ", "Track a dossier"),
    "track.prompt": (
        "Quét mã QR trên giấy hẹn, hoặc nhập mã hồ sơ",
        "Scan the QR code on your receipt, or type the dossier code",
    ),
    "track.search": ("Tra cứu", "Look up"),
    "track.procedure": ("Thủ tục: {name}", "Procedure: {name}"),
    "track.status": ("Trạng thái: {status}", "Status: {status}"),
    "track.due": ("Hẹn trả: {due}", "Due: {due}"),
    "track.looking": ("Đang tra cứu…", "Looking up…"),
    "track.scanned": ("Đã quét mã", "Code scanned"),
    # idle
    "idle.heading": ("Bạn còn đang sử dụng?", "Are you still there?"),
    "idle.body": (
        "Để bảo vệ thông tin của bạn, máy sẽ xóa dữ liệu và quay về trang đầu sau {n} giây.",
        "To protect your data the kiosk will erase it and start again in {n} seconds.",
    ),
    "idle.continue": ("Tiếp tục sử dụng", "Continue"),
    # recovery
    "recovery.heading": ("Xin lỗi, đã có sự cố", "Sorry, something went wrong"),
    "recovery.body": (
        "Máy sẽ quay về trang đầu. Hồ sơ đã nộp không bị mất. Nếu cần, hãy gọi cán bộ hỗ trợ.",
        "The kiosk will start again. Filed dossiers are not lost. Call staff if you need help.",
    ),
    "recovery.home": ("Về trang đầu ({n})", "Start again ({n})"),
}


def tr(key: str, lang: Lang, /, **values: object) -> str:
    vi, en = STRINGS[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text


def money(amount: int | None, lang: Lang) -> str:
    """10000 -> "10.000 đ" (both languages use the Vietnamese form, as on the receipt)."""
    if amount is None:
        return tr("proc.unknown", lang)
    if amount == 0:
        return tr("proc.free", lang)
    return f"{amount:,}".replace(",", ".") + " đ"
