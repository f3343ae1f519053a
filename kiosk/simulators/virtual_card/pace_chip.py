"""The virtual card's side of PACE (ECDH generic mapping): MSE:Set AT and the four
GENERAL AUTHENTICATE steps. On success :attr:`PaceChip.cipher` holds the session keys."""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Mapping, Sequence

from kiosk.card.crypto import ec, pace_crypto
from kiosk.card.crypto.sm_cipher import SmCipher, make_cipher
from kiosk.card.encoding.oid import oid_dotted
from kiosk.card.encoding.tlv import encode_tlv, iter_tlv, read_tlv
from kiosk.card.errors import CorruptDataError
from kiosk.card.lds.security_infos import PaceInfo
from kiosk.card.transport.apdu import SW_OK, Command, Response

SW_AUTH_FAILED = 0x6300
SW_CONDITIONS = 0x6985
SW_WRONG_DATA = 0x6A80
SW_REF_NOT_FOUND = 0x6A88
_REFS: dict[int, pace_crypto.PasswordKind] = {1: "mrz", 2: "can"}


class PaceChip:
    """PACE state of one card session."""

    def __init__(
        self,
        infos: Sequence[PaceInfo],
        passwords: Mapping[str, str],
        *,
        random: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._infos = list(infos)
        self._passwords = dict(passwords)
        self._random = random
        self.cipher: SmCipher | None = None
        self.reset()

    def reset(self) -> None:
        self._info: PaceInfo | None = None
        self._password = ""
        self._kind: pace_crypto.PasswordKind = "can"
        self._step = 0
        self._nonce = b""
        self._mapped: ec.Curve | None = None
        self._pending: SmCipher | None = None
        self._public: tuple[int, int] | None = None
        self._terminal_public: tuple[int, int] | None = None
        self.cipher = None

    def command(self, cmd: Command) -> Response:
        try:
            if cmd.ins == 0x22:
                return self._mse(cmd)
            return self._general_authenticate(cmd)
        except (CorruptDataError, ValueError, IndexError):
            self.reset()
            return Response(b"", SW_WRONG_DATA)

    def _mse(self, cmd: Command) -> Response:
        self.reset()
        objects = {o.tag: o for o in iter_tlv(cmd.data)}
        if 0x80 not in objects or 0x83 not in objects:
            return Response(b"", SW_WRONG_DATA)
        protocol = oid_dotted(
            read_tlv(b"\x06" + bytes([len(objects[0x80].value)]) + objects[0x80].value)
        )
        param = objects[0x84].value[0] if 0x84 in objects else None
        matches = [
            i for i in self._infos if i.protocol == protocol and param in (None, i.parameter_id)
        ]
        kind = _REFS.get(objects[0x83].value[0])
        if not matches or kind is None or kind not in self._passwords:
            return Response(b"", SW_REF_NOT_FOUND)
        self._info, self._kind, self._password = matches[0], kind, self._passwords[kind]
        return Response(b"", SW_OK)

    def _general_authenticate(self, cmd: Command) -> Response:
        info = self._info
        if info is None or info.curve is None:
            return Response(b"", SW_CONDITIONS)
        outer = read_tlv(cmd.data)
        inner = {o.tag: o.value for o in iter_tlv(outer.value)}
        curve = info.curve
        cipher_name, key_bits = info.cipher
        chained = bool(cmd.cla & 0x10)
        step = self._step
        self._step += 1
        if step == 0 and chained and not inner:
            self._nonce = self._random(pace_crypto.nonce_length(cipher_name))
            k_pi = pace_crypto.password_key(self._kind, self._password, cipher_name, key_bits)
            z = pace_crypto.encrypt_nonce(k_pi, self._nonce, cipher_name)
            return _dynamic(0x80, z)
        if step == 1 and chained and 0x81 in inner:
            terminal_map = curve.decode_point(inner[0x81])
            sk_map = pace_crypto.random_scalar(curve, self._random)
            public_map = curve.multiply_g(sk_map)
            self._mapped = pace_crypto.map_generator(
                curve, self._nonce, curve.multiply(sk_map, terminal_map)
            )
            return _dynamic(0x82, curve.encode_point(public_map))
        if step == 2 and chained and 0x83 in inner and self._mapped is not None:
            mapped = self._mapped
            self._terminal_public = mapped.decode_point(inner[0x83])
            sk = pace_crypto.random_scalar(mapped, self._random)
            self._public = mapped.multiply(sk, mapped.g)
            if self._public is None or self._public == self._terminal_public:
                raise ValueError("degenerate key")
            secret = pace_crypto.shared_x(mapped, sk, self._terminal_public)
            self._pending = make_cipher(cipher_name, secret, key_bits)
            return _dynamic(0x84, mapped.encode_point(self._public))
        if step == 3 and not chained and 0x85 in inner and self._pending is not None:
            assert self._mapped is not None
            assert self._public is not None
            assert self._terminal_public is not None
            mac_key = self._pending.ks_mac
            expected = pace_crypto.auth_token(
                cipher_name, mac_key, info.protocol, self._mapped, self._public
            )
            if not hmac.compare_digest(inner[0x85], expected):
                self.reset()
                return Response(b"", SW_AUTH_FAILED)
            token = pace_crypto.auth_token(
                cipher_name, mac_key, info.protocol, self._mapped, self._terminal_public
            )
            pending = self._pending
            self.reset()
            self.cipher = pending
            return _dynamic(0x86, token)
        self.reset()
        return Response(b"", SW_CONDITIONS)


def _dynamic(tag: int, value: bytes) -> Response:
    return Response(encode_tlv(0x7C, encode_tlv(tag, value)), SW_OK)
