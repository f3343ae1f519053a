"""DG2: the face image (ISO/IEC 19794-5 inside the biometric information template)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.card.encoding.tlv import Tlv, iter_tlv, read_tlv
from kiosk.card.errors import CorruptDataError

_JPEG_SOI = b"\xff\xd8\xff"
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_J2K_CODESTREAM = b"\xff\x4f\xff\x51"
_BIOMETRIC_DATA_TAGS = (0x5F2E, 0x7F2E)
_MAX_DEPTH = 6


@dataclass(frozen=True)
class FaceImage:
    data: bytes
    format: str  # "jpeg" | "jp2"


def image_format(data: bytes) -> str:
    if data.startswith(_JPEG_SOI):
        return "jpeg"
    if data.startswith((_JP2_SIGNATURE, _J2K_CODESTREAM)):
        return "jp2"
    return ""


def _find_block(objects: list[Tlv], depth: int) -> bytes | None:
    for obj in objects:
        if obj.tag in _BIOMETRIC_DATA_TAGS:
            return obj.value
        if obj.constructed and depth < _MAX_DEPTH:
            found = _find_block(list(iter_tlv(obj.value)), depth + 1)
            if found is not None:
                return found
    return None


def _image_from_facial_record(block: bytes) -> bytes:
    """The image data of the first face in an ISO 19794-5 record ("FAC\\0")."""
    if not block.startswith(b"FAC\x00") or len(block) < 14 + 20:
        raise CorruptDataError("DG2 biometric block is not an ISO 19794-5 record")
    face = block[14:]
    block_len = int.from_bytes(face[0:4], "big")
    points = int.from_bytes(face[4:6], "big")
    image_start = 20 + 8 * points + 12
    end = min(block_len, len(face)) if block_len else len(face)
    if image_start >= end:
        raise CorruptDataError("DG2 facial record has no image data")
    return face[image_start:end]


def parse_dg2(raw: bytes) -> FaceImage:
    """The face image (JPEG or JPEG 2000) from DG2."""
    outer = read_tlv(raw)
    if outer.tag != 0x75:
        raise CorruptDataError(f"DG2 tag {outer.tag:X}")
    block = _find_block(outer.children(), 0)
    if block is None:
        raise CorruptDataError("DG2 has no biometric data block")
    data = _image_from_facial_record(block)
    fmt = image_format(data)
    if not fmt:
        # some issuers pad the header differently: fall back to the image signature
        for sig in (_JPEG_SOI, _JP2_SIGNATURE, _J2K_CODESTREAM):
            pos = block.find(sig)
            if pos >= 0:
                data = block[pos:]
                fmt = image_format(data)
                break
    if not fmt:
        raise CorruptDataError("DG2 image is neither JPEG nor JPEG 2000")
    return FaceImage(data, fmt)
