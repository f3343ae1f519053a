"""The chip reader: connect, open the chip (PACE, else BAC), prove the chip genuine, read, verify.

:class:`ChipReader` implements :class:`kiosk.card.api.CardReader`. It is blocking and runs on
the card thread (``CardService``); the connector gives it a fresh transport for every read.

The order of one read, as the best eMRTD readers do it:

1. Open the chip: PACE with the CAN where EF.CardAccess offers it, else BAC
   (:mod:`kiosk.card.access.opening`).
2. EF.SOD - its hash list says which data groups exist, so EF.COM is not read.
3. Chip authenticity: with DG14, Chip Authentication (new session keys; the next protected
   answer proves the chip holds the key); else with DG15, Active Authentication
   (:mod:`kiosk.card.verification.authenticity`).
4. DG1, DG13 (and DG2 when asked and present), then passive authentication.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kiosk.card.access.opening import ChipOpener
from kiosk.card.api import (
    AccessKeys,
    AccessMethod,
    CardReadResult,
    CheckOutcome,
    ChipAuthenticity,
    ProgressCallback,
    ReadStage,
)
from kiosk.card.errors import (
    CardError,
    CardStatusError,
    CardTimeoutError,
    IntegrityError,
    UnsupportedCardError,
)
from kiosk.card.generation import recognise
from kiosk.card.identity import identity_from
from kiosk.card.lds.dg1 import Td1, parse_dg1
from kiosk.card.lds.dg2 import parse_dg2
from kiosk.card.lds.dg13 import parse_dg13
from kiosk.card.lds.file_reader import EXTENDED_CHUNK, FileReader
from kiosk.card.lds.files import Fid, sfi
from kiosk.card.lds.sod import Sod, parse_sod
from kiosk.card.read_stats import ReadStats, StepRecorder
from kiosk.card.transport.channel import ApduChannel
from kiosk.card.transport.connection import Connector, Transport
from kiosk.card.transport.secure_messaging import max_short_read
from kiosk.card.verification.authenticity import AuthenticityCheck
from kiosk.card.verification.passive_auth import passive_authentication
from kiosk.card.verification.trust_store import TrustStore

log = logging.getLogger(__name__)


class ChipReader:
    """Reads a Vietnamese chip ID card (both generations) through a :class:`Connector`.

    ``refuse_not_genuine`` False keeps a chip that fails chip authenticity readable with
    ``ChipAuthenticity.NOT_GENUINE`` in the result (technician diagnostics only).
    """

    def __init__(
        self,
        connector: Connector,
        trust_store: TrustStore | None = None,
        *,
        connect_timeout_s: float = 10.0,
        chunk: int | None = None,
        use_extended_length: bool | None = None,
        use_pace: bool = True,
        check_chip: bool = True,
        refuse_not_genuine: bool = True,
        random: Callable[[int], bytes] = os.urandom,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._connector = connector
        self._trust = trust_store
        self._connect_timeout_s = connect_timeout_s
        self._chunk = chunk
        self._use_extended = use_extended_length
        self._use_pace = use_pace
        self._check_chip = check_chip
        self._refuse_not_genuine = refuse_not_genuine
        self._random = random
        self._today = today
        self._cancelled = threading.Event()
        self.last_stats = ReadStats()

    def cancel(self) -> None:
        """Stop the read in progress before its next APDU (called from another thread).

        The read then fails with CardTimeoutError, resets the card and frees the card thread.
        """
        self._cancelled.set()

    def read(
        self, keys: AccessKeys, progress: ProgressCallback, *, read_face: bool = False
    ) -> CardReadResult:
        self._cancelled = threading.Event()
        progress(ReadStage.WAITING_FOR_CARD)
        transport = self._connector.connect(self._connect_timeout_s)
        cancelled = self._cancelled
        try:
            return self._read(transport, keys, progress, read_face, cancelled)
        finally:
            if cancelled.is_set():
                try:  # the card may hold a half-done session: a fresh one for the next read
                    transport.reset()
                except CardError:
                    log.debug("resetting the card after a cancelled read failed", exc_info=True)
            try:
                transport.close()
            except CardError:
                log.debug("closing the card connection failed", exc_info=True)

    def _read(
        self,
        transport: Transport,
        keys: AccessKeys,
        progress: ProgressCallback,
        read_face: bool,
        cancelled: threading.Event,
    ) -> CardReadResult:
        stats = ReadStats()
        self.last_stats = stats
        channel = ApduChannel(transport, cancelled)
        opener = ChipOpener(
            transport, channel, use_pace=self._use_pace, random=self._random, today=self._today
        )
        extended = self._use_extended
        if extended is None:
            extended = transport.extended_length
        state = _ReadState()
        try:
            self._read_files(
                state, stats, opener=opener, channel=channel, keys=keys,
                progress=progress, read_face=read_face, extended=extended,
            )  # fmt: skip
        except CardError as exc:
            if cancelled.is_set() and not isinstance(exc, CardTimeoutError):
                raise CardTimeoutError(f"read cancelled: {exc.code}") from exc
            raise
        finally:
            stats.apdus = channel.count
            stats.protected_apdus = channel.protected_count
            stats.engine_ns = channel.engine_ns
            stats.chunk = state.files.chunk if state.files is not None else 0
            stats.pace_attempts = opener.pace_attempts
            stats.bac_attempts = opener.bac_attempts
        stats.bytes_read = channel.bytes_in
        progress(ReadStage.VERIFYING)
        sod, raw = state.sod, state.raw
        assert sod is not None
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
            meta=_meta(stats, state.method, extended, sod, td1),
            access_method=state.method,
            chip_authenticity=state.authenticity,
            chip_auth_method=state.auth_method,
            generation=recognise(identity.issue_date, td1.document_code),
            has_photo=2 in sod.dg_hashes,
        )

    def _read_files(
        self,
        state: _ReadState,
        stats: ReadStats,
        *,
        opener: ChipOpener,
        channel: ApduChannel,
        keys: AccessKeys,
        progress: ProgressCallback,
        read_face: bool,
        extended: bool,
    ) -> None:
        step = StepRecorder(channel, stats)
        authenticity = AuthenticityCheck(
            refuse_not_genuine=self._refuse_not_genuine, random=self._random
        )
        raw = state.raw
        progress(ReadStage.AUTHENTICATING)
        with step("access"):
            state.method = opener.open(keys)
        assert channel.secure is not None
        channel.extended = extended
        chunk = self._chunk or (
            EXTENDED_CHUNK if extended else max_short_read(channel.secure.block)
        )
        files = state.files = FileReader(channel, chunk)
        progress(ReadStage.READING)
        with step("SOD"):
            sod = state.sod = parse_sod(files.read(Fid.SOD))
        if 13 not in sod.dg_hashes:
            raise UnsupportedCardError("the SOD does not list DG13")
        pending = False
        if self._check_chip:
            with step("chip authentication"):
                state.authenticity, state.auth_method, pending = authenticity.run(
                    files, channel, sod, raw
                )
        with step("DG1"):
            try:
                raw[1] = files.read(Fid.DG1)
            except (IntegrityError, CardStatusError) as exc:
                if not pending:
                    raise
                # the first answer under the CA keys does not verify: the chip lacks the key
                state.authenticity = authenticity.not_genuine(
                    f"no valid answer after CA: {exc.detail}"
                )
                # diagnostics mode only: open the chip again, without CA, and read on
                opener.restart()
                opener.open(keys)
                channel.extended = extended
                raw[1] = files.read(Fid.DG1)
        with step("DG13"):
            raw[13] = files.read(Fid.DG13)
        if read_face and 2 in sod.dg_hashes:
            with step("DG2"):
                raw[2] = files.read(Fid.DG2)


@dataclass
class _ReadState:
    method: AccessMethod = AccessMethod.BAC
    files: FileReader | None = None
    sod: Sod | None = None
    authenticity: ChipAuthenticity = ChipAuthenticity.NOT_SUPPORTED
    auth_method: str = ""
    raw: dict[int, bytes] = field(default_factory=dict)


def _meta(
    stats: ReadStats, method: AccessMethod, extended: bool, sod: Sod, td1: Td1
) -> dict[str, str]:
    return {
        "access": method.value,
        "bac_attempts": str(stats.bac_attempts),
        "pace_attempts": str(stats.pace_attempts),
        "chunk": str(stats.chunk),
        "extended_length": str(extended).lower(),
        "data_groups": ",".join(str(n) for n in sorted(sod.dg_hashes)),
        "document_code": td1.document_code,
        "sfi": str(sfi(Fid.SOD)),
    }
