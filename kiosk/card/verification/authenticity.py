"""Whether the chip is genuine, checked during the read (before DG1 is read).

With DG14: Chip Authentication (new session keys; only a chip that holds the key can answer
the next protected command, so the reader checks that answer). Else with DG15: Active
Authentication (the chip signs a challenge). Neither: not supported. DG14 and DG15 are used
before passive authentication, so their hashes are checked against the SOD here.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable

from kiosk.card.api import ChipAuthenticity
from kiosk.card.errors import ChipNotGenuineError, CorruptDataError, IntegrityError
from kiosk.card.lds.file_reader import FileReader
from kiosk.card.lds.files import Fid
from kiosk.card.lds.security_infos import parse_dg14
from kiosk.card.lds.sod import Sod
from kiosk.card.transport.channel import ApduChannel
from kiosk.card.verification import active_auth, chip_auth
from kiosk.card.verification.passive_auth import digest

log = logging.getLogger(__name__)


class AuthenticityCheck:
    """Runs chip or active authentication; ``refuse_not_genuine`` False records the failure
    instead of raising :class:`ChipNotGenuineError` (technician diagnostics only)."""

    def __init__(self, *, refuse_not_genuine: bool, random: Callable[[int], bytes]) -> None:
        self._refuse_not_genuine = refuse_not_genuine
        self._random = random

    def run(
        self, files: FileReader, channel: ApduChannel, sod: Sod, raw: dict[int, bytes]
    ) -> tuple[ChipAuthenticity, str, bool]:
        """(outcome, method, pending). ``pending``: CA ran and the next answer must verify.

        The data groups read (14, 15) are added to ``raw``.
        """
        if 14 in sod.dg_hashes:
            raw[14] = files.read(Fid.DG14)
            check_hash(sod, 14, raw[14])
            try:
                pair = parse_dg14(raw[14]).chip_auth_pair()
            except CorruptDataError:
                pair = None
            if pair is not None:
                assert channel.secure is not None
                try:
                    channel.secure = chip_auth.authenticate(channel.send, *pair, self._random)
                except ChipNotGenuineError as exc:
                    return self.not_genuine(exc.detail), "CA", False
                return ChipAuthenticity.GENUINE, "CA", True
        if 15 in sod.dg_hashes:
            return self._active_authentication(files, channel, sod, raw), "AA", False
        return ChipAuthenticity.NOT_SUPPORTED, "", False

    def not_genuine(self, detail: str) -> ChipAuthenticity:
        """Raise, or (diagnostics) log and return ``NOT_GENUINE``."""
        if self._refuse_not_genuine:
            raise ChipNotGenuineError(detail)
        log.warning("chip authenticity failed: %s", detail)
        return ChipAuthenticity.NOT_GENUINE

    def _active_authentication(
        self, files: FileReader, channel: ApduChannel, sod: Sod, raw: dict[int, bytes]
    ) -> ChipAuthenticity:
        raw[15] = files.read(Fid.DG15)
        check_hash(sod, 15, raw[15])
        ecdsa_hash = ""
        if 14 in raw:
            try:
                ecdsa_hash = parse_dg14(raw[14]).active_auth_hash
            except CorruptDataError:
                ecdsa_hash = ""
        challenge = self._random(active_auth.CHALLENGE_LENGTH)
        resp = channel.send(active_auth.internal_authenticate(challenge))
        if not resp.ok:
            return self.not_genuine(f"INTERNAL AUTHENTICATE SW={resp.sw:04X}")
        spki = active_auth.dg15_public_key(raw[15])
        if not active_auth.verify(spki, challenge, resp.data, ecdsa_hash):
            return self.not_genuine("active authentication signature does not verify")
        return ChipAuthenticity.GENUINE


def check_hash(sod: Sod, number: int, data: bytes) -> None:
    """A data group used before passive authentication (DG14, DG15) must match the SOD now."""
    expected = sod.dg_hashes.get(number, b"")
    if not hmac.compare_digest(digest(sod.hash_algorithm, data), expected):
        raise IntegrityError(f"DG{number} hash mismatch")
