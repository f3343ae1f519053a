"""Reading LDS files in as few round trips as the card allows.

The first READ BINARY names the file by its short file identifier (P1 = 80 | SFI), so no
SELECT is needed, and asks for a whole chunk at once: a small file (DG1, EF.CardAccess) comes
back entire in one APDU, a larger one tells its size in its TLV header and the rest follows in
the largest chunks the card accepts (offset in P1-P2, the file now being current). A card that
does not take SFIs (6A86, 6B00, 6986 "no current EF"...) is read with SELECT + READ BINARY
instead, for the rest of the session.

When the card answers with fewer bytes than asked (not at the end of the file), or 6Cxx (use
this Le), or 6700 (wrong length), the chunk size shrinks and stays shrunk for the session.
Nothing is selected or read twice.
"""

from __future__ import annotations

import logging

from kiosk.card.encoding.tlv import total_length
from kiosk.card.errors import CardStatusError, CorruptDataError
from kiosk.card.lds.files import sfi
from kiosk.card.transport.apdu import (
    INS_READ_BINARY,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_WRONG_LENGTH,
    Command,
    Response,
    read_binary,
    select_ef,
)
from kiosk.card.transport.channel import ApduChannel

log = logging.getLogger(__name__)

HEADER_READ = 4
#: short-APDU chunk that fits a protected answer (DO87 + DO99 + DO8E) in 256 bytes with AES
#: (3DES allows 0xE7: see ``secure_messaging.max_short_read``)
DEFAULT_CHUNK = 0xDF
#: extended-length chunk asked for first; the card's answer tells what it really takes
EXTENDED_CHUNK = 0x1000
#: READ BINARY with P1-P2 offsets reaches 32767 bytes
MAX_OFFSET = 0x7FFF
#: answers to an SFI read that mean "no SFI here, SELECT first"
_NO_SFI = {0x6A86, 0x6B00, 0x6D00, 0x6E00, 0x6981, 0x6986, 0x6A81}


class FileNotFoundOnCard(CardStatusError):  # noqa: N818 - a status, named as the card says it
    code = "card.file_not_found"

    def __init__(self, fid: int) -> None:
        super().__init__(SW_FILE_NOT_FOUND, f"SELECT {fid:04X}")
        self.fid = fid


def read_binary_sfi(short_id: int, length: int) -> Command:
    """READ BINARY of the file with short identifier ``short_id`` from offset 0."""
    return Command(0x00, INS_READ_BINARY, 0x80 | short_id, 0x00, le=length)


class FileReader:
    """Reads whole files from the selected application through an :class:`ApduChannel`."""

    def __init__(
        self, channel: ApduChannel, chunk: int = DEFAULT_CHUNK, *, use_sfi: bool = True
    ) -> None:
        self.channel = channel
        self.chunk = chunk
        self.use_sfi = use_sfi
        self.shrinks = 0

    def select(self, fid: int) -> None:
        resp = self.channel.send(select_ef(fid))
        if resp.sw == SW_FILE_NOT_FOUND:
            raise FileNotFoundOnCard(fid)
        if resp.sw != SW_OK:
            raise CardStatusError(resp.sw, f"SELECT {fid:04X}")

    def _first(self, fid: int) -> bytes:
        """The file's first bytes: by SFI when the card takes it, else SELECT + READ."""
        if self.use_sfi:
            resp = self._send_read(read_binary_sfi(sfi(fid), self.chunk), fid)
            if resp.sw == SW_FILE_NOT_FOUND:
                raise FileNotFoundOnCard(fid)
            if resp.sw not in _NO_SFI:
                return self._accept(resp, f"READ BINARY SFI {sfi(fid):02X}")
            log.info("card does not take short file identifiers (SW=%04X)", resp.sw)
            self.use_sfi = False
        self.select(fid)
        return self._read_at(0, self.chunk)

    def read(self, fid: int) -> bytes:
        """Return the whole file ``fid`` (as its TLV header says)."""
        first_asked = self.chunk
        data = self._first(fid)
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
        if len(data) < min(first_asked, size):  # fewer than asked, not at the end: a limit
            self._shrink(len(data))
        while len(data) < size:
            asked = min(self.chunk, size - len(data))
            part = self._read_at(len(data), asked)
            if not part:
                raise CorruptDataError(f"file {fid:04X} ends before its declared length")
            if len(part) < asked:
                self._shrink(len(part))
            data += part
        return data[:size]

    def _shrink(self, to: int) -> None:
        if to < self.chunk:
            log.info("card accepts %d-byte reads (was %d)", to, self.chunk)
            self.chunk = to
            self.shrinks += 1

    def _send_read(self, cmd: Command, fid: int) -> Response:
        """An SFI read, retried with a smaller Le while the card asks for one."""
        for _ in range(16):
            resp = self.channel.send(cmd)
            length = cmd.le or 256
            if resp.sw >> 8 == 0x6C:
                self._shrink(resp.sw & 0xFF or 256)
            elif resp.sw == SW_WRONG_LENGTH and length > 1:
                self._shrink(max(1, length // 2))
            else:
                return resp
            cmd = read_binary_sfi(sfi(fid), self.chunk)
        raise CardStatusError(SW_WRONG_LENGTH, "READ BINARY: no length accepted")

    @staticmethod
    def _accept(resp: Response, what: str) -> bytes:
        if resp.sw in (SW_OK, SW_END_OF_FILE):
            return resp.data
        raise CardStatusError(resp.sw, what)

    def _read_at(self, offset: int, length: int) -> bytes:
        for _ in range(16):
            resp = self.channel.send(read_binary(offset, length))
            if resp.sw in (SW_OK, SW_END_OF_FILE):
                return self._accept(resp, f"READ BINARY at {offset}")
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
