"""The print process: slips painted in a child, errors carried back by code, a child that hangs,
dies or talks nonsense replaced, nothing personal in its answers (issue #16)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.printing.errors import (
    PrinterOfflineError,
    PrinterPausedError,
    PrintJobError,
    PrintProcessError,
)
from kiosk.printing.target import PrintTarget
from kiosk.simulators.sample_receipt import sample_receipt
from tests.fixtures.cups import CupsPdfQueue
from tests.integration.printing.pdf_tools import pdf_qr_texts, pdf_text
from tests.wait import wait_until
from ui.printing.print_process import PrintProcess
from ui.printing.print_worker import run_job


@pytest.fixture
def processes() -> Iterator[list[PrintProcess]]:
    made: list[PrintProcess] = []
    yield made
    for p in made:
        p.stop()


def _process(made: list[PrintProcess], target: PrintTarget, **kw: object) -> PrintProcess:
    p = PrintProcess(target, **kw)  # type: ignore[arg-type]
    made.append(p)
    return p


def _fake_worker(body: str) -> tuple[str, ...]:
    """A child speaking the protocol's first line, then doing ``body`` for each job."""
    script = (
        "import sys, json, os, time\n"
        "out = sys.stdout\n"
        "out.write(json.dumps({'ready': True}) + '\\n'); out.flush()\n"
        "for line in sys.stdin:\n"
        "    job = json.loads(line)['job']\n" + "".join(f"    {s}\n" for s in body.splitlines())
    )
    return (sys.executable, "-c", script)


def test_a_slip_is_painted_in_the_child(tmp_path: Path, processes: list[PrintProcess]) -> None:
    p = _process(processes, PrintTarget("pdf", pdf_dir=str(tmp_path)))
    r = sample_receipt()
    path = p.print_receipt(r)
    assert path is not None
    assert path.parent == tmp_path
    assert f"Mã hồ sơ: {r.dossier_code}" in " ".join(pdf_text(path).split())
    assert p.pid is not None
    assert p.starts == 1


def test_the_caller_thread_makes_no_qt_object(
    tmp_path: Path, processes: list[PrintProcess]
) -> None:
    # as the kiosk does it: from a worker thread, with every Qt class of QtGui guarded
    import PySide6.QtGui  # noqa: F401 - loaded so that its classes are guarded

    from ui import thread_guard

    thread_guard.install()
    thread_guard.take_violations()
    p = _process(processes, PrintTarget("pdf", pdf_dir=str(tmp_path)))
    results: list[object] = []
    t = threading.Thread(target=lambda: results.append(p.print_receipt(sample_receipt())))
    t.start()
    t.join(timeout=60)
    assert len(results) == 1
    assert isinstance(results[0], Path)
    assert thread_guard.take_violations() == []


def test_printer_errors_come_back_as_their_class(processes: list[PrintProcess]) -> None:
    p = _process(processes, PrintTarget("pdf", pdf_dir="/proc/no-such-dir"))
    with pytest.raises(PrinterOfflineError):
        p.print_receipt(sample_receipt())
    # the child is still the same one: a printer error is not a crash
    assert p.starts == 1


@pytest.mark.cups
def test_a_paused_cups_queue_through_the_child(
    cups_paused_queue: CupsPdfQueue, processes: list[PrintProcess]
) -> None:
    p = _process(processes, PrintTarget("cups", name=cups_paused_queue.name))
    with pytest.raises(PrinterPausedError):
        p.print_receipt(sample_receipt())
    assert cups_paused_queue.pending_jobs() == ""


@pytest.mark.cups
def test_a_cups_queue_through_the_child(
    cups_pdf_queue: CupsPdfQueue, processes: list[PrintProcess], tmp_path: Path
) -> None:
    p = _process(processes, PrintTarget("cups", name=cups_pdf_queue.name))
    before = cups_pdf_queue.snapshot()
    r = sample_receipt()
    assert p.print_receipt(r) is None
    printed = cups_pdf_queue.wait_for_new_pdf(before)
    try:
        assert r.tracking_url in pdf_qr_texts(printed, tmp_path)
    finally:
        printed.unlink(missing_ok=True)


@pytest.mark.expect_log("WARNING", "ui.printing.print_process", r"no answer in time")
def test_a_hanging_child_is_killed_and_replaced(
    tmp_path: Path, processes: list[PrintProcess]
) -> None:
    hang = _process(
        processes,
        PrintTarget("pdf", pdf_dir=str(tmp_path)),
        job_timeout_s=1.0,
        command=_fake_worker("time.sleep(3600)"),
    )
    with pytest.raises(PrintProcessError, match="no answer in time"):
        hang.print_receipt(sample_receipt())
    assert hang.pid is None  # killed
    with pytest.raises(PrintProcessError):
        hang.print_receipt(sample_receipt())
    assert hang.starts == 2  # a new child for the next slip


@pytest.mark.expect_log("WARNING", "ui.printing.print_process", r"stopped \(exit status")
def test_a_child_that_dies_mid_job_is_replaced(
    tmp_path: Path, processes: list[PrintProcess]
) -> None:
    marker = tmp_path / "died-once"
    # dies on its first job ever, answers every later one
    body = (
        f"if not os.path.exists({str(marker)!r}):\n"
        f"    open({str(marker)!r}, 'w').close(); os._exit(9)\n"
        "out.write(json.dumps({'job': job, 'ok': True, 'path': None}) + '\\n'); out.flush()"
    )
    p = _process(processes, PrintTarget("pdf", pdf_dir=str(tmp_path)), command=_fake_worker(body))
    with pytest.raises(PrintProcessError, match="exit status 9"):
        p.print_receipt(sample_receipt())
    assert p.print_receipt(sample_receipt()) is None
    assert p.starts == 2


#: what the kiosk logs when it gives up on a child that talks nonsense
LOST = pytest.mark.expect_log(
    "WARNING", "ui.printing.print_process", r"answered nonsense|wrote too much"
)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("'not json'", marks=LOST),
        pytest.param("json.dumps([1, 2])", marks=LOST),
        "json.dumps({'job': job + 1, 'ok': True})",  # refused for the job, no warning
        pytest.param("'x' * 70000", marks=LOST),
    ],
)
def test_a_child_talking_nonsense_is_an_error(
    tmp_path: Path, processes: list[PrintProcess], answer: str
) -> None:
    p = _process(
        processes,
        PrintTarget("pdf", pdf_dir=str(tmp_path)),
        job_timeout_s=10.0,
        command=_fake_worker(f"out.write({answer} + '\\n'); out.flush()"),
    )
    with pytest.raises(PrintProcessError):
        p.print_receipt(sample_receipt())


def test_the_child_is_replaced_after_max_jobs(
    tmp_path: Path, processes: list[PrintProcess]
) -> None:
    p = _process(processes, PrintTarget("pdf", pdf_dir=str(tmp_path)), max_jobs=2)
    pids = []
    for _ in range(5):
        p.print_receipt(sample_receipt())
        pids.append(p.pid)
    assert p.starts == 3
    assert len(set(pids)) == 3
    assert pids[0] == pids[1]
    assert pids[2] == pids[3]
    assert len(list(tmp_path.glob("*.pdf"))) == 5


@pytest.mark.expect_log("WARNING", "ui.printing.print_process", r"stopped \(exit status")
def test_stop_during_a_job_ends_it(tmp_path: Path, processes: list[PrintProcess]) -> None:
    p = _process(
        processes,
        PrintTarget("pdf", pdf_dir=str(tmp_path)),
        job_timeout_s=600.0,
        command=_fake_worker("time.sleep(3600)"),
    )
    p.start()
    errors: list[BaseException] = []

    def job() -> None:
        try:
            p.print_receipt(sample_receipt())
        except PrintProcessError as exc:
            errors.append(exc)

    t = threading.Thread(target=job)
    t.start()
    t.join(timeout=0.5)
    p.stop()
    t.join(timeout=20)
    assert not t.is_alive()
    assert len(errors) == 1
    with pytest.raises(PrintProcessError, match="stopped"):
        p.print_receipt(sample_receipt())


def test_the_worker_answers_a_bad_job_without_its_content(tmp_path: Path) -> None:
    r = sample_receipt()
    bad_target = {"job": 7, "receipt": r.to_dict(), "target": {"kind": "fax"}}
    answer = run_job(json.dumps(bad_target).encode())
    assert answer == {
        "job": 7,
        "ok": False,
        "code": "printer.job_failed",
        "detail": "print process: ValueError",
    }
    assert run_job(b"\xff not json")["code"] == "printer.job_failed"
    # a receipt that is not one: the answer never quotes it
    broken = r.to_dict() | {"received_at": r.applicant_name}
    job = {"job": 8, "receipt": broken, "target": PrintTarget("pdf", pdf_dir=str(tmp_path))}
    job["target"] = PrintTarget("pdf", pdf_dir=str(tmp_path)).to_dict()
    answer = run_job(json.dumps(job).encode())
    assert answer["ok"] is False
    assert r.applicant_name not in json.dumps(answer)


def test_an_unknown_error_code_is_a_job_error(processes: list[PrintProcess]) -> None:
    reply = (
        "out.write(json.dumps({'job': job, 'ok': False, 'code': 'x.y', 'detail': 'd'}) + '\\n')"
        "; out.flush()"
    )
    p = _process(processes, PrintTarget("pdf"), command=_fake_worker(reply))
    with pytest.raises(PrintJobError, match="d"):
        p.print_receipt(sample_receipt())


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_the_child_ends_when_the_kiosk_is_killed(tmp_path: Path) -> None:
    # a kiosk process that starts its print child, says the child's pid, and waits to be killed
    script = (
        "import sys, time\n"
        "from kiosk.printing.target import PrintTarget\n"
        "from ui.printing.print_process import PrintProcess\n"
        f"p = PrintProcess(PrintTarget('pdf', pdf_dir={str(tmp_path)!r}))\n"
        "p.start()\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    kiosk = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert kiosk.stdout is not None
        child = int(kiosk.stdout.readline())
        assert _alive(child)
        kiosk.kill()  # kill -9: no clean-up runs in the kiosk
        kiosk.wait(timeout=10)
        wait_until(lambda: not _alive(child), 20, "the print child's end after the kiosk's")
    finally:
        kiosk.kill()
        kiosk.wait(timeout=10)
        if kiosk.stdout is not None:
            kiosk.stdout.close()
