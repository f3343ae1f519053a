"""Reading LDS files: SELECT by FID, the length from the TLV header, then large chunks.

The first READ BINARY asks for 4 bytes (enough for a one-byte tag and a three-byte length);
the rest comes in the largest chunks the card accepts. When the card answers with fewer bytes
than asked, or 6Cxx (use this Le), or 6700 (wrong length), the chunk size shrinks and stays
shrunk for the rest of the session. Nothing is selected or read twice.
"""

from __future__ import annotations

import logging

from kiosk.card.apdu import (
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_WRONG_LENGTH,
    read_binary,
    select_ef,
)
from kiosk.card.channel import ApduChannel
from kiosk.card.errors import CardStatusError, CorruptDataError
from kiosk.card.tlv import total_length

log = logging.getLogger(__name__)

HEADER_READ = 4
#: short-APDU chunk that fits a protected answer (DO87 + DO99 + DO8E) in 256 bytes
DEFAULT_CHUNK = 0xDF
#: READ BINARY with P1-P2 offsets reaches 32767 bytes
MAX_OFFSET = 0x7FFF


class FileNotFoundOnCard(CardStatusError):  # noqa: N818 - a status, named as the card says it
    code = "card.file_not_found"

    def __init__(self, fid: int) -> None:
        super().__init__(SW_FILE_NOT_FOUND, f"SELECT {fid:04X}")
        self.fid = fid


class FileReader:
    """Reads whole files from the selected application through an :class:`ApduChannel`."""

    def __init__(self, channel: ApduChannel, chunk: int = DEFAULT_CHUNK) -> None:
        self.channel = channel
        self.chunk = chunk
        self.shrinks = 0

    def select(self, fid: int) -> None:
        resp = self.channel.send(select_ef(fid))
        if resp.sw == SW_FILE_NOT_FOUND:
            raise FileNotFoundOnCard(fid)
        if resp.sw != SW_OK:
            raise CardStatusError(resp.sw, f"SELECT {fid:04X}")

    def read(self, fid: int) -> bytes:
        """Select ``fid`` and return the whole file (as its TLV header says)."""
        self.select(fid)
        data = b""
        while True:  # the TLV header: 4 bytes, 2 more for a long length field
            try:
                size = total_length(data)
                break
            except CorruptDataError:
                if len(data) >= HEADER_READ + 2:
                    raise
            want = HEADER_READ - len(data) if len(data) < HEADER_READ else 2
            part = self._read_at(len(data), want)
            if not part:
                raise CorruptDataError(f"file {fid:04X} ends inside its TLV header")
            data += part
        if size > MAX_OFFSET + 1:
            raise CorruptDataError(f"file {fid:04X} claims {size} bytes, beyond READ BINARY")
        while len(data) < size:
            part = self._read_at(len(data), min(self.chunk, size - len(data)))
            if not part:
                raise CorruptDataError(f"file {fid:04X} ends before its declared length")
            data += part
        return data[:size]

    def _shrink(self, to: int) -> None:
        if to < self.chunk:
            log.info("card accepts %d-byte reads (was %d)", to, self.chunk)
            self.chunk = to
            self.shrinks += 1

    def _read_at(self, offset: int, length: int) -> bytes:
        for _ in range(16):
            resp = self.channel.send(read_binary(offset, length))
            if resp.sw in (SW_OK, SW_END_OF_FILE):
                if resp.sw == SW_OK and 0 < len(resp.data) < length:
                    self._shrink(len(resp.data))
                return resp.data
            if resp.sw >> 8 == 0x6C:  # "wrong Le, use SW2"
                length = resp.sw & 0xFF or 256
                self._shrink(length)
                continue
            if resp.sw == SW_WRONG_LENGTH and length > 1:
                length = max(1, length // 2)
                self._shrink(length)
                continue
            raise CardStatusError(resp.sw, f"READ BINARY at {offset}")
        raise CardStatusError(SW_WRONG_LENGTH, "READ BINARY: no length accepted")
