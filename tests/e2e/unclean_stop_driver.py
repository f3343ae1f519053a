"""A kiosk process that walks one visit and is killed (SIGKILL, by itself) at a chosen step.

``python -m tests.e2e.unclean_stop_driver DATA_DIR POINT`` composes the kiosk as ``kiosk --demo``
does (demo backend in its own process, the encrypted outbox in DATA_DIR, the PDF printer),
drives the window as a resident (tests/ui/driving.py) and dies without any clean-up at POINT:

- ``form``: the card was read, the resident is answering (nothing filed);
- ``outbox``: the dossier is committed to the outbox, the city not asked yet;
- ``print``: the city gave the official code and the slip came out of the printer, the kiosk
  had not yet learnt that it was printed;
- ``rating``: the resident is on the rating screen.

Only this test program holds the kill hooks; the kiosk under test is unchanged.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.backend.gateway import OutboxGateway
from kiosk.config import defaults
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.receipt import Receipt
from kiosk.runtime.logsetup import Redactor, configure_logging
from kiosk.runtime.startup_recovery import StartupRecovery
from kiosk.visit.session import Step

POINTS = ("form", "outbox", "print", "rating")


def die() -> None:
    logging.shutdown()  # flush what the log has; then the unclean stop itself
    os.kill(os.getpid(), signal.SIGKILL)


class Bot:
    """The three QtBot calls tests/ui/driving.py makes, without pytest."""

    def mouseClick(  # noqa: N802 - QtBot's name
        self, widget: QWidget, button: Qt.MouseButton, pos: QPoint | None = None
    ) -> None:
        if pos is None:
            QTest.mouseClick(widget, button)
        else:
            QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def keyClicks(self, widget: QWidget, text: str) -> None:  # noqa: N802 - QtBot's name
        QTest.keyClicks(widget, text)

    def waitUntil(self, condition: Callable[[], Any], timeout: int = 5000) -> None:  # noqa: N802
        deadline = time.monotonic() + timeout / 1000
        while time.monotonic() < deadline:
            QTest.qWait(10)  # runs the event loop, deferred deletions included
            try:
                if condition() in (None, True):
                    return
            except AssertionError:
                pass
        raise TimeoutError("condition not met")


class KillAtCommit:
    """The gateway; the process dies right after the outbox committed the dossier."""

    def __init__(self, deferred: Any) -> None:
        self._deferred = deferred

    def submit(self, dossier: Dossier) -> SubmitOutcome:
        real: OutboxGateway = self._deferred._gateway()  # a test hook
        put = real.outbox.put

        def put_then_die(*args: Any, **kwargs: Any) -> Any:
            put(*args, **kwargs)
            die()

        real.outbox.put = put_then_die  # type: ignore[method-assign]
        return real.submit(dossier)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deferred, name)


def main(data_dir: Path, point: str) -> int:
    from tests.ui.driving import press_continue, visit_until_form, visit_until_receipt
    from ui.startup.app import build_window
    from ui.startup.demo import demo_services

    assert point in POINTS, point
    redactor = Redactor()
    configure_logging(data_dir / "logs", redactor)
    StartupRecovery(data_dir).run()
    cfg = defaults().replace(kiosk__data_dir=str(data_dir))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    bot: Any = Bot()
    with ExitStack() as stack:
        services = demo_services(cfg, redactor, stack, wait_for_backend=True)
        if point == "outbox":
            services.gateway = KillAtCommit(services.gateway)
        if point == "print":
            printer = services.printer

            def print_then_die(receipt: Receipt) -> None:
                printer(receipt)
                die()

            services.printer = print_then_die
        w = build_window(services, allow_close=True)
        w.resize(1920, 1080)
        w.show()
        QTest.qWaitForWindowExposed(w)
        w.ctx.session.subscribe(
            lambda step: (
                die() if (point, step) in {("form", Step.FORM), ("rating", Step.RATING)} else None
            )
        )
        print("driving", flush=True)
        if point == "form":
            visit_until_form(bot, w, "1.004194")
        else:
            visit_until_receipt(bot, w, "1.004194")  # "outbox" ends in here
            if point == "rating":
                bot.waitUntil(lambda: any((data_dir / "receipts").glob("*.pdf")), 20000)
                press_continue(bot, w)
            bot.waitUntil(lambda: False, timeout=20000)  # "print" and "rating" end here
        del app
    return 3  # not killed: the hook was never reached


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
