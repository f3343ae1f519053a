"""The virtual CCCD's card logic: answers command APDUs like the chip does.

It knows EF.CardAccess and PACE in the master file, the eMRTD application, BAC (GET CHALLENGE,
EXTERNAL AUTHENTICATE with the MRZ key), 3DES and AES secure messaging (it checks every command
MAC and SSC), SELECT by FID, READ BINARY by offset or by short file identifier, chip
authentication (MSE:Set AT + GENERAL AUTHENTICATE) and active authentication (INTERNAL
AUTHENTICATE). ``SELECT MF`` is answered 6D00 and DG3 6982, as the real cards do. Extended
length is accepted only when :class:`CardFeatures` says so (and then the ATR advertises it).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from kiosk.card.crypto import bac_crypto
from kiosk.card.crypto.sm_cipher import SmCipher, TripleDesCipher, make_cipher
from kiosk.card.encoding.tlv import encode_tlv, iter_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.lds.files import Fid
from kiosk.card.lds.security_infos import PaceInfo, parse_security_infos
from kiosk.card.transport.apdu import (
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
from kiosk.card.transport.secure_messaging import max_short_read
from kiosk.simulators.virtual_card.chip_keys import ChipKeys
from kiosk.simulators.virtual_card.faults import FaultModes
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.pace_chip import PaceChip

#: ATR of a contactless ISO 14443-4 card as PC/SC part 3 readers build it
DEFAULT_ATR = bytes.fromhex("3B8880014241524E4353534D8A")
#: the same with historical bytes "80 73 00 00 40": card capabilities, extended Lc/Le
EXTENDED_ATR = bytes.fromhex("3B8580018073000040B7")
#: how many instructions the card remembers for tests (a whole read is about 40)
LOG_LENGTH = 4096
_SELECTABLE_IN_MF = {Fid.CARD_ACCESS}
INS_MSE, INS_GENERAL_AUTHENTICATE, INS_INTERNAL_AUTHENTICATE = 0x22, 0x86, 0x88


class CardRemoved(Exception):  # noqa: N818 - a signal to the transport, not an error
    """Raised by the card logic when a fault mode takes the card out of the field."""


class VirtualCccd:
    """One card. ``process`` takes a command APDU and returns the response APDU bytes.

    ``keys`` are the chip keys the files publish (DG14/DG15); with the ``wrong_chip_key``
    fault the card answers with other keys. ``can`` is the card access number for PACE.
    """

    def __init__(
        self,
        files: Mapping[int, bytes],
        mrz_information: str,
        *,
        faults: FaultModes | None = None,
        random: Callable[[int], bytes] = os.urandom,
        atr: bytes | None = None,
        features: CardFeatures | None = None,
        keys: ChipKeys | None = None,
        can: str = "",
    ) -> None:
        self._files = dict(files)
        faults = faults or FaultModes()
        self.features = features or CardFeatures()
        if faults.tamper_dg13 and Fid.DG13 in self._files:
            dg13 = bytearray(self._files[Fid.DG13])
            pos = dg13.find("Văn".encode())
            dg13[pos if pos >= 0 else len(dg13) - 1] ^= 0x01  # "Văn" -> "Wăn": still parses
            self._files[Fid.DG13] = bytes(dg13)
        seed = bac_crypto.key_seed(mrz_information)
        self._k_enc, self._k_mac = bac_crypto.session_keys(seed)
        self.faults = faults
        self.atr = atr or (EXTENDED_ATR if self.features.extended_length else DEFAULT_ATR)
        self._random = random
        if keys is not None and faults.wrong_chip_key:
            keys = ChipKeys.generate(self.features)
        self._keys = keys
        infos: tuple[PaceInfo, ...] = ()
        if Fid.CARD_ACCESS in self._files:
            infos = parse_security_infos(self._files[Fid.CARD_ACCESS]).pace
        self._pace = PaceChip(infos, {"mrz": mrz_information, "can": can}, random=random)
        self._lock = threading.Lock()
        self.reads = 0
        self.apdus = 0
        #: the last instructions received, in order (plain INS of protected commands), for
        #: tests; bounded: the demo's card stays inserted for weeks
        self.log: deque[int] = deque(maxlen=LOG_LENGTH)
        self.power_on()

    def power_on(self) -> None:
        """A reset: back to the master file, no authentication, no session."""
        self._app_selected = False
        self._challenge: bytes | None = None
        self._sm: SmCipher | None = None
        self._ssc = 0
        self._current: int | None = None
        self._ca_ready = False
        self._switch_to: SmCipher | None = None
        self._pace.reset()

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
            if cmd.extended and not self.features.extended_length:
                return Response(b"", SW_WRONG_LENGTH).encode()
            if cmd.cla & 0x0C == 0x0C:
                return self._protected(cmd)
            self.log.append(cmd.ins)
            if self._sm is not None:
                # a plain command during secure messaging ends the session (ICAO 9303-11)
                if cmd.ins == INS_SELECT and cmd.p1 == 0x04:
                    self.power_on()
                else:
                    self._end_session()
                    return Response(b"", SW_SM_MISSING).encode()
            return self._plain(cmd).encode()

    def _end_session(self) -> None:
        self._sm = None
        self._challenge = None
        self._switch_to = None

    # -- plain commands ------------------------------------------------------------------

    def _plain(self, cmd: Command) -> Response:
        if cmd.ins == INS_SELECT:
            if cmd.p1 == 0x04:
                self._app_selected = cmd.data == EMRTD_AID
                self._current = None
                return Response(b"", SW_OK if self._app_selected else SW_FILE_NOT_FOUND)
            if cmd.p1 == 0x00 or cmd.data == b"\x3f\x00":
                return Response(b"", SW_INS_NOT_SUPPORTED)
            fid = int.from_bytes(cmd.data, "big") if len(cmd.data) == 2 else -1
            if not self._app_selected and fid in _SELECTABLE_IN_MF:
                if fid not in self._files:
                    return Response(b"", SW_FILE_NOT_FOUND)
                self._current = fid
                return Response(b"", SW_OK)
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        if cmd.ins == INS_READ_BINARY:
            target = self._target(cmd)
            if cmd.p1 & 0x80 and not self.features.sfi:
                return Response(b"", 0x6986)
            if not self._app_selected and target in _SELECTABLE_IN_MF:
                return self._read_binary(cmd, plain=True)
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        if cmd.ins in (INS_MSE, INS_GENERAL_AUTHENTICATE) and Fid.CARD_ACCESS in self._files:
            return self._pace_command(cmd)
        if cmd.ins == INS_GET_CHALLENGE and self._app_selected:
            self._challenge = self._random(8)
            return Response(self._challenge, SW_OK)
        if cmd.ins == INS_EXTERNAL_AUTHENTICATE and self._app_selected:
            return self._external_authenticate(cmd)
        return Response(b"", SW_INS_NOT_SUPPORTED)

    def _pace_command(self, cmd: Command) -> Response:
        if cmd.ins == INS_MSE:
            if (cmd.p1, cmd.p2) != (0xC1, 0xA4):
                return Response(b"", SW_INS_NOT_SUPPORTED)
            if self.faults.refuse_pace:
                return Response(b"", SW_SECURITY_NOT_SATISFIED)
        resp = self._pace.command(cmd)
        if self._pace.cipher is not None:
            self._sm, self._ssc = self._pace.cipher, 0
            self._pace.cipher = None
        return resp

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
        self._sm = TripleDesCipher(*bac_crypto.session_keys(seed))
        self._ssc = int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big")
        return Response(e_ic + m_ic, SW_OK)

    # -- secure messaging ----------------------------------------------------------------

    def _next_ssc(self, sm: SmCipher) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * sm.ssc_length))
        return self._ssc.to_bytes(sm.ssc_length, "big")

    def _protected(self, cmd: Command) -> bytes:
        sm = self._sm
        if sm is None:
            return Response(b"", SW_SM_MISSING).encode()
        try:
            objects = list(iter_tlv(cmd.data))
        except CorruptDataError:
            self._end_session()
            return Response(b"", SW_SM_INCORRECT).encode()
        header = bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2])
        covered = b"".join(
            cmd.data[o.start : o.end] for o in objects if o.tag in (0x85, 0x87, 0x97)
        )
        mac = next((o.value for o in objects if o.tag == 0x8E), None)
        ssc = self._next_ssc(sm)
        pad = sm.block
        expected = sm.mac(bac_crypto.pad(ssc + bac_crypto.pad(header, pad) + covered, pad))
        if mac != expected:
            self._end_session()
            return Response(b"", SW_SM_INCORRECT).encode()
        data = b""
        le: int | None = None
        for o in objects:
            if o.tag in (0x85, 0x87):
                cryptogram = o.value[1:] if o.tag == 0x87 else o.value
                data = bac_crypto.unpad(sm.decrypt(ssc, cryptogram), pad)
            elif o.tag == 0x97:
                le = int.from_bytes(o.value, "big") or (256 if len(o.value) == 1 else 65536)
        plain = Command(cmd.cla & ~0x0C & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, le)
        self.log.append(plain.ins)
        answer = self._secured(plain, extended=cmd.extended)
        out = self._wrap(sm, answer)
        if self._switch_to is not None:  # chip authentication: new keys from now on
            self._sm, self._ssc, self._switch_to = self._switch_to, 0, None
        return out

    def _wrap(self, sm: SmCipher, resp: Response) -> bytes:
        ssc = self._next_ssc(sm)
        body = b""
        if resp.data:
            cryptogram = sm.encrypt(ssc, bac_crypto.pad(resp.data, sm.block))
            body += encode_tlv(0x87, b"\x01" + cryptogram)
        body += encode_tlv(0x99, resp.sw.to_bytes(2, "big"))
        mac = sm.mac(bac_crypto.pad(ssc + body, sm.block))
        if self.faults.bad_response_mac:
            mac = bytes([mac[0] ^ 0xFF]) + mac[1:]
        body += encode_tlv(0x8E, mac)
        return body + resp.sw.to_bytes(2, "big")

    def _secured(self, cmd: Command, *, extended: bool) -> Response:
        if cmd.ins == INS_SELECT:
            if cmd.p1 == 0x04:
                self._app_selected = cmd.data == EMRTD_AID
                self._current = None
                return Response(b"", SW_OK if self._app_selected else SW_FILE_NOT_FOUND)
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
            return self._read_binary(cmd, extended=extended)
        if cmd.ins == INS_MSE and (cmd.p1, cmd.p2) == (0x41, 0xA4) and self._app_selected:
            self._ca_ready = Fid.DG14 in self._files
            return Response(b"", SW_OK if self._ca_ready else 0x6A88)
        if cmd.ins == INS_GENERAL_AUTHENTICATE and self._ca_ready:
            return self._chip_authenticate(cmd)
        if cmd.ins == INS_INTERNAL_AUTHENTICATE and self._app_selected:
            return self._active_authenticate(cmd)
        return Response(b"", SW_INS_NOT_SUPPORTED)

    # -- chip authenticity ---------------------------------------------------------------

    def _chip_authenticate(self, cmd: Command) -> Response:
        self._ca_ready = False
        if self._keys is None:
            return Response(b"", SW_INS_NOT_SUPPORTED)
        try:
            outer = next(iter_tlv(cmd.data))
            point = next(o.value for o in iter_tlv(outer.value) if o.tag == 0x80)
            public = ec.EllipticCurvePublicKey.from_encoded_point(self._keys.ca.curve, point)
        except (CorruptDataError, StopIteration, ValueError):
            return Response(b"", 0x6A80)
        secret = self._keys.ca.exchange(ec.ECDH(), public)
        self._switch_to = make_cipher("AES", secret)
        return Response(encode_tlv(0x7C, b""), SW_OK)

    def _active_authenticate(self, cmd: Command) -> Response:
        if self._keys is None or Fid.DG15 not in self._files or len(cmd.data) != 8:
            return Response(b"", SW_INS_NOT_SUPPORTED)
        key = self._keys.aa
        if isinstance(key, ec.EllipticCurvePrivateKey):
            r, s = decode_dss_signature(key.sign(cmd.data, ec.ECDSA(hashes.SHA256())))
            size = (key.curve.key_size + 7) // 8
            return Response(r.to_bytes(size, "big") + s.to_bytes(size, "big"), SW_OK)
        return Response(_iso9796_2_sign(key, cmd.data, self._random), SW_OK)

    # -- files ---------------------------------------------------------------------------

    def _target(self, cmd: Command) -> int | None:
        if cmd.p1 & 0x80:  # short file identifier in P1, offset in P2
            return 0x0100 | (cmd.p1 & 0x1F) if self.features.sfi else None
        return self._current

    def _read_binary(
        self, cmd: Command, *, extended: bool = False, plain: bool = False
    ) -> Response:
        fid = self._target(cmd)
        if fid is None:
            return Response(b"", 0x6986)  # no current EF (or no SFI support)
        if fid == Fid.DG3:
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        if fid not in self._files:
            return Response(b"", SW_FILE_NOT_FOUND)
        self._current = fid
        self.reads += 1
        limit = self.faults.remove_after_reads
        if limit is not None and self.reads > limit:
            raise CardRemoved
        le = cmd.le or 256
        wrong_above = self.faults.wrong_length_above
        if wrong_above is not None and le > wrong_above:
            return Response(b"", SW_WRONG_LENGTH)
        content = self._files[fid]
        offset = cmd.p2 if cmd.p1 & 0x80 else (cmd.p1 << 8) | cmd.p2
        if offset > len(content):
            return Response(b"", 0x6B00)
        if extended:
            most = self.features.extended_read
        elif plain or self._sm is None:
            most = 256
        else:
            most = max_short_read(self._sm.block)
        count = min(le, most)
        if self.faults.max_read is not None:
            count = min(count, self.faults.max_read)
        chunk = content[offset : offset + count]
        if len(chunk) < le and offset + len(chunk) >= len(content):
            return Response(chunk, SW_END_OF_FILE)
        return Response(chunk, SW_OK)


def _iso9796_2_sign(
    key: rsa.RSAPrivateKey, challenge: bytes, random: Callable[[int], bytes]
) -> bytes:
    """ISO/IEC 9796-2 scheme 1, partial recovery, SHA-1 (trailer BC) - as eMRTD RSA AA keys do."""
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    k = (n.bit_length() + 7) // 8
    m1 = random(k - 20 - 2)
    block = b"\x6a" + m1 + hashlib.sha1(m1 + challenge).digest() + b"\xbc"
    return pow(int.from_bytes(block, "big"), d, n).to_bytes(k, "big")
