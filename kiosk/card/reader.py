"""The chip reader: connect, BAC (trying each candidate expiry), read, parse, verify.

:class:`ChipReader` implements :class:`kiosk.card.api.CardReader`. It is blocking and runs on
the card thread (``CardService``); the connector gives it a fresh transport for every read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.card.access import candidate_expiry_dates
from kiosk.card.apdu import SW_FILE_NOT_FOUND, SW_INS_NOT_SUPPORTED, SW_OK, select_aid
from kiosk.card.api import AccessKeys, CardReadResult, CheckOutcome, ProgressCallback, ReadStage
from kiosk.card.bac import BacKeys, authenticate
from kiosk.card.channel import ApduChannel
from kiosk.card.dg1 import parse_dg1
from kiosk.card.dg2 import parse_dg2
from kiosk.card.dg13 import parse_dg13
from kiosk.card.efcom import parse_com
from kiosk.card.errors import (
    AccessDeniedError,
    CardError,
    CardStatusError,
    IntegrityError,
    UnsupportedCardError,
)
from kiosk.card.file_reader import DEFAULT_CHUNK, FileReader
from kiosk.card.identity import identity_from
from kiosk.card.lds import Fid
from kiosk.card.mrz import cccd_mrz_information
from kiosk.card.passive_auth import passive_authentication
from kiosk.card.sod import parse_sod
from kiosk.card.transport import Connector, Transport
from kiosk.card.trust_store import TrustStore

log = logging.getLogger(__name__)


@dataclass
class ReadStats:
    """Figures of the last read (for the technician view and the benchmark)."""

    apdus: int = 0
    protected_apdus: int = 0
    engine_ns: int = 0
    bac_attempts: int = 0
    chunk: int = 0
    bytes_read: int = 0


class ChipReader:
    """Reads a CCCD through whatever :class:`Connector` it is given."""

    def __init__(
        self,
        connector: Connector,
        trust_store: TrustStore | None = None,
        *,
        connect_timeout_s: float = 10.0,
        chunk: int = DEFAULT_CHUNK,
        use_extended_length: bool | None = None,
        random: Callable[[int], bytes] = os.urandom,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._connector = connector
        self._trust = trust_store
        self._connect_timeout_s = connect_timeout_s
        self._chunk = chunk
        self._use_extended = use_extended_length
        self._random = random
        self._today = today
        self.last_stats = ReadStats()

    def read(
        self, keys: AccessKeys, progress: ProgressCallback, *, read_face: bool = False
    ) -> CardReadResult:
        progress(ReadStage.WAITING_FOR_CARD)
        transport = self._connector.connect(self._connect_timeout_s)
        try:
            return self._read(transport, keys, progress, read_face)
        finally:
            try:
                transport.close()
            except CardError:
                log.debug("closing the card connection failed", exc_info=True)

    # -- steps ---------------------------------------------------------------------------

    def _expiries(self, keys: AccessKeys) -> list[date]:
        if keys.expiry_date is not None:
            return [keys.expiry_date]
        return candidate_expiry_dates(keys.date_of_birth, today=self._today())

    def _select_application(self, channel: ApduChannel) -> None:
        resp = channel.send(select_aid())
        if resp.sw in (SW_FILE_NOT_FOUND, SW_INS_NOT_SUPPORTED, 0x6A86, 0x6E00):
            raise UnsupportedCardError(f"SELECT eMRTD AID SW={resp.sw:04X}")
        if resp.sw != SW_OK:
            raise CardStatusError(resp.sw, "SELECT eMRTD AID")

    def _authenticate(
        self, transport: Transport, channel: ApduChannel, keys: AccessKeys, stats: ReadStats
    ) -> None:
        """BAC with each candidate expiry, each on a fresh session; wrong keys are fatal only
        when every candidate failed."""
        candidates = self._expiries(keys)
        for i, expiry in enumerate(candidates):
            if i > 0:
                transport.reset()
                channel.secure = None
            self._select_application(channel)
            info = cccd_mrz_information(keys.id_number, keys.date_of_birth, expiry)
            stats.bac_attempts += 1
            try:
                session = authenticate(
                    channel.send, BacKeys.from_mrz_information(info), self._random
                )
            except AccessDeniedError:
                log.info("BAC refused (candidate %d of %d)", i + 1, len(candidates))
                continue
            channel.secure = session.channel
            return
        raise AccessDeniedError(f"BAC refused for {len(candidates)} candidate key(s)")

    def _read(
        self,
        transport: Transport,
        keys: AccessKeys,
        progress: ProgressCallback,
        read_face: bool,
    ) -> CardReadResult:
        stats = ReadStats()
        self.last_stats = stats
        channel = ApduChannel(transport)
        extended = self._use_extended
        if extended is None:
            extended = transport.extended_length
        progress(ReadStage.AUTHENTICATING)
        self._authenticate(transport, channel, keys, stats)
        channel.extended = extended
        progress(ReadStage.READING)
        files = FileReader(channel, chunk=0x400 if extended else self._chunk)
        try:
            raw_com = files.read(Fid.COM)
            com = parse_com(raw_com)
            raw: dict[int, bytes] = {}
            raw_sod = files.read(Fid.SOD)
            raw[1] = files.read(Fid.DG1)
            if 13 not in com.data_groups:
                raise UnsupportedCardError("EF.COM does not list DG13")
            raw[13] = files.read(Fid.DG13)
            if read_face and 2 in com.data_groups:
                raw[2] = files.read(Fid.DG2)
        finally:
            stats.apdus = channel.count
            stats.protected_apdus = channel.protected_count
            stats.engine_ns = channel.engine_ns
            stats.chunk = files.chunk
        stats.bytes_read = sum(len(v) for v in raw.values()) + len(raw_sod) + len(raw_com)
        progress(ReadStage.VERIFYING)
        sod = parse_sod(raw_sod)
        pa = passive_authentication(sod, raw, self._trust)
        if pa.data_group_hashes is CheckOutcome.INVALID:
            raise IntegrityError(f"passive authentication: {pa.detail}")
        td1 = parse_dg1(raw[1])
        identity = identity_from(parse_dg13(raw[13]), td1)
        face = parse_dg2(raw[2]) if 2 in raw else None
        progress(ReadStage.DONE)
        return CardReadResult(
            identity=identity,
            passive_auth=pa,
            face_image=face.data if face else None,
            face_format=face.format if face else "",
            atr=transport.atr,
            apdu_count=channel.count,
            meta={
                "lds_version": com.lds_version,
                "bac_attempts": str(stats.bac_attempts),
                "chunk": str(files.chunk),
                "extended_length": str(extended).lower(),
            },
        )
