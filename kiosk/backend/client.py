"""HTTP client of the city API (requests) with timeouts, bounded retries and typed errors.

- TLS verification is always on; ``ca_bundle`` may name the CA file to trust. Plain http is
  refused except to loopback (the embedded demo backend, tests).
- Idempotent calls (GETs, and POSTs carrying an Idempotency-Key) are retried on connection
  errors, timeouts, 429 and 5xx with exponential backoff and full jitter; ``Retry-After`` is
  honoured (capped). A ``deadline`` bounds the whole call, retries included, and each
  attempt ends by ``connect_timeout_s + read_timeout_s`` however slowly the server answers
  (:mod:`kiosk.backend.exchange`: one attempt and what its answer means).
- Every answer is validated before use; anything unexpected is :class:`InvalidResponseError`.
- Environment proxies and CA variables are ignored: the configuration says where to connect.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlparse

import requests
import urllib3

from kiosk.backend import wire
from kiosk.backend.errors import (
    BackendError,
    BackendTLSError,
    BackendUnavailableError,
    InsecureBackendURLError,
    InvalidResponseError,
)
from kiosk.backend.exchange import Request, RetryableError, bounded_exchange
from kiosk.backend.total_deadline import DeadlineAdapter
from kiosk.config import Config
from kiosk.domain.dossier import DossierTracking

API = "/api/v1"
USER_AGENT = "ward-kiosk/0.1"
#: kept-alive connections idle longer than this are not reused (below common NAT timeouts)
MAX_IDLE_S = 20.0

log = logging.getLogger(__name__)

T = TypeVar("T")


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash; refuses http except to loopback."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    if parsed.scheme == "https" and host:
        return url.rstrip("/")
    if parsed.scheme == "http" and _is_loopback(host):
        return url.rstrip("/")
    raise InsecureBackendURLError(f"refused backend URL scheme={parsed.scheme!r} host={host!r}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class CityConnection:
    """Where the city API is, the device token and how long to wait: what every
    :class:`CityClient` of one kiosk shares (the gateway's, the sync thread's, enrolment's)."""

    base_url: str
    token: str
    ca_bundle: str = ""
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 10.0

    @classmethod
    def from_config(cls, cfg: Config, token: str) -> CityConnection:
        """The ``backend.*`` settings of ``cfg`` with ``token``."""
        return cls(
            cfg.backend.url,
            token,
            ca_bundle=cfg.backend.ca_bundle,
            connect_timeout_s=cfg.backend.connect_timeout_s,
            read_timeout_s=cfg.backend.read_timeout_s,
        )

    def client(
        self, *, max_attempts: int = 4, backoff_base_s: float = 0.5, backoff_max_s: float = 30.0
    ) -> CityClient:
        """A client over this connection with its own retry policy."""
        return CityClient(
            self.base_url,
            self.token,
            ca_bundle=self.ca_bundle,
            connect_timeout_s=self.connect_timeout_s,
            read_timeout_s=self.read_timeout_s,
            max_attempts=max_attempts,
            backoff_base_s=backoff_base_s,
            backoff_max_s=backoff_max_s,
        )


class CityClient:
    """One kiosk's connection to the city. Thread-safe for the calls made by one kiosk."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        ca_bundle: str = "",
        connect_timeout_s: float = 3.0,
        read_timeout_s: float = 10.0,
        max_attempts: int = 4,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
        session: requests.Session | None = None,
        max_idle_s: float = MAX_IDLE_S,
    ) -> None:
        """``max_idle_s``: kept-alive connections unused for longer are not reused (a NAT or
        firewall may have forgotten them silently: a request on one would wait for nothing)."""
        self.base_url = check_base_url(base_url)
        self._token = token
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.max_attempts = max(1, max_attempts)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self._max_idle_s = max_idle_s
        self._idle_lock = threading.Lock()
        self._last_used: float | None = None
        self._session = session or requests.Session()
        self._session.trust_env = False
        for prefix in ("https://", "http://"):
            self._session.mount(prefix, DeadlineAdapter())
        self._session.verify = ca_bundle or True
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def close(self) -> None:
        self._session.close()

    # ------------------------------------------------------------- the calls
    def submit_dossier(
        self, body: bytes, dossier_uuid: str, *, deadline: float | None = None
    ) -> tuple[str, str]:
        """Send a dossier body (JSON bytes); returns ``(official code, tracking token)``."""
        _, doc = self._call(
            "POST",
            "/dossiers",
            body=body,
            headers={"Idempotency-Key": dossier_uuid},
            idempotent=True,
            deadline=deadline,
        )
        return self._validated(wire.submit_result_from_json, doc)

    def tracking(
        self, *, code: str = "", token: str = "", deadline: float | None = None
    ) -> DossierTracking:
        params = {"code": code} if code else {"token": token}
        _, doc = self._call("GET", "/tracking", params=params, idempotent=True, deadline=deadline)
        return self._validated(wire.tracking_from_json, doc)

    def status(self, dossier_uuid: str, *, deadline: float | None = None) -> DossierTracking:
        _, doc = self._call("GET", f"/dossiers/{dossier_uuid}", idempotent=True, deadline=deadline)
        return self._validated(wire.tracking_from_json, doc)

    def payment_paid(self, dossier_uuid: str, *, deadline: float | None = None) -> bool:
        _, doc = self._call(
            "GET", f"/dossiers/{dossier_uuid}/payment", idempotent=True, deadline=deadline
        )
        return self._validated(wire.payment_from_json, doc)

    def rate(self, body: bytes, *, deadline: float | None = None) -> None:
        """Send a rating (JSON bytes); one rating per dossier makes it idempotent."""
        _, doc = self._call("POST", "/ratings", body=body, idempotent=True, deadline=deadline)
        if not isinstance(doc, Mapping) or doc.get("accepted") is not True:
            raise InvalidResponseError("rating answer without accepted=true")

    def heartbeat(self, body: Mapping[str, Any], *, deadline: float | None = None) -> datetime:
        """Report the kiosk's state; returns the city's clock (for the skew diagnostic)."""
        _, doc = self._call(
            "POST",
            "/heartbeat",
            body=json.dumps(body).encode("utf-8"),
            idempotent=True,
            deadline=deadline,
        )
        if not isinstance(doc, Mapping) or not isinstance(doc.get("server_time"), str):
            raise InvalidResponseError("heartbeat answer without server_time")
        try:
            return datetime.fromisoformat(doc["server_time"])
        except ValueError as exc:
            raise InvalidResponseError("heartbeat server_time is not a time") from exc

    def enrol(self, code: str, *, deadline: float | None = None) -> tuple[str, str]:
        """Exchange a one-time enrolment code: ``(kiosk_id, device token)``."""
        _, doc = self._call(
            "POST",
            "/enrol",
            body=json.dumps({"code": code}).encode("utf-8"),
            idempotent=False,
            deadline=deadline,
        )
        if not isinstance(doc, Mapping):
            raise InvalidResponseError("enrolment answer is not an object")
        kiosk_id, token = doc.get("kiosk_id"), doc.get("token")
        if not isinstance(kiosk_id, str) or not isinstance(token, str) or not token:
            raise InvalidResponseError("enrolment answer without kiosk_id and token")
        return kiosk_id, token

    # -------------------------------------------------------------- machinery
    @staticmethod
    def _validated(reader: Callable[[Any], T], doc: Any) -> T:
        try:
            return reader(doc)
        except (ValueError, TypeError, KeyError) as exc:
            raise InvalidResponseError(f"unexpected answer shape: {type(exc).__name__}") from None

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool,
        deadline: float | None = None,
    ) -> tuple[int, Any]:
        """One API call with retries; returns ``(status, parsed JSON or None)``."""
        url = f"{self.base_url}{API}{path}"
        all_headers = {"Authorization": f"Bearer {self._token}", **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        attempts = self.max_attempts if idempotent else 1
        last: BackendError = BackendUnavailableError("no attempt made")
        for attempt in range(attempts):
            timeout = self._timeouts(deadline)
            if timeout is None:
                break
            retry_after: float | None = None
            request = Request(method, path, url, body, params, all_headers, timeout)
            try:
                return self._attempt(request, deadline)
            except RetryableError as exc:
                last, retry_after = exc.error, exc.retry_after
            except BackendUnavailableError as exc:  # the attempt's time ran out
                last = exc
            except requests.exceptions.SSLError:
                raise BackendTLSError(f"{method} {path}: TLS verification failed") from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                last = BackendUnavailableError(f"{method} {path}: {type(exc).__name__}")
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
                # urllib3 errors come from reading a streamed body (a stall, a cut connection)
                last = BackendUnavailableError(f"{method} {path}: {type(exc).__name__}")
            if attempt + 1 >= attempts:
                break
            delay = self._backoff(attempt, retry_after)
            if deadline is not None and self._clock() + delay >= deadline:
                break
            self._sleep(delay)
        raise last

    def _attempt(self, request: Request, deadline: float | None) -> tuple[int, Any]:
        """One request and its whole answer within ``connect + read`` timeout and the
        call's deadline (see :func:`~kiosk.backend.exchange.bounded_exchange`)."""
        budget = request.timeout[0] + request.timeout[1]
        if deadline is not None:
            budget = min(budget, deadline - self._clock())
        self._forget_idle_connections()
        return bounded_exchange(self._session, request, budget)

    def _forget_idle_connections(self) -> None:
        """Close the kept-alive connections when the last request is ``max_idle_s`` ago (a
        kiosk idle for hours); the next request opens a fresh one."""
        with self._idle_lock:
            now = self._clock()
            if self._last_used is not None and now - self._last_used > self._max_idle_s:
                log.info("city connections idle for %.0f s: reconnecting", now - self._last_used)
                self._session.close()  # the adapters stay mounted; their pools start empty
            self._last_used = now

    def _timeouts(self, deadline: float | None) -> tuple[float, float] | None:
        if deadline is None:
            return (self.connect_timeout_s, self.read_timeout_s)
        remaining = deadline - self._clock()
        if remaining <= 0.05:
            return None
        return (min(self.connect_timeout_s, remaining), min(self.read_timeout_s, remaining))

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.backoff_max_s)
        cap = min(self.backoff_max_s, self.backoff_base_s * (2.0**attempt))
        return cap * (0.5 + 0.5 * self._jitter())
