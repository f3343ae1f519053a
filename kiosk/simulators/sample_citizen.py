"""The fictitious resident used by demo mode and the tests (nobody real)."""

from __future__ import annotations

import io
from datetime import date
from functools import cache

from PIL import Image, ImageDraw

from kiosk.domain.citizen import CitizenIdentity

SAMPLE_CITIZEN = CitizenIdentity(
    id_number="001089012345",  # 001 Hà Nội, 0 = male born 1900s, 89 = born 1989
    full_name="Nguyễn Văn An",
    date_of_birth=date(1989, 5, 14),
    sex="Nam",
    nationality="Việt Nam",
    ethnicity="Kinh",
    religion="Không",
    place_of_origin="Xã Phù Đổng, Huyện Gia Lâm, Hà Nội",
    place_of_residence="Số 12 ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội",
    identifying_marks="Nốt ruồi C:1cm trên trước đầu mày phải",
    issue_date=date(2021, 4, 10),
    expiry_date=date(2029, 5, 14),  # 40th birthday: issued at 31
    father_name="Nguyễn Văn Bình",
    mother_name="Trần Thị Cúc",
    spouse_name="Trần Thị Hoa",  # DG13 field 14: his wife, the child's mother in the demos
    old_id_number="012345678",
)


@cache
def _face_jpeg() -> bytes:
    """A small drawn portrait (JPEG, 120x160) so nothing depends on a real photo."""
    img = Image.new("RGB", (120, 160), (235, 238, 242))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 120, 120, 160), fill=(40, 70, 120))  # shirt
    draw.ellipse((30, 20, 90, 95), fill=(226, 190, 160))  # face
    draw.chord((28, 14, 92, 60), 180, 360, fill=(30, 25, 20))  # hair
    draw.ellipse((45, 50, 52, 56), fill=(20, 20, 20))
    draw.ellipse((68, 50, 75, 56), fill=(20, 20, 20))
    draw.arc((48, 65, 72, 82), 20, 160, fill=(150, 60, 60), width=2)
    draw.rectangle((50, 95, 70, 120), fill=(226, 190, 160))  # neck
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


SAMPLE_FACE_JPEG: bytes = _face_jpeg()
