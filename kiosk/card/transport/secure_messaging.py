"""Terminal side of secure messaging (ICAO 9303-11 §9.8), 3DES or AES.

Every command is wrapped (DO87 encrypted data, DO97 expected length, DO8E MAC) and every
response unwrapped: the MAC over DO87/DO99 is always checked and a wrong or missing MAC is an
:class:`IntegrityError`. The send-sequence counter is incremented once per command and once per
response. The cipher suite (:mod:`kiosk.card.crypto.sm_cipher`) decides block size, IV and MAC.
"""

from __future__ import annotations

from kiosk.card.crypto import bac_crypto
from kiosk.card.crypto.sm_cipher import SmCipher, TripleDesCipher
from kiosk.card.encoding.tlv import encode_tlv, iter_tlv
from kiosk.card.errors import CardStatusError, CorruptDataError, IntegrityError
from kiosk.card.transport.apdu import Command, Response

SM_CLA = 0x0C


def _le_bytes(le: int, extended: bool) -> bytes:
    if extended:
        return b"\x00\x00" if le >= 65536 else le.to_bytes(2, "big")
    return bytes([le & 0xFF])


def max_short_read(block: int) -> int:
    """The largest READ BINARY whose protected answer fits a short response (256 bytes).

    256 - DO99 (4) - DO8E (10) - DO87 header (3) - padding indicator (1), rounded down to whole
    cipher blocks, minus the one padding byte: 0xE7 for 3DES, 0xDF for AES.
    """
    return (256 - 4 - 10 - 3 - 1) // block * block - 1


class SecureChannel:
    """Wraps commands and unwraps responses with a session's keys.

    ``SecureChannel(ks_enc, ks_mac, ssc)`` is 3DES (BAC); pass ``cipher=`` for AES.
    """

    def __init__(
        self, ks_enc: bytes, ks_mac: bytes, ssc: int, *, cipher: SmCipher | None = None
    ) -> None:
        self.cipher: SmCipher = cipher or TripleDesCipher(ks_enc, ks_mac)
        self.ssc = ssc

    @classmethod
    def of(cls, cipher: SmCipher, ssc: int = 0) -> SecureChannel:
        return cls(cipher.ks_enc, cipher.ks_mac, ssc, cipher=cipher)

    @property
    def ks_enc(self) -> bytes:
        return self.cipher.ks_enc

    @property
    def ks_mac(self) -> bytes:
        return self.cipher.ks_mac

    @property
    def block(self) -> int:
        return self.cipher.block

    def _next_ssc(self) -> bytes:
        size = self.cipher.ssc_length
        self.ssc = (self.ssc + 1) % (1 << (8 * size))
        return self.ssc.to_bytes(size, "big")

    def _pad(self, data: bytes) -> bytes:
        return bac_crypto.pad(data, self.cipher.block)

    def wrap(self, cmd: Command, *, extended: bool = False) -> Command:
        """The protected form of ``cmd``. ``extended`` asks for extended length fields."""
        header = bytes([cmd.cla | SM_CLA, cmd.ins, cmd.p1, cmd.p2])
        ssc = self._next_ssc()
        body = b""
        if cmd.data:
            cryptogram = self.cipher.encrypt(ssc, self._pad(cmd.data))
            tag = 0x85 if cmd.ins & 1 else 0x87
            inner = cryptogram if tag == 0x85 else b"\x01" + cryptogram
            body += encode_tlv(tag, inner)
        if cmd.le is not None:
            body += encode_tlv(0x97, _le_bytes(cmd.le, extended or cmd.le > 256))
        mac_input = self._pad(ssc + self._pad(header) + body)
        body += encode_tlv(0x8E, self.cipher.mac(mac_input))
        le = 65536 if extended or (cmd.le is not None and cmd.le > 256) else 256
        return Command(header[0], cmd.ins, cmd.p1, cmd.p2, body, le)

    def unwrap(self, resp: Response) -> Response:
        """The plain response; the MAC is verified, the data decrypted."""
        ssc = self._next_ssc()
        if not resp.data:
            # The card answered an SM error (6987/6988) or dropped the session: no MAC to check.
            if resp.ok:
                raise IntegrityError("protected response without data objects")
            raise CardStatusError(resp.sw, "unprotected error")
        cryptogram, status, covered, mac = _split_response(resp.data)
        expected = self.cipher.mac(self._pad(ssc + covered))
        if mac != expected:
            raise IntegrityError("response MAC does not verify")
        data = b""
        if cryptogram:
            if len(cryptogram) % self.cipher.block:
                raise IntegrityError("DO87 is not a whole number of blocks")
            try:
                data = bac_crypto.unpad(self.cipher.decrypt(ssc, cryptogram), self.cipher.block)
            except ValueError as exc:
                raise IntegrityError("DO87 padding is wrong") from exc
        return Response(data, status if status is not None else resp.sw)


def _split_response(data: bytes) -> tuple[bytes, int | None, bytes, bytes]:
    """(cryptogram, status from DO99, the bytes the MAC covers, the MAC) of a protected answer."""
    try:
        objects = list(iter_tlv(data))
    except CorruptDataError as exc:
        raise IntegrityError("malformed protected response") from exc
    covered = b""
    cryptogram = b""
    status: int | None = None
    mac: bytes | None = None
    for obj in objects:
        if obj.tag in (0x87, 0x85, 0x99):
            covered += data[obj.start : obj.end]
        if obj.tag == 0x87:
            cryptogram = obj.value[1:]
        elif obj.tag == 0x85:
            cryptogram = obj.value
        elif obj.tag == 0x99:
            if len(obj.value) != 2:
                raise IntegrityError("DO99 is not two bytes")
            status = int.from_bytes(obj.value, "big")
        elif obj.tag == 0x8E:
            mac = obj.value
    if mac is None:
        raise IntegrityError("protected response without DO8E")
    return cryptogram, status, covered, mac
