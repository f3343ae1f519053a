"""Command and response APDUs (ISO/IEC 7816-4), short and extended length."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.card.errors import CorruptDataError

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than Le: end of file reached
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_FILE_NOT_FOUND = 0x6A82
SW_INS_NOT_SUPPORTED = 0x6D00
SW_AUTH_FAILED = 0x6300
SW_SM_MISSING = 0x6987
SW_SM_INCORRECT = 0x6988

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_GET_CHALLENGE = 0x84
INS_EXTERNAL_AUTHENTICATE = 0x82

#: eMRTD application identifier (ICAO 9303-10)
EMRTD_AID = bytes.fromhex("A0000002471001")


@dataclass(frozen=True)
class Command:
    """A command APDU. ``le`` None = no response data expected; 256 (short) is sent as 00."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @property
    def extended(self) -> bool:
        return len(self.data) > 255 or (self.le is not None and self.le > 256)

    def encode(self, *, force_extended: bool = False) -> bytes:
        header = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.extended or force_extended:
            body = b""
            if self.data:
                body += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                le = b"\x00\x00" if self.le >= 65536 else self.le.to_bytes(2, "big")
                body += le if self.data else b"\x00" + le
            return header + body
        out = header
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le & 0xFF])
        return out

    @classmethod
    def decode(cls, raw: bytes) -> Command:
        """Parse an encoded command (used by the virtual card)."""
        if len(raw) < 4:
            raise CorruptDataError("APDU shorter than its header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] == 0 and len(body) >= 3:  # extended
            if len(body) == 3:
                return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or 65536)
            lc = int.from_bytes(body[1:3], "big")
            data = body[3 : 3 + lc]
            rest = body[3 + lc :]
            if len(data) != lc or len(rest) not in (0, 2):
                raise CorruptDataError("malformed extended APDU")
            le = (int.from_bytes(rest, "big") or 65536) if rest else None
            return cls(cla, ins, p1, p2, data, le)
        lc = body[0]
        data = body[1 : 1 + lc]
        rest = body[1 + lc :]
        if len(data) != lc or len(rest) > 1:
            raise CorruptDataError("malformed short APDU")
        return cls(cla, ins, p1, p2, data, (rest[0] or 256) if rest else None)


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @classmethod
    def decode(cls, raw: bytes) -> Response:
        if len(raw) < 2:
            raise CorruptDataError("response APDU shorter than its status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK


def select_aid(aid: bytes = EMRTD_AID) -> Command:
    """SELECT by DF name, no response data (P2 = 0C)."""
    return Command(0x00, INS_SELECT, 0x04, 0x0C, aid)


def select_ef(fid: int) -> Command:
    """SELECT an elementary file by FID under the current DF (P1 = 02, P2 = 0C)."""
    return Command(0x00, INS_SELECT, 0x02, 0x0C, fid.to_bytes(2, "big"))


def read_binary(offset: int, length: int) -> Command:
    """READ BINARY with a 15-bit offset in P1-P2."""
    return Command(0x00, INS_READ_BINARY, (offset >> 8) & 0x7F, offset & 0xFF, le=length)
