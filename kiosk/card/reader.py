"""The chip reader: connect, open the chip (PACE, else BAC), prove the chip genuine, read, verify.

:class:`ChipReader` implements :class:`kiosk.card.api.CardReader`. It is blocking and runs on
the card thread (``CardService``); the connector gives it a fresh transport for every read.

The order of one read, as the best eMRTD readers do it:

1. EF.CardAccess (by SFI, unprotected). When it offers PACE: PACE with the CAN (the last
   6 digits of the ID number), then SELECT the eMRTD application under secure messaging.
   No EF.CardAccess, or PACE refused: BAC with each candidate expiry (needs the birth date).
2. EF.SOD - its hash list says which data groups exist, so EF.COM is not read.
3. Chip authenticity: with DG14, Chip Authentication (new session keys; the next protected
   answer proves the chip holds the key); else with DG15, Active Authentication.
4. DG1, DG13 (and DG2 when asked and present), then passive authentication.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from kiosk.card.access import pace
from kiosk.card.access.bac import BacKeys
from kiosk.card.access.bac import authenticate as bac_authenticate
from kiosk.card.access.keys import candidate_expiry_dates
from kiosk.card.access.pace import PacePassword
from kiosk.card.api import (
    AccessKeys,
    AccessMethod,
    CardReadResult,
    CheckOutcome,
    ChipAuthenticity,
    ProgressCallback,
    ReadStage,
)
from kiosk.card.encoding.mrz import cccd_mrz_information
from kiosk.card.errors import (
    AccessDeniedError,
    CardError,
    CardStatusError,
    CardTimeoutError,
    ChipNotGenuineError,
    CorruptDataError,
    DatesNeededError,
    IntegrityError,
    PaceRefusedError,
    UnsupportedCardError,
    WrongIdNumberError,
)
from kiosk.card.generation import recognise
from kiosk.card.identity import identity_from
from kiosk.card.lds.dg1 import Td1, parse_dg1
from kiosk.card.lds.dg2 import parse_dg2
from kiosk.card.lds.dg13 import parse_dg13
from kiosk.card.lds.file_reader import EXTENDED_CHUNK, FileNotFoundOnCard, FileReader
from kiosk.card.lds.files import Fid, sfi
from kiosk.card.lds.security_infos import SecurityInfos, parse_dg14, parse_security_infos
from kiosk.card.lds.sod import Sod, parse_sod
from kiosk.card.transport.apdu import SW_FILE_NOT_FOUND, SW_INS_NOT_SUPPORTED, SW_OK, select_aid
from kiosk.card.transport.channel import ApduChannel
from kiosk.card.transport.connection import Connector, Transport
from kiosk.card.transport.secure_messaging import max_short_read
from kiosk.card.verification import active_auth, chip_auth
from kiosk.card.verification.passive_auth import digest, passive_authentication
from kiosk.card.verification.trust_store import TrustStore

log = logging.getLogger(__name__)

#: answers to SELECT eMRTD AID that mean "not an eMRTD"
_NOT_EMRTD = {SW_FILE_NOT_FOUND, SW_INS_NOT_SUPPORTED, 0x6A86, 0x6E00}
#: answers that mean "not in this state" (an application still selected, a session open)
_WRONG_STATE = {0x6982, 0x6985, 0x6986, 0x6987, 0x6988}


@dataclass(frozen=True)
class StepStats:
    name: str
    apdus: int
    bytes_read: int
    seconds: float


@dataclass
class ReadStats:
    """Figures of the last read (for the technician view and the benchmark)."""

    apdus: int = 0
    protected_apdus: int = 0
    engine_ns: int = 0
    bac_attempts: int = 0
    pace_attempts: int = 0
    chunk: int = 0
    bytes_read: int = 0
    steps: list[StepStats] = field(default_factory=list)


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

    # -- opening the chip ----------------------------------------------------------------

    def _select_application(self, channel: ApduChannel) -> None:
        resp = channel.send(select_aid())
        if resp.sw in _NOT_EMRTD:
            raise UnsupportedCardError(f"SELECT eMRTD AID SW={resp.sw:04X}")
        if resp.sw != SW_OK:
            raise CardStatusError(resp.sw, "SELECT eMRTD AID")

    def _card_access(self, transport: Transport, channel: ApduChannel) -> SecurityInfos | None:
        """EF.CardAccess from the master file, or None when the card has none (BAC only).

        A card left in its application by an earlier connection refuses the file (6982 and
        the like): it is reset once and asked again.
        """
        for attempt in range(2):
            try:
                raw = FileReader(channel, 0xFF).read(Fid.CARD_ACCESS)
                return parse_security_infos(raw)
            except (FileNotFoundOnCard, CorruptDataError):
                return None
            except CardStatusError as exc:
                if attempt == 0 and exc.sw in _WRONG_STATE:
                    log.info("EF.CardAccess refused (SW=%04X): resetting the card", exc.sw)
                    transport.reset()
                    channel.secure = None
                    continue
                log.info("EF.CardAccess not readable (SW=%04X): BAC", exc.sw)
                return None
        return None

    def _open(
        self, transport: Transport, channel: ApduChannel, keys: AccessKeys, stats: ReadStats
    ) -> AccessMethod:
        """PACE with the CAN where the card offers it, else BAC; the application is selected."""
        infos = self._card_access(transport, channel) if self._use_pace else None
        info = infos.best_pace() if infos is not None else None
        if info is not None:
            stats.pace_attempts += 1
            try:
                session = pace.authenticate(
                    channel.send,
                    info,
                    PacePassword("can", keys.card_access_number),
                    self._random,
                    name_parameters=infos is not None and len(infos.pace) > 1,
                )
                channel.secure = session.channel
                self._select_application(channel)
                return AccessMethod.PACE
            except PaceRefusedError as exc:
                log.info("PACE refused (%s): BAC", exc.detail)
            except WrongIdNumberError:
                if not keys.allows_bac:
                    raise
                log.info("PACE with the CAN refused: BAC with the dates")
            transport.reset()
            channel.secure = None
        if not keys.allows_bac:
            raise DatesNeededError("the card does not do PACE; BAC needs the birth date")
        self._bac(transport, channel, keys, stats, fresh=info is None)
        return AccessMethod.BAC

    def _bac(
        self,
        transport: Transport,
        channel: ApduChannel,
        keys: AccessKeys,
        stats: ReadStats,
        *,
        fresh: bool,
    ) -> None:
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
                    transport.reset()
                channel.secure = None
            self._select_application(channel)
            info = cccd_mrz_information(keys.id_number, dob, expiry)
            stats.bac_attempts += 1
            try:
                session = bac_authenticate(
                    channel.send, BacKeys.from_mrz_information(info), self._random
                )
            except AccessDeniedError:
                log.info("BAC refused (candidate %d of %d)", i + 1, len(candidates))
                continue
            channel.secure = session.channel
            return
        raise AccessDeniedError(f"BAC refused for {len(candidates)} candidate key(s)")

    # -- chip authenticity ---------------------------------------------------------------

    def _chip_authentication(
        self, files: FileReader, channel: ApduChannel, sod: Sod, raw: dict[int, bytes]
    ) -> tuple[ChipAuthenticity, str, bool]:
        """(outcome, method, pending). ``pending``: CA ran and the next answer must verify."""
        if 14 in sod.dg_hashes:
            raw[14] = files.read(Fid.DG14)
            _check_hash(sod, 14, raw[14])
            try:
                pair = parse_dg14(raw[14]).chip_auth_pair()
            except CorruptDataError:
                pair = None
            if pair is not None:
                assert channel.secure is not None
                try:
                    channel.secure = chip_auth.authenticate(channel.send, *pair, self._random)
                except ChipNotGenuineError as exc:
                    return self._not_genuine(exc.detail), "CA", False
                return ChipAuthenticity.GENUINE, "CA", True
        if 15 in sod.dg_hashes:
            return self._active_authentication(files, channel, sod, raw), "AA", False
        return ChipAuthenticity.NOT_SUPPORTED, "", False

    def _active_authentication(
        self, files: FileReader, channel: ApduChannel, sod: Sod, raw: dict[int, bytes]
    ) -> ChipAuthenticity:
        raw[15] = files.read(Fid.DG15)
        _check_hash(sod, 15, raw[15])
        ecdsa_hash = ""
        if 14 in raw:
            try:
                ecdsa_hash = parse_dg14(raw[14]).active_auth_hash
            except CorruptDataError:
                ecdsa_hash = ""
        challenge = self._random(active_auth.CHALLENGE_LENGTH)
        resp = channel.send(active_auth.internal_authenticate(challenge))
        if not resp.ok:
            return self._not_genuine(f"INTERNAL AUTHENTICATE SW={resp.sw:04X}")
        spki = active_auth.dg15_public_key(raw[15])
        if not active_auth.verify(spki, challenge, resp.data, ecdsa_hash):
            return self._not_genuine("active authentication signature does not verify")
        return ChipAuthenticity.GENUINE

    def _not_genuine(self, detail: str) -> ChipAuthenticity:
        if self._refuse_not_genuine:
            raise ChipNotGenuineError(detail)
        log.warning("chip authenticity failed: %s", detail)
        return ChipAuthenticity.NOT_GENUINE

    # -- the read ------------------------------------------------------------------------

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
        extended = self._use_extended
        if extended is None:
            extended = transport.extended_length
        state = _ReadState()
        try:
            self._read_files(
                state, stats, transport=transport, channel=channel, keys=keys,
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
        transport: Transport,
        channel: ApduChannel,
        keys: AccessKeys,
        progress: ProgressCallback,
        read_face: bool,
        extended: bool,
    ) -> None:
        step = _Steps(channel, stats)
        raw = state.raw
        progress(ReadStage.AUTHENTICATING)
        with step("access"):
            state.method = self._open(transport, channel, keys, stats)
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
                state.authenticity, state.auth_method, pending = self._chip_authentication(
                    files, channel, sod, raw
                )
        with step("DG1"):
            try:
                raw[1] = files.read(Fid.DG1)
            except (IntegrityError, CardStatusError) as exc:
                if not pending:
                    raise
                # the first answer under the CA keys does not verify: the chip lacks the key
                state.authenticity = self._not_genuine(f"no valid answer after CA: {exc.detail}")
                # diagnostics mode only: open the chip again, without CA, and read on
                transport.reset()
                channel.secure = None
                self._open(transport, channel, keys, stats)
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


def _check_hash(sod: Sod, number: int, data: bytes) -> None:
    """A data group used before passive authentication (DG14, DG15) must match the SOD now."""
    expected = sod.dg_hashes.get(number, b"")
    if not hmac.compare_digest(digest(sod.hash_algorithm, data), expected):
        raise IntegrityError(f"DG{number} hash mismatch")


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


class _Steps:
    """Records APDUs, bytes and wall time of each named step of a read."""

    def __init__(self, channel: ApduChannel, stats: ReadStats) -> None:
        self._channel = channel
        self._stats = stats

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        apdus, got, t0 = self._channel.count, self._channel.bytes_in, time.perf_counter()
        try:
            yield
        finally:
            self._stats.steps.append(
                StepStats(
                    name,
                    self._channel.count - apdus,
                    self._channel.bytes_in - got,
                    time.perf_counter() - t0,
                )
            )
