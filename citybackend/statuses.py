"""The ten national portal statuses, their labels and the moves the back office may make."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    NEW = 1
    RECEIVED = 2
    NOT_RECEIVED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    DONE = 9
    RETURNED = 10


LABELS: dict[Status, tuple[str, str]] = {
    Status.NEW: ("Mới đăng ký", "Newly registered"),
    Status.RECEIVED: ("Đã tiếp nhận", "Received"),
    Status.NOT_RECEIVED: ("Không tiếp nhận", "Not received"),
    Status.PROCESSING: ("Đang xử lý", "Processing"),
    Status.SUPPLEMENT_REQUESTED: ("Yêu cầu bổ sung", "Supplement requested"),
    Status.FINANCIAL_OBLIGATION: ("Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested"),
    Status.WITHDRAWN: ("Công dân rút hồ sơ", "Withdrawn by the citizen"),
    Status.STOPPED: ("Dừng xử lý", "Processing stopped"),
    Status.DONE: ("Đã xử lý xong", "Processing done"),
    Status.RETURNED: ("Đã trả kết quả", "Result returned"),
}

_OPEN = {Status.WITHDRAWN, Status.STOPPED}
#: status -> statuses it may move to; 3, 7, 8 and 10 are final
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.RECEIVED, Status.NOT_RECEIVED, Status.WITHDRAWN}),
    Status.RECEIVED: frozenset({Status.PROCESSING, *_OPEN}),
    Status.PROCESSING: frozenset(
        {Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION, Status.DONE, *_OPEN}
    ),
    Status.SUPPLEMENT_REQUESTED: frozenset({Status.PROCESSING, *_OPEN}),
    Status.FINANCIAL_OBLIGATION: frozenset({Status.PROCESSING, *_OPEN}),
    Status.DONE: frozenset({Status.RETURNED}),
    Status.NOT_RECEIVED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.RETURNED: frozenset(),
}


def parse_status(text: str) -> Status:
    """``"4"``, ``"processing"`` or ``"PROCESSING"`` -> :class:`Status`."""
    text = text.strip()
    if text.isdigit():
        return Status(int(text))
    try:
        return Status[text.upper().replace("-", "_")]
    except KeyError:
        raise ValueError(f"unknown status {text!r}") from None
