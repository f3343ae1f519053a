"""EF.COM: LDS version and the list of data groups present."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.card.encoding.tlv import iter_tlv, read_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.lds.files import DG_TAGS, TAG_COM


@dataclass(frozen=True)
class EfCom:
    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_com(raw: bytes) -> EfCom:
    """Parse EF.COM; raises CorruptDataError for anything malformed."""
    outer = read_tlv(raw)
    if outer.tag != TAG_COM:
        raise CorruptDataError(f"EF.COM tag {outer.tag:X}")
    lds = uni = ""
    groups: list[int] = []
    for obj in iter_tlv(outer.value):
        if obj.tag == 0x5F01:
            lds = obj.value.decode("ascii", "replace")
        elif obj.tag == 0x5F36:
            uni = obj.value.decode("ascii", "replace")
        elif obj.tag == 0x5C:
            groups = [DG_TAGS[t] for t in obj.value if t in DG_TAGS]
    return EfCom(lds, uni, tuple(groups))
