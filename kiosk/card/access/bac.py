"""Basic Access Control, terminal side (ICAO 9303-11 §4.3, Appendix D.3)."""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.card.crypto import bac_crypto
from kiosk.card.errors import AccessDeniedError, CardStatusError, IntegrityError
from kiosk.card.transport.apdu import (
    INS_EXTERNAL_AUTHENTICATE,
    INS_GET_CHALLENGE,
    SW_AUTH_FAILED,
    SW_SECURITY_NOT_SATISFIED,
    Command,
    Response,
)
from kiosk.card.transport.secure_messaging import SecureChannel

Send = Callable[[Command], Response]
RandomSource = Callable[[int], bytes]

#: status words a card gives for a wrong MRZ key ("authentication failed", "conditions")
_AUTH_REFUSED = {SW_AUTH_FAILED, SW_SECURITY_NOT_SATISFIED, 0x6988, 0x6A80}


@dataclass(frozen=True)
class BacKeys:
    k_enc: bytes
    k_mac: bytes

    @classmethod
    def from_mrz_information(cls, mrz_information: str) -> BacKeys:
        k_enc, k_mac = bac_crypto.session_keys(bac_crypto.key_seed(mrz_information))
        return cls(k_enc, k_mac)


@dataclass(frozen=True)
class BacSession:
    """The outcome of a mutual authentication (kept for tests and the worked example)."""

    channel: SecureChannel
    rnd_ic: bytes
    rnd_ifd: bytes
    k_ifd: bytes
    k_ic: bytes


def get_challenge() -> Command:
    return Command(0x00, INS_GET_CHALLENGE, 0x00, 0x00, le=8)


def external_authenticate(cmd_data: bytes) -> Command:
    return Command(0x00, INS_EXTERNAL_AUTHENTICATE, 0x00, 0x00, cmd_data, le=40)


def authenticate(send: Send, keys: BacKeys, random: RandomSource = os.urandom) -> BacSession:
    """Run GET CHALLENGE + EXTERNAL AUTHENTICATE and return the secure channel.

    Raises AccessDeniedError when the card refuses the key (wrong ID number or dates).
    """
    challenge = send(get_challenge())
    if not challenge.ok or len(challenge.data) != 8:
        raise CardStatusError(challenge.sw, "GET CHALLENGE")
    rnd_ic = challenge.data
    rnd_ifd = random(8)
    k_ifd = random(16)
    e_ifd = bac_crypto.encrypt(keys.k_enc, rnd_ifd + rnd_ic + k_ifd)
    m_ifd = bac_crypto.retail_mac(keys.k_mac, bac_crypto.pad(e_ifd))
    resp = send(external_authenticate(e_ifd + m_ifd))
    if resp.sw in _AUTH_REFUSED:
        raise AccessDeniedError(f"EXTERNAL AUTHENTICATE SW={resp.sw:04X}")
    if not resp.ok:
        raise CardStatusError(resp.sw, "EXTERNAL AUTHENTICATE")
    if len(resp.data) != 40:
        raise IntegrityError("EXTERNAL AUTHENTICATE answer is not 40 bytes")
    e_ic, m_ic = resp.data[:32], resp.data[32:]
    if not hmac.compare_digest(m_ic, bac_crypto.retail_mac(keys.k_mac, bac_crypto.pad(e_ic))):
        raise IntegrityError("EXTERNAL AUTHENTICATE MAC does not verify")
    plain = bac_crypto.decrypt(keys.k_enc, e_ic)
    if plain[:8] != rnd_ic or plain[8:16] != rnd_ifd:
        raise IntegrityError("card did not echo the challenges")
    k_ic = plain[16:32]
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    ks_enc, ks_mac = bac_crypto.session_keys(seed)
    ssc = int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big")
    return BacSession(SecureChannel(ks_enc, ks_mac, ssc), rnd_ic, rnd_ifd, k_ifd, k_ic)
