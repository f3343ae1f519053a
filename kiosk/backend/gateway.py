"""The real :class:`~kiosk.backend.api.DossierGateway`: client + encrypted outbox + sync thread.

``submit`` commits the dossier to the outbox (fsync) before any network call, then waits at
most ``submit_wait_s`` for the city. Online, the receipt carries the official code; offline,
a provisional reference ``TAM-<kiosk>-<yymmdd>-<6 chars>`` derived from the dossier UUID
(so a retry after a crash gives the same one), and the sync thread sends the dossier later.
The tracking URL is the same either way: the kiosk generated the tracking token and the city
keeps it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.backend import wire
from kiosk.backend.api import DossierGateway, OutboxState, Rating
from kiosk.backend.client import CityClient, CityConnection, check_base_url
from kiosk.backend.device_key import PayloadCipher, load_or_create_key
from kiosk.backend.errors import (
    BackendError,
    BackendRejectedError,
    BackendUnavailableError,
    DossierNotFoundError,
    OutboxError,
)
from kiosk.backend.outbox import OUTBOX_FILE, SENT, Outbox
from kiosk.backend.sync import DOSSIER, RATING, SyncWorker
from kiosk.config import Config
from kiosk.domain.dossier import (
    Dossier,
    DossierStatus,
    DossierTracking,
    StatusEvent,
    SubmitOutcome,
)

log = logging.getLogger(__name__)

PROVISIONAL_PREFIX = "TAM-"
KEY_FILE = "outbox.key"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}\Z")


def provisional_ref(dossier: Dossier) -> str:
    """``TAM-<kiosk>-<yymmdd>-<6 chars>``: marked provisional, stable for one dossier."""
    digest = hashlib.sha256(dossier.dossier_uuid.encode("ascii")).digest()
    tail = base64.b32encode(digest).decode("ascii")[:6]
    kiosk = re.sub(r"[^A-Za-z0-9.-]", "", dossier.kiosk_id)[:32] or "KIOSK"
    return f"{PROVISIONAL_PREFIX}{kiosk}-{dossier.filed_at:%y%m%d}-{tail}"


def mask_name(full_name: str) -> str:
    """``"Nguyễn Văn An"`` -> ``"Nguyễn V** A*"`` (as the city's tracking page shows it)."""
    words = full_name.split()
    if len(words) <= 1:
        return "".join(w[0] + "*" * (len(w) - 1) for w in words)
    return " ".join([words[0], *(w[0] + "*" * (len(w) - 1) for w in words[1:])])


@dataclass(frozen=True)
class GatewaySettings:
    tracking_base_url: str
    kiosk_id: str
    submit_wait_s: float = 5.0


class OutboxGateway(DossierGateway):
    """Files dossiers through the outbox; see the module docstring."""

    def __init__(
        self,
        outbox: Outbox,
        client: CityClient,
        worker: SyncWorker,
        settings: GatewaySettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``monotonic``: the clock of the submit and look-up deadlines (the client's)."""
        self._monotonic = monotonic
        self.outbox = outbox
        self._client = client
        self._worker = worker
        self._settings = settings

    # ---------------------------------------------------------------- submit
    def submit(self, dossier: Dossier) -> SubmitOutcome:
        ref = provisional_ref(dossier)
        body = json.dumps(
            wire.dossier_to_json(dossier, provisional_ref=ref), ensure_ascii=False
        ).encode("utf-8")
        wait = self._settings.submit_wait_s
        entry, created = self.outbox.put(
            DOSSIER,
            dossier.dossier_uuid,
            body,
            provisional_ref=ref,
            tracking_token=dossier.tracking_token,
            hold_s=wait + 5.0,  # the sync thread leaves it alone while we try
        )
        if not created:
            if entry.state == SENT and entry.official_code:
                return self._outcome(dossier, entry.official_code, official=True)
            body = self.outbox.body(dossier.dossier_uuid) or body
            ref = entry.provisional_ref or ref
        deadline = self._monotonic() + wait
        try:
            code, _token = self._client.submit_dossier(
                body, dossier.dossier_uuid, deadline=deadline
            )
        except BackendRejectedError as exc:
            log.warning("city refused a dossier at submit: %s", exc.detail)
            refused = str(exc)
            self._after_commit(lambda: self.outbox.mark_rejected(entry.id, refused))
            return self._outcome(dossier, ref, official=False)
        except BackendError as exc:
            log.info("dossier kept for later: %s", exc)
            error = str(exc)
            self._after_commit(lambda: self.outbox.mark_retry(entry.id, error, 0.0))
            self._worker.wake()
            return self._outcome(dossier, ref, official=False)
        self._after_commit(lambda: self.outbox.mark_sent(entry.id, code))
        return self._outcome(dossier, code, official=True)

    @staticmethod
    def _after_commit(update: Callable[[], None]) -> None:
        """Record what the city said. The dossier is committed already: when the record
        fails (the disk filled up meanwhile) the sync thread sends it again later (the city
        answers a repeat with the same code), so the resident still gets the receipt."""
        try:
            update()
        except OutboxError as exc:
            log.error("outbox not updated after submit: %s", exc.detail)

    def _outcome(self, dossier: Dossier, code: str, *, official: bool) -> SubmitOutcome:
        return SubmitOutcome(
            dossier_uuid=dossier.dossier_uuid,
            code=code,
            official=official,
            tracking_token=dossier.tracking_token,
            tracking_url=self._settings.tracking_base_url + dossier.tracking_token,
        )

    # ----------------------------------------------------------------- track
    def track(self, code_or_token: str) -> DossierTracking:
        """By official code, provisional reference, tracking token or the whole QR URL.

        A dossier still waiting in this kiosk's outbox is answered locally when the city is
        away (status "newly registered", waiting to be sent).
        """
        text = code_or_token.strip()
        if "/tra-cuu/" in text:
            text = text.rsplit("/tra-cuu/", 1)[1].split("?", 1)[0].strip("/")
        is_token = (
            bool(_TOKEN_RE.match(text))
            and "." not in text
            and not text.startswith(PROVISIONAL_PREFIX)
        )
        deadline = self._monotonic() + self._settings.submit_wait_s
        try:
            if is_token:
                return self._client.tracking(token=text, deadline=deadline)
            return self._client.tracking(code=text, deadline=deadline)
        except (BackendUnavailableError, DossierNotFoundError):
            local = self._local_tracking(text, is_token)
            if local is None:
                raise
            return local

    def _local_tracking(self, text: str, is_token: bool) -> DossierTracking | None:
        entry = self.outbox.entry_by_token(text) if is_token else self.outbox.entry_by_ref(text)
        if entry is None or entry.state == SENT:
            return None
        body = self.outbox.body(entry.item_key)
        if body is None:
            return None
        dossier = wire.dossier_from_json(json.loads(body))
        return DossierTracking(
            code=entry.provisional_ref,
            procedure_code=dossier.procedure_code,
            status=DossierStatus.NEW,
            history=[StatusEvent(DossierStatus.NEW, dossier.filed_at, "chờ gửi / waiting")],
            due_date=dossier.due_date,
            applicant_masked=mask_name(dossier.applicant.full_name),
        )

    # -------------------------------------------------------- payment, rating
    def payment_paid(self, dossier_uuid: str) -> bool:
        """Raises BackendError subclasses when the city cannot tell (offline, not synced)."""
        deadline = self._monotonic() + self._settings.submit_wait_s
        return self._client.payment_paid(dossier_uuid, deadline=deadline)

    def rate(self, rating: Rating) -> None:
        body = json.dumps(
            {
                "dossier_uuid": rating.dossier_uuid,
                "procedure_code": rating.procedure_code,
                "ward_code": rating.ward_code,
                "kiosk_id": rating.kiosk_id,
                "satisfaction": rating.satisfaction.value,
                "reasons": list(rating.reasons),
                "rated_at": (rating.rated_at or datetime.now().astimezone()).isoformat(),
            }
        ).encode("utf-8")
        self.outbox.put(RATING, f"rating:{rating.dossier_uuid}", body)
        self._worker.wake()

    def outbox_state(self) -> OutboxState:
        return self.outbox.state()

    @property
    def worker(self) -> SyncWorker:
        return self._worker


def build_gateway(
    connection: CityConnection,
    *,
    data_dir: Path,
    tracking_base_url: str,
    kiosk_id: str,
    submit_wait_s: float,
    retention_days: int = 30,
    senders: int = 1,
    heartbeat_interval_s: float = 60.0,
    app_version: str = "",
    sync_backoff_base_s: float = 1.0,
    sync_backoff_max_s: float = 300.0,
    sync_idle_poll_s: float = 5.0,
) -> tuple[OutboxGateway, SyncWorker]:
    """Compose the gateway and its (not yet started) sync worker for one kiosk.

    The outbox and its key live in ``data_dir`` (created 0700). Call ``worker.start()`` to
    begin draining and ``worker.stop()`` at shutdown.
    """
    check_base_url(connection.base_url)
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    cipher = PayloadCipher(load_or_create_key(data_dir / KEY_FILE))
    outbox = Outbox(data_dir / OUTBOX_FILE, cipher)

    def client(max_attempts: int) -> CityClient:
        return connection.client(
            max_attempts=max_attempts, backoff_base_s=0.25, backoff_max_s=max(1.0, submit_wait_s)
        )

    worker = SyncWorker(
        outbox,
        [client(1) for _ in range(max(1, senders))],
        kiosk_id=kiosk_id,
        app_version=app_version,
        retention_days=retention_days,
        heartbeat_interval_s=heartbeat_interval_s,
        backoff_base_s=sync_backoff_base_s,
        backoff_max_s=sync_backoff_max_s,
        idle_poll_s=sync_idle_poll_s,
    )
    gateway = OutboxGateway(
        outbox,
        client(4),
        worker,
        GatewaySettings(
            tracking_base_url=tracking_base_url, kiosk_id=kiosk_id, submit_wait_s=submit_wait_s
        ),
    )
    return gateway, worker


def start_gateway(cfg: Config, token: str) -> tuple[OutboxGateway, SyncWorker]:
    """The gateway for the configured city API, with its sync worker already started."""
    gateway, sync = build_gateway(
        CityConnection.from_config(cfg, token),
        data_dir=cfg.data_dir,
        tracking_base_url=cfg.backend.tracking_base_url,
        kiosk_id=cfg.kiosk.id,
        submit_wait_s=cfg.backend.submit_wait_s,
        retention_days=cfg.backend.receipt_retention_days,
    )
    sync.start()
    return gateway, sync
