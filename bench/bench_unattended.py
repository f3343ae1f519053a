"""Figures for running unattended: PIN checks, atomic settings saves, diagnostics, recovery.

Prints figures; asserts nothing. Run: ``.venv/bin/python bench/bench_unattended.py``.
"""

from __future__ import annotations

import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk import config as kconfig
from kiosk.diagnostics import Probe, ProbeResult, Status, collect
from kiosk.runtime.startup_recovery import StartupRecovery, scratch_dir
from kiosk.settings_store import SettingsStore
from kiosk.staff import PinStore, Role
from kiosk.staff.pins import default_hasher


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and max of ``repeat`` runs, in milliseconds."""
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    logging.disable(logging.WARNING)  # the PIN store logs wrong PINs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hasher = default_hasher()
        h = hasher.hash("482913")
        med, worst = timed(lambda: hasher.verify(h, "482913"), 10)
        print(f"argon2id verify (production profile): median {med:.1f} ms, max {worst:.1f} ms")

        store = PinStore(root / "pins.json")
        for i in range(10):
            store.add(Role.STAFF, f"Quầy {i}", f"{100000 + i * 7919}")
        last_pin = f"{100000 + 9 * 7919}"
        med, worst = timed(lambda: store.verify(Role.STAFF, last_pin), 5)
        print(
            f"PinStore.verify, 10 staff PINs, match on the last: median {med:.0f} ms, "
            f"max {worst:.0f} ms"
        )
        med, worst = timed(lambda: store.verify(Role.STAFF, "000000"), 4)
        print(f"PinStore.verify, 10 staff PINs, wrong PIN: median {med:.0f} ms, max {worst:.0f} ms")

        settings = SettingsStore(root / "kiosk.toml")
        cfg = kconfig.defaults()
        med, worst = timed(lambda: settings.save(cfg), 50)
        print(
            f"settings save (validate + write + fsync + rename + dir fsync): "
            f"median {med:.2f} ms, max {worst:.2f} ms"
        )

        probes = [Probe(f"p{i}", lambda: ProbeResult("x", Status.OK, "ok"), 5.0) for i in range(6)]
        med, worst = timed(lambda: collect(probes, kiosk_id="K"), 50)
        print(f"collect() overhead, 6 instant probes: median {med:.2f} ms, max {worst:.2f} ms")

        data = root / "data"

        def litter_and_recover() -> None:
            s = scratch_dir(data)
            for i in range(100):
                (s / f"face-{i}.jpg").write_bytes(b"\xff\xd8" + bytes(20_000))
            StartupRecovery(data, temp_dir=root).run()

        med, worst = timed(litter_and_recover, 5)
        print(
            f"start-up recovery of 100 x 20 kB files (incl. creating them): "
            f"median {med:.0f} ms, max {worst:.0f} ms"
        )


if __name__ == "__main__":
    main()
