"""BER-TLV as used in the LDS (ICAO 9303-10): tags of one to three bytes, definite lengths."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.card.errors import CorruptDataError

#: the longest length field accepted (4 length bytes = files up to 4 GiB; cards are far smaller)
_MAX_LENGTH_BYTES = 4


@dataclass(frozen=True)
class Tlv:
    """One data object: its tag as an integer (e.g. 0x5F1F), value and where it ends."""

    tag: int
    value: bytes
    end: int  # offset just past this object in the buffer it was read from
    start: int = 0  # offset of the tag in that buffer

    @property
    def constructed(self) -> bool:
        first = self.tag
        while first > 0xFF:
            first >>= 8
        return bool(first & 0x20)

    def children(self) -> list[Tlv]:
        """The objects inside a constructed object."""
        return list(iter_tlv(self.value))

    def child(self, tag: int) -> Tlv:
        """The first inner object with ``tag``; CorruptDataError when absent."""
        for c in iter_tlv(self.value):
            if c.tag == tag:
                return c
        raise CorruptDataError(f"tag {tag:X} missing inside {self.tag:X}")


def read_tag(buf: bytes, offset: int) -> tuple[int, int]:
    """(tag, offset after the tag)."""
    if offset >= len(buf):
        raise CorruptDataError("TLV truncated in tag")
    first = buf[offset]
    tag = first
    offset += 1
    if first & 0x1F == 0x1F:
        for _ in range(2):
            if offset >= len(buf):
                raise CorruptDataError("TLV truncated in tag")
            b = buf[offset]
            tag = (tag << 8) | b
            offset += 1
            if not b & 0x80:
                break
        else:
            raise CorruptDataError("TLV tag longer than 3 bytes")
    return tag, offset


def read_length(buf: bytes, offset: int) -> tuple[int, int]:
    """(length, offset after the length field); indefinite lengths are refused."""
    if offset >= len(buf):
        raise CorruptDataError("TLV truncated in length")
    first = buf[offset]
    offset += 1
    if first < 0x80:
        return first, offset
    count = first & 0x7F
    if count == 0 or count > _MAX_LENGTH_BYTES:
        raise CorruptDataError("unsupported TLV length form")
    if offset + count > len(buf):
        raise CorruptDataError("TLV truncated in length")
    return int.from_bytes(buf[offset : offset + count], "big"), offset + count


def read_tlv(buf: bytes, offset: int = 0) -> Tlv:
    """The data object starting at ``offset``; its value must be entirely in ``buf``."""
    start = offset
    tag, offset = read_tag(buf, offset)
    length, offset = read_length(buf, offset)
    end = offset + length
    if end > len(buf):
        raise CorruptDataError("TLV value runs past the end of the data")
    return Tlv(tag, bytes(buf[offset:end]), end, start)


def iter_tlv(buf: bytes) -> Iterator[Tlv]:
    """Every object in a concatenation of objects (padding bytes 00/FF between are skipped)."""
    offset = 0
    while offset < len(buf):
        if buf[offset] in (0x00, 0xFF):
            offset += 1
            continue
        obj = read_tlv(buf, offset)
        offset = obj.end
        yield obj


def total_length(header: bytes) -> int:
    """The full size (header included) of the object whose first bytes are ``header``.

    Used to learn a file's size from its first few bytes before reading the rest.
    """
    tag_end = read_tag(header, 0)[1]
    length, value_start = read_length(header, tag_end)
    return value_start + length


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_tlv(tag: int, value: bytes) -> bytes:
    return encode_tag(tag) + encode_length(len(value)) + value
