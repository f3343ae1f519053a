"""Opening the chip for one read: PACE with the CAN where the card offers it, else BAC.

The order the best eMRTD readers use: EF.CardAccess (by SFI, unprotected) says whether the
card does PACE. When it does: PACE with the CAN (the last 6 digits of the ID number), then
SELECT the eMRTD application under secure messaging. No EF.CardAccess, or PACE refused: BAC
with each candidate expiry (BAC needs the birth date). The channel ends up secure, with the
eMRTD application selected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from kiosk.card.access import pace
from kiosk.card.access.bac import BacKeys
from kiosk.card.access.bac import authenticate as bac_authenticate
from kiosk.card.access.keys import candidate_expiry_dates
from kiosk.card.access.pace import PacePassword
from kiosk.card.api import AccessKeys, AccessMethod
from kiosk.card.encoding.mrz import cccd_mrz_information
from kiosk.card.errors import (
    AccessDeniedError,
    CardStatusError,
    CorruptDataError,
    DatesNeededError,
    PaceRefusedError,
    UnsupportedCardError,
    WrongIdNumberError,
)
from kiosk.card.lds.file_reader import FileNotFoundOnCard, FileReader
from kiosk.card.lds.files import Fid
from kiosk.card.lds.security_infos import SecurityInfos, parse_security_infos
from kiosk.card.transport.apdu import SW_FILE_NOT_FOUND, SW_INS_NOT_SUPPORTED, SW_OK, select_aid
from kiosk.card.transport.channel import ApduChannel
from kiosk.card.transport.connection import Transport

log = logging.getLogger(__name__)

#: answers to SELECT eMRTD AID that mean "not an eMRTD"
_NOT_EMRTD = {SW_FILE_NOT_FOUND, SW_INS_NOT_SUPPORTED, 0x6A86, 0x6E00}
#: answers that mean "not in this state" (an application still selected, a session open)
_WRONG_STATE = {0x6982, 0x6985, 0x6986, 0x6987, 0x6988}


class ChipOpener:
    """Opens the chip on one connection, as often as the read needs; counts the attempts."""

    def __init__(
        self,
        transport: Transport,
        channel: ApduChannel,
        *,
        use_pace: bool,
        random: Callable[[int], bytes],
        today: Callable[[], date],
    ) -> None:
        self._transport = transport
        self._channel = channel
        self._use_pace = use_pace
        self._random = random
        self._today = today
        self.pace_attempts = 0
        self.bac_attempts = 0

    def open(self, keys: AccessKeys) -> AccessMethod:
        """PACE with the CAN where the card offers it, else BAC; the application is selected."""
        channel = self._channel
        infos = self._card_access() if self._use_pace else None
        info = infos.best_pace() if infos is not None else None
        if info is not None:
            self.pace_attempts += 1
            try:
                session = pace.authenticate(
                    channel.send,
                    info,
                    PacePassword("can", keys.card_access_number),
                    self._random,
                    name_parameters=infos is not None and len(infos.pace) > 1,
                )
                channel.secure = session.channel
                self._select_application()
                return AccessMethod.PACE
            except PaceRefusedError as exc:
                log.info("PACE refused (%s): BAC", exc.detail)
            except WrongIdNumberError:
                if not keys.allows_bac:
                    raise
                log.info("PACE with the CAN refused: BAC with the dates")
            self.restart()
        if not keys.allows_bac:
            raise DatesNeededError("the card does not do PACE; BAC needs the birth date")
        self._bac(keys, fresh=info is None)
        return AccessMethod.BAC

    def restart(self) -> None:
        """Reset the card: its session ends and the channel is plain again."""
        self._transport.reset()
        self._channel.secure = None

    def _select_application(self) -> None:
        resp = self._channel.send(select_aid())
        if resp.sw in _NOT_EMRTD:
            raise UnsupportedCardError(f"SELECT eMRTD AID SW={resp.sw:04X}")
        if resp.sw != SW_OK:
            raise CardStatusError(resp.sw, "SELECT eMRTD AID")

    def _card_access(self) -> SecurityInfos | None:
        """EF.CardAccess from the master file, or None when the card has none (BAC only).

        A card left in its application by an earlier connection refuses the file (6982 and
        the like): it is reset once and asked again.
        """
        for attempt in range(2):
            try:
                raw = FileReader(self._channel, 0xFF).read(Fid.CARD_ACCESS)
                return parse_security_infos(raw)
            except (FileNotFoundOnCard, CorruptDataError):
                return None
            except CardStatusError as exc:
                if attempt == 0 and exc.sw in _WRONG_STATE:
                    log.info("EF.CardAccess refused (SW=%04X): resetting the card", exc.sw)
                    self.restart()
                    continue
                log.info("EF.CardAccess not readable (SW=%04X): BAC", exc.sw)
                return None
        return None

    def _bac(self, keys: AccessKeys, *, fresh: bool) -> None:
        """BAC with each candidate expiry, each on a fresh session; wrong keys are fatal only
        when every candidate failed."""
        dob = keys.date_of_birth
        assert dob is not None
        candidates = (
            [keys.expiry_date]
            if keys.expiry_date is not None
            else candidate_expiry_dates(dob, today=self._today())
        )
        for i, expiry in enumerate(candidates):
            if i > 0 or not fresh:
                if i > 0:
                    self._transport.reset()
                self._channel.secure = None
            self._select_application()
            info = cccd_mrz_information(keys.id_number, dob, expiry)
            self.bac_attempts += 1
            try:
                session = bac_authenticate(
                    self._channel.send, BacKeys.from_mrz_information(info), self._random
                )
            except AccessDeniedError:
                log.info("BAC refused (candidate %d of %d)", i + 1, len(candidates))
                continue
            self._channel.secure = session.channel
            return
        raise AccessDeniedError(f"BAC refused for {len(candidates)} candidate key(s)")
