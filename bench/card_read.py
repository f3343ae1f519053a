"""Benchmark: reading the virtual card through pcscd + vpcd (and in-process for comparison).

For each card profile (PACE + chip authentication, PACE alone, extended length, BAC) and with or
without DG2, prints the wall time per read (median and best of N, the card already present -
pcscd's insertion poll is excluded), the APDU count, the bytes read, the engine's CPU time per
protected APDU, and the APDUs / bytes / median milliseconds of each step (access, SOD, chip
authentication, DG1, DG13, DG2).

    .venv/bin/python bench/card_read.py [--rounds 10] [--no-pcscd] [--port 35963]

Takes the same lock as the pcscd test fixture (so it never takes a test run's card reader),
starts pcscd (``pcscd -f``) when none is running and stops it at the end (``loopback.pcscd``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict

from kiosk.card.api import AccessKeys
from kiosk.card.reader import ChipReader
from kiosk.card.transport.pcsc import PcscConnector
from kiosk.card.verification.trust_store import TrustStore
from kiosk.simulators.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.simulators.virtual_card.direct import DirectConnector
from kiosk.simulators.virtual_card.factory import make_card
from kiosk.simulators.virtual_card.features import CardFeatures
from kiosk.simulators.virtual_card.pki import CardPki, generate
from kiosk.simulators.virtual_card.vpcd import VpcdCard
from loopback import pcscd

READERS = pcscd.READER_BY_PORT
KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth)
PROFILES: list[tuple[str, CardFeatures, AccessKeys]] = [
    ("PACE+CA", CardFeatures(), AccessKeys(SAMPLE_CITIZEN.id_number)),
    ("PACE", CardFeatures(chip_auth="none"), AccessKeys(SAMPLE_CITIZEN.id_number)),
    ("PACE+CA ext", CardFeatures(extended_length=True), AccessKeys(SAMPLE_CITIZEN.id_number)),
    ("PACE ext", CardFeatures(chip_auth="none", extended_length=True), KEYS),
    ("BAC+CA", CardFeatures(pace=False), KEYS),
]


def _run(label: str, reader: ChipReader, keys: AccessKeys, rounds: int, face: bool) -> None:
    times: list[float] = []
    per_apdu: list[float] = []
    step_ms: dict[str, list[float]] = defaultdict(list)
    reader.read(keys, lambda s: None, read_face=face)  # warm-up
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = reader.read(keys, lambda s: None, read_face=face)
        times.append(time.perf_counter() - t0)
        stats = reader.last_stats
        per_apdu.append(stats.engine_ns / max(1, stats.protected_apdus) / 1e6)
        for s in stats.steps:
            step_ms[s.name].append(s.seconds * 1000)
        assert result.passive_auth.fully_verified
    stats = reader.last_stats
    what = "+DG2" if face else "    "
    print(
        f"{label:<22} {what}: median {statistics.median(times) * 1000:7.1f} ms, "
        f"best {min(times) * 1000:7.1f} ms, {stats.apdus:3d} APDUs "
        f"({stats.protected_apdus} protected), {stats.bytes_read:5d} bytes, chunk {stats.chunk}, "
        f"engine CPU {statistics.median(per_apdu):.3f} ms/protected APDU, "
        f"{result.access_method.value}, chip {result.chip_authenticity.value}"
    )
    print(
        "    steps: "
        + "; ".join(
            f"{s.name} {s.apdus} APDUs {s.bytes_read} B {statistics.median(step_ms[s.name]):.1f} ms"
            for s in stats.steps
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--no-pcscd", action="store_true", help="in-process figures only")
    parser.add_argument("--port", type=int, default=35963, choices=sorted(READERS))
    args = parser.parse_args()
    pki: CardPki = generate()
    trust = TrustStore()
    trust.certificates.append(pki.csca)
    for name, features, keys in PROFILES:
        card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki, features=features)
        direct = ChipReader(DirectConnector(card), trust)
        for face in (False, True):
            _run(f"in-proc {name}", direct, keys, args.rounds, face)
    if args.no_pcscd:
        return 0
    reader_name = READERS[args.port]
    try:
        with pcscd.exclusive(), pcscd.running(reader=reader_name):
            for name, features, keys in PROFILES:
                vpcd = VpcdCard(
                    make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki, features=features), args.port
                )
                t0 = time.perf_counter()
                vpcd.insert()
                try:
                    pcscd.wait_for_reader_state(pcscd.card_present(reader_name), 15, "the card")
                    noticed = (time.perf_counter() - t0) * 1000
                    print(f"pcscd noticed the card after {noticed:.0f} ms (not counted)")
                    pcsc = ChipReader(PcscConnector(reader_name), trust)
                    for face in (False, True):
                        _run(f"pcscd {name}", pcsc, keys, args.rounds, face)
                finally:
                    vpcd.remove()
                    pcscd.wait_for_reader_state(pcscd.card_absent(reader_name), 15, "the removal")
    except (pcscd.PcscdUnavailableError, TimeoutError) as exc:
        sys.exit(str(exc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
