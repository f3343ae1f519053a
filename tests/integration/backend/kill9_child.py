"""Child process for the kill -9 test: submits dossiers until killed.

Usage: python -m tests.integration.backend.kill9_child URL TOKEN DATA_DIR KIOSK_ID
Prints ``ready`` once, then one dossier UUID per line after ``submit`` returned for it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.backend.client import CityConnection
from kiosk.backend.gateway import build_gateway
from loopback.sample_dossiers import make_dossier


def main() -> None:
    url, token, data_dir, kiosk_id = sys.argv[1:5]
    gateway, worker = build_gateway(
        CityConnection(url, token, connect_timeout_s=0.5, read_timeout_s=2.0),
        data_dir=Path(data_dir),
        tracking_base_url="http://127.0.0.1/tra-cuu/",
        kiosk_id=kiosk_id,
        submit_wait_s=2.0,
        sync_backoff_base_s=0.01,
        sync_backoff_max_s=0.1,
        sync_idle_poll_s=0.05,
        heartbeat_interval_s=0,
    )
    worker.start()  # the sync thread is busy too when the kill lands
    print("ready", flush=True)
    while True:
        d = make_dossier(kiosk_id)
        gateway.submit(d)
        print(d.dossier_uuid, flush=True)


if __name__ == "__main__":
    main()
