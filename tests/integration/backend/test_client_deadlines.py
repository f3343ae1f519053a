"""Client deadlines are total: a city that drips its answer cannot hold a call, a submit or a
sync pass past its time. The server counts the bytes it managed to send before the kiosk
hung up (no clock in the test: at one byte per ``DRIP_S`` the count bounds how long the
kiosk listened): the whole answer would take 30 s at its pace; the bounds are #12's, a call
within its connect + read timeout, a submit within ``submit_wait_s`` + 1 s. The figures at
0.8 s a byte are ``bench/backend_hostile.py``'s."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.backend.client import CityClient
from kiosk.backend.errors import BackendUnavailableError
from loopback.drip_server import ANSWER, drip_server
from loopback.sample_dossiers import make_dossier
from tests.integration.backend.test_backend_faults import gateway_for

UUID = "0b6f4b6e-6c1e-4f55-9c39-3f0d9d7c2a11"
DRIP_S = 0.1
#: gateway_for's: connect 0.5 s + read 1.0 s per request, submit_wait_s 1.5 s
REQUEST_TIMEOUT_S = 1.5
SUBMIT_WAIT_S = 1.5
END_WAIT_S = 20


def most_bytes(seconds: float) -> int:
    """What the server can send in ``seconds``, plus the few it writes into the socket
    before it notices that the kiosk hung up."""
    return int(seconds / DRIP_S) + 3


def test_the_whole_answer_would_take_long() -> None:
    # the premise of the tests below: at 0.1 s a byte the answer takes 30 s
    assert len(ANSWER) * DRIP_S > 25


@pytest.mark.parametrize("body_only", [False, True], ids=["headers-drip", "body-drips"])
def test_a_call_ends_within_its_timeouts_however_the_server_drips(body_only: bool) -> None:
    with drip_server(DRIP_S, body_only=body_only) as server:
        client = CityClient(
            server.url, "t" * 32, connect_timeout_s=0.5, read_timeout_s=1.0, max_attempts=1
        )
        with pytest.raises(BackendUnavailableError, match=r"no whole answer within 1\.5 s"):
            client.status(UUID)
        assert server.ended.acquire(timeout=END_WAIT_S)
    head = ANSWER.index(b"\r\n\r\n") + 4 if body_only else 0
    assert len(server.sent) == 1
    assert server.sent[0] - head <= most_bytes(REQUEST_TIMEOUT_S)


def test_a_submit_gives_the_provisional_code_by_submit_wait(tmp_path: Path) -> None:
    with drip_server(DRIP_S) as server:
        # submit_wait_s = 1.5, connect 0.5 + read 1.0 s: the deadline, not the timeouts, ends it
        gateway, _worker = gateway_for(server.url, "t" * 32, tmp_path / "k")
        dossier = make_dossier("KIOSK-TEST-01")
        outcome = gateway.submit(dossier)
        assert server.ended.acquire(timeout=END_WAIT_S)
        assert not outcome.official
        assert outcome.code.startswith("TAM-")
        assert gateway.outbox_state().depth == 1  # kept for the sync thread
        gateway.outbox.close()
    assert server.sent
    assert max(server.sent) <= most_bytes(SUBMIT_WAIT_S + 1)


def test_a_sync_pass_stops_at_the_first_answer_that_does_not_come(tmp_path: Path) -> None:
    with drip_server(DRIP_S) as server:
        gateway, worker = gateway_for(server.url, "t" * 32, tmp_path / "k")
        for _ in range(3):
            gateway.outbox.put("dossier", make_dossier("KIOSK-TEST-01").dossier_uuid, b"{}")
        sent, _more = worker.drain_once()
        assert server.ended.acquire(timeout=END_WAIT_S)
        assert sent == 0
        assert gateway.outbox_state().depth == 3
        gateway.outbox.close()
    assert len(server.sent) == 1  # one request, cut; the pass did not go on to the others
    assert server.sent[0] <= most_bytes(REQUEST_TIMEOUT_S)
