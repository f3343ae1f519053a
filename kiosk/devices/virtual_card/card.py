"""The virtual CCCD's card logic: answers command APDUs like the chip does.

It knows the eMRTD application, BAC (GET CHALLENGE, EXTERNAL AUTHENTICATE with the MRZ key),
3DES secure messaging (it checks every command MAC and SSC), SELECT by FID and READ BINARY with
a 15-bit offset. ``SELECT MF`` is answered 6D00 and DG3 6982, as the real cards do.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping

from kiosk.card import bac_crypto
from kiosk.card.apdu import (
    EMRTD_AID,
    INS_EXTERNAL_AUTHENTICATE,
    INS_GET_CHALLENGE,
    INS_READ_BINARY,
    INS_SELECT,
    SW_AUTH_FAILED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_SM_INCORRECT,
    SW_SM_MISSING,
    SW_WRONG_LENGTH,
    Command,
    Response,
)
from kiosk.card.errors import CorruptDataError
from kiosk.card.lds import Fid
from kiosk.card.tlv import encode_tlv, iter_tlv
from kiosk.devices.virtual_card.faults import FaultModes

#: ATR of a contactless ISO 14443-4 card as PC/SC part 3 readers build it
DEFAULT_ATR = bytes.fromhex("3B8880014241524E4353534D8A")
_MAX_SHORT_READ = 0xE7  # largest plain read that still fits a protected short response


class CardRemoved(Exception):  # noqa: N818 - a signal to the transport, not an error
    """Raised by the card logic when a fault mode takes the card out of the field."""


class VirtualCccd:
    """One card. ``process`` takes a command APDU and returns the response APDU bytes."""

    def __init__(
        self,
        files: Mapping[int, bytes],
        mrz_information: str,
        *,
        faults: FaultModes | None = None,
        random: Callable[[int], bytes] = os.urandom,
        atr: bytes = DEFAULT_ATR,
    ) -> None:
        self._files = dict(files)
        faults = faults or FaultModes()
        if faults.tamper_dg13 and Fid.DG13 in self._files:
            dg13 = bytearray(self._files[Fid.DG13])
            pos = dg13.find("Văn".encode())
            dg13[pos if pos >= 0 else len(dg13) - 1] ^= 0x01  # "Văn" -> "Wăn": still parses
            self._files[Fid.DG13] = bytes(dg13)
        seed = bac_crypto.key_seed(mrz_information)
        self._k_enc, self._k_mac = bac_crypto.session_keys(seed)
        self.faults = faults
        self.atr = atr
        self._random = random
        self._lock = threading.Lock()
        self.reads = 0
        self.apdus = 0
        self.power_on()

    def power_on(self) -> None:
        """A reset: back to the master file, no authentication, no session."""
        self._app_selected = False
        self._challenge: bytes | None = None
        self._ks_enc: bytes | None = None
        self._ks_mac: bytes | None = None
        self._ssc = 0
        self._current: int | None = None

    def process(self, raw: bytes) -> bytes:
        """Answer one command APDU (thread-safe)."""
        if self.faults.apdu_delay_s:
            time.sleep(self.faults.apdu_delay_s)
        with self._lock:
            self.apdus += 1
            try:
                cmd = Command.decode(raw)
            except CorruptDataError:
                return Response(b"", SW_WRONG_LENGTH).encode()
            if cmd.cla & 0x0C == 0x0C:
                return self._protected(cmd)
            if self._ks_enc is not None:
                # a plain command during secure messaging ends the session (ICAO 9303-11)
                if cmd.ins == INS_SELECT and cmd.p1 == 0x04:
                    self.power_on()
                else:
                    self._end_session()
                    return Response(b"", SW_SM_MISSING).encode()
            return self._plain(cmd).encode()

    def _end_session(self) -> None:
        self._ks_enc = self._ks_mac = None
        self._challenge = None

    # -- plain commands ------------------------------------------------------------------

    def _plain(self, cmd: Command) -> Response:
        if cmd.ins == INS_SELECT:
            if cmd.p1 == 0x04:
                self._app_selected = cmd.data == EMRTD_AID
                self._current = None
                return Response(b"", SW_OK if self._app_selected else SW_FILE_NOT_FOUND)
            if cmd.p1 == 0x00 or cmd.data == b"\x3f\x00":
                return Response(b"", SW_INS_NOT_SUPPORTED)
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        if cmd.ins == INS_GET_CHALLENGE and self._app_selected:
            self._challenge = self._random(8)
            return Response(self._challenge, SW_OK)
        if cmd.ins == INS_EXTERNAL_AUTHENTICATE and self._app_selected:
            return self._external_authenticate(cmd)
        if cmd.ins == INS_READ_BINARY:
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        return Response(b"", SW_INS_NOT_SUPPORTED)

    def _external_authenticate(self, cmd: Command) -> Response:
        challenge, self._challenge = self._challenge, None
        if challenge is None or len(cmd.data) != 40:
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        e_ifd, m_ifd = cmd.data[:32], cmd.data[32:]
        if self.faults.reject_access or m_ifd != bac_crypto.retail_mac(
            self._k_mac, bac_crypto.pad(e_ifd)
        ):
            return Response(b"", SW_AUTH_FAILED)
        plain = bac_crypto.decrypt(self._k_enc, e_ifd)
        rnd_ifd, rnd_ic, k_ifd = plain[:8], plain[8:16], plain[16:32]
        if rnd_ic != challenge:
            return Response(b"", SW_AUTH_FAILED)
        k_ic = self._random(16)
        e_ic = bac_crypto.encrypt(self._k_enc, rnd_ic + rnd_ifd + k_ic)
        m_ic = bac_crypto.retail_mac(self._k_mac, bac_crypto.pad(e_ic))
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
        self._ks_enc, self._ks_mac = bac_crypto.session_keys(seed)
        self._ssc = int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big")
        return Response(e_ic + m_ic, SW_OK)

    # -- secure messaging ----------------------------------------------------------------

    def _next_ssc(self) -> bytes:
        self._ssc = (self._ssc + 1) & 0xFFFF_FFFF_FFFF_FFFF
        return self._ssc.to_bytes(8, "big")

    def _protected(self, cmd: Command) -> bytes:
        if self._ks_enc is None or self._ks_mac is None:
            return Response(b"", SW_SM_MISSING).encode()
        try:
            objects = list(iter_tlv(cmd.data))
        except CorruptDataError:
            self._end_session()
            return Response(b"", SW_SM_INCORRECT).encode()
        header = bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2])
        covered = b"".join(cmd.data[o.start : o.end] for o in objects if o.tag in (0x87, 0x97))
        mac = next((o.value for o in objects if o.tag == 0x8E), None)
        ssc = self._next_ssc()
        expected = bac_crypto.retail_mac(
            self._ks_mac, bac_crypto.pad(ssc + bac_crypto.pad(header) + covered)
        )
        if mac != expected:
            self._end_session()
            return Response(b"", SW_SM_INCORRECT).encode()
        data = b""
        le: int | None = None
        for o in objects:
            if o.tag == 0x87:
                data = bac_crypto.unpad(bac_crypto.decrypt(self._ks_enc, o.value[1:]))
            elif o.tag == 0x97:
                le = int.from_bytes(o.value, "big") or (256 if len(o.value) == 1 else 65536)
        plain = Command(cmd.cla & ~0x0C & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, le)
        answer = self._secured(plain)
        return self._wrap(answer)

    def _wrap(self, resp: Response) -> bytes:
        assert self._ks_enc is not None
        assert self._ks_mac is not None
        body = b""
        if resp.data:
            cryptogram = bac_crypto.encrypt(self._ks_enc, bac_crypto.pad(resp.data))
            body += encode_tlv(0x87, b"\x01" + cryptogram)
        body += encode_tlv(0x99, resp.sw.to_bytes(2, "big"))
        mac = bac_crypto.retail_mac(self._ks_mac, bac_crypto.pad(self._next_ssc() + body))
        if self.faults.bad_response_mac:
            mac = bytes([mac[0] ^ 0xFF]) + mac[1:]
        body += encode_tlv(0x8E, mac)
        return body + resp.sw.to_bytes(2, "big")

    def _secured(self, cmd: Command) -> Response:
        if cmd.ins == INS_SELECT:
            if cmd.p1 == 0x04:
                return Response(b"", SW_OK if cmd.data == EMRTD_AID else SW_FILE_NOT_FOUND)
            if cmd.p1 != 0x02 or len(cmd.data) != 2:
                return Response(b"", SW_INS_NOT_SUPPORTED)
            fid = int.from_bytes(cmd.data, "big")
            if fid == Fid.DG3:
                return Response(b"", SW_SECURITY_NOT_SATISFIED)
            if fid not in self._files:
                return Response(b"", SW_FILE_NOT_FOUND)
            self._current = fid
            return Response(b"", SW_OK)
        if cmd.ins == INS_READ_BINARY:
            return self._read_binary(cmd)
        return Response(b"", SW_INS_NOT_SUPPORTED)

    def _read_binary(self, cmd: Command) -> Response:
        if self._current is None:
            return Response(b"", 0x6986)  # no current EF
        self.reads += 1
        limit = self.faults.remove_after_reads
        if limit is not None and self.reads > limit:
            raise CardRemoved
        le = cmd.le or 256
        wrong_above = self.faults.wrong_length_above
        if wrong_above is not None and le > wrong_above:
            return Response(b"", SW_WRONG_LENGTH)
        content = self._files[self._current]
        offset = (cmd.p1 << 8) | cmd.p2
        if offset > len(content):
            return Response(b"", 0x6B00)
        count = min(le, _MAX_SHORT_READ)
        if self.faults.max_read is not None:
            count = min(count, self.faults.max_read)
        chunk = content[offset : offset + count]
        if len(chunk) < le and offset + len(chunk) >= len(content):
            return Response(chunk, SW_END_OF_FILE)
        return Response(chunk, SW_OK)
