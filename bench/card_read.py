"""Benchmark: reading the virtual CCCD through pcscd + vpcd (and in-process for comparison).

Prints, for a read without DG2 (BAC + COM + SOD + DG1 + DG13) and with DG2: wall time per read
(median and best of N, the card already present - pcscd's insertion poll is excluded), APDU
count, bytes read, and the engine's CPU time per protected APDU (wrapping, MAC, encryption,
unwrapping and verification; the wait for the card is not counted).

    .venv/bin/python bench/card_read.py [--rounds 20] [--no-pcscd]

Starts pcscd (``pcscd -f``) when none is running and stops it at the end.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date

from kiosk.card.api import AccessKeys
from kiosk.card.errors import NoReaderError
from kiosk.card.pcsc import PcscConnector, list_readers
from kiosk.card.reader import ChipReader
from kiosk.card.trust_store import TrustStore
from kiosk.devices.sample_citizen import SAMPLE_CITIZEN, SAMPLE_FACE_JPEG
from kiosk.devices.virtual_card.direct import DirectConnector
from kiosk.devices.virtual_card.factory import make_card
from kiosk.devices.virtual_card.pki import CardPki, generate
from kiosk.devices.virtual_card.vpcd import VpcdCard

READER = "Virtual PCD 00 00"
KEYS = AccessKeys(SAMPLE_CITIZEN.id_number, SAMPLE_CITIZEN.date_of_birth, date(2029, 5, 14))


def _readers() -> list[str]:
    try:
        return [s.name for s in list_readers() if s.name == READER]
    except NoReaderError:
        return []


def _wait(pred: object, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not pred():  # type: ignore[operator]
        if time.monotonic() > deadline:
            sys.exit("timed out waiting for pcscd")
        time.sleep(0.05)


def _run(label: str, reader: ChipReader, rounds: int, face: bool) -> None:
    times: list[float] = []
    per_apdu: list[float] = []
    stats = reader.last_stats
    reader.read(KEYS, lambda s: None, read_face=face)  # warm-up
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = reader.read(KEYS, lambda s: None, read_face=face)
        times.append(time.perf_counter() - t0)
        stats = reader.last_stats
        per_apdu.append(stats.engine_ns / max(1, stats.protected_apdus) / 1e6)
        assert result.passive_auth.fully_verified
    what = "with DG2   " if face else "without DG2"
    print(
        f"{label:<9} {what}: median {statistics.median(times) * 1000:7.1f} ms, "
        f"best {min(times) * 1000:7.1f} ms, {stats.apdus:3d} APDUs "
        f"({stats.protected_apdus} protected), {stats.bytes_read:5d} bytes, chunk {stats.chunk}, "
        f"engine CPU {statistics.median(per_apdu):.3f} ms/protected APDU"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-pcscd", action="store_true", help="in-process figures only")
    args = parser.parse_args()
    pki: CardPki = generate()
    trust = TrustStore()
    trust.certificates.append(pki.csca)
    card = make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki)
    direct = ChipReader(DirectConnector(card), trust)
    for face in (False, True):
        _run("in-proc", direct, args.rounds, face)
    if args.no_pcscd:
        return 0
    proc: subprocess.Popen[bytes] | None = None
    if not _readers():
        exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
        proc = subprocess.Popen([exe, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(_readers, 15)
    vpcd = VpcdCard(make_card(SAMPLE_CITIZEN, SAMPLE_FACE_JPEG, pki))
    try:
        t0 = time.perf_counter()
        vpcd.insert()
        _wait(lambda: any(s.name == READER and s.card_present for s in list_readers()), 15)
        print(f"pcscd noticed the inserted card after {(time.perf_counter() - t0) * 1000:.0f} ms"
              " (poll; not counted below)")  # fmt: skip
        pcsc = ChipReader(PcscConnector(READER), trust)
        for face in (False, True):
            _run("pcscd", pcsc, args.rounds, face)
    finally:
        vpcd.remove()
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
