"""Composition root: build the engine services from the configuration and start the window."""

from __future__ import annotations

import argparse
import faulthandler
import logging
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import Config, ConfigError, defaults, load
from kiosk.lang import Lang, parse_lang
from kiosk.runtime.logsetup import Redactor, configure_logging
from kiosk.runtime.startup_recovery import StartupRecovery
from kiosk.runtime.watchdog import WatchdogPinger, pinger_from_environ
from kiosk.settings_store import SettingsStore, config_path
from kiosk.visit.session import VisitSession
from ui.bridges import TaskRunner
from ui.context import Services, UiContext
from ui.speech import default_speaker
from ui.startup.crash import CrashHandler
from ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

REPO_CONFIG = Path(__file__).resolve().parents[1] / "config" / "kiosk.toml"
SPEECH_DELAY_MS = 3000
STAFF_MODE_DELAY_MS = 300
DEMO_DATA_DIR = Path.home() / ".local" / "share" / "ward-kiosk-demo"


def settings_path(args: argparse.Namespace) -> Path | None:
    """``--config``, else ``$KIOSK_CONFIG``, else /etc/ward-kiosk/kiosk.toml if installed,
    else the repository's config/kiosk.toml (a development checkout). The demo always starts
    from the repository's file unless told otherwise, so it looks the same on every machine."""
    if args.demo and not args.config:
        return REPO_CONFIG if REPO_CONFIG.exists() else None
    path = config_path(args.config)
    if path is None and REPO_CONFIG.exists():
        path = REPO_CONFIG
    return path


def load_config(args: argparse.Namespace) -> Config:
    path = settings_path(args)
    cfg = load(path) if path is not None else defaults()
    if args.data_dir:
        cfg = cfg.replace(kiosk__data_dir=args.data_dir)
    elif args.demo:
        cfg = cfg.replace(kiosk__data_dir=str(DEMO_DATA_DIR))
    return cfg


def diagnostics_probes(services: Services) -> list[Any]:
    """The technician's diagnostics (imported when first asked for: not needed to start)."""
    from kiosk.diagnostics.standard import standard_probes

    return list(
        standard_probes(
            services.config,
            card_runner=services.card.run,
            outbox_state=services.gateway.outbox_state,
        )
    )


def start_watchdog_timer(pinger: WatchdogPinger) -> QTimer:
    """Ping systemd's watchdog from the GUI event loop: a frozen GUI stops the pings and
    systemd restarts the kiosk (WatchdogSec in deploy/systemd/ward-kiosk.service)."""
    timer = QTimer()
    timer.setInterval(pinger.timer_interval_ms)
    timer.timeout.connect(pinger.tick)
    timer.start()
    return timer


def attach_staff_mode(window: MainWindow, services: Services, settings: Path | None) -> None:
    """Staff and technician mode on ``window``. Demo mode passes no settings file: it never
    edits one (it would be the repository's); its PINs are seeded by ui.startup.demo."""
    from kiosk.staff import PinStore
    from kiosk.staff.pins import pin_path
    from ui.staff.mode import StaffMode

    StaffMode(
        window,
        pin_store=PinStore(pin_path(services.config.data_dir)),
        settings_store=SettingsStore(settings) if settings else None,
        probes=lambda: diagnostics_probes(services),
    )


def build_window(
    services: Services, *, lang: Lang | None = None, allow_close: bool = False
) -> MainWindow:
    cfg = services.config
    ctx = UiContext(
        services=services,
        session=VisitSession(clock=services.clock, ward_code=cfg.kiosk.ward_code),
        runner=TaskRunner(),
        lang=lang or cfg.ui.language,
        large_text=cfg.ui.large_text,
        high_contrast=cfg.ui.high_contrast,
    )
    return MainWindow(ctx, allow_close=allow_close)


def run(args: argparse.Namespace) -> int:
    try:
        cfg = load_config(args)
    except ConfigError as exc:
        print(f"error: {exc.file}: {exc.key}: {exc.reason}", file=sys.stderr)
        return 2
    cfg.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    faulthandler.enable()  # a watchdog kill (SIGABRT) leaves a traceback in the journal
    redactor = Redactor()
    unattended = bool(args.screenshots or getattr(args, "walkthrough", None))
    configure_logging(cfg.data_dir / "logs", redactor, also_stderr=unattended)
    # after a crash or power loss: the previous visit's scratch data is gone before anyone sees
    # the home screen; the outbox (encrypted, in the data dir) is left alone and resumes
    cleaned = StartupRecovery(cfg.data_dir).run()
    log.info("start-up clean-up: %s", cleaned.summary())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ward-kiosk")
    with ExitStack() as stack:
        if args.demo:
            from ui.startup.demo import demo_services

            services = demo_services(cfg, redactor, stack, wait_for_backend=unattended)
        else:
            from ui.startup.production import production_services

            services = production_services(cfg, redactor, stack)
        lang = parse_lang(args.lang) if args.lang else None
        window = build_window(services, lang=lang, allow_close=unattended)
        stack.callback(window.shutdown)
        # staff and technicians: long press on the title, then a PIN; attached just after the
        # first frame (the panels take a few tenths of a second to load; the press takes 3 s)
        settings_file = None if args.demo else settings_path(args)
        QTimer.singleShot(
            STAFF_MODE_DELAY_MS, lambda: attach_staff_mode(window, services, settings_file)
        )
        stack.callback(services.card.shutdown)
        # after the first frame, off the GUI thread: the search index of a large catalog, and
        # the city client with its outbox drain (deferred so that the home screen paints first)
        catalog = services.catalog
        window.ctx.runner.run(
            lambda: catalog.index,
            lambda _index: None,
            lambda exc: log.error("search index not built: %s", exc),
        )
        window.ctx.runner.run(
            services.warm_up,
            lambda _none: None,
            lambda exc: log.error("city client not started: %s", exc),
        )
        if not unattended:
            # spoken guidance where a voice is installed (speech-dispatcher), after start-up
            # (Qt Multimedia takes a few tenths of a second to load: well after the first frame)
            QTimer.singleShot(SPEECH_DELAY_MS, lambda: window.set_speaker(default_speaker(window)))
        crash = CrashHandler(window.show_recovery)
        crash.install()
        stack.callback(crash.uninstall)
        walkthrough = getattr(args, "walkthrough", None)
        if args.screenshots or walkthrough:
            from ui.walkthrough.run import run_walkthrough

            report = getattr(args, "report", None)
            return run_walkthrough(
                window,
                walkthrough or "tour",
                Path(report) if report else None,
                Path(args.screenshots) if args.screenshots else None,
            )
        if getattr(args, "bench_startup", False):
            from ui.startup.first_frame import FirstFrameProbe

            window.allow_close()
            FirstFrameProbe(window.screens[window.ctx.session.step])
        if args.windowed:
            window.resize(1280, 800)
            window.show()
        else:
            window.show_full_screen()
        log.info("kiosk started (demo=%s)", bool(args.demo))
        watchdog = pinger_from_environ()
        if watchdog.enabled:
            ping = start_watchdog_timer(watchdog)
            stack.callback(ping.stop)
        # systemd stops the kiosk with SIGTERM: leave the event loop so that the clean-up
        # registered above runs (the sync thread, the card thread, the demo backend); exit(),
        # not quit(): the kiosk window refuses to close; queued, so that a signal that comes
        # before the loop runs is not lost
        previous = signal.signal(
            signal.SIGTERM, lambda _signum, _frame: QTimer.singleShot(0, lambda: app.exit(0))
        )
        stack.callback(signal.signal, signal.SIGTERM, previous)
        watchdog.ready(window.ctx.session.step.value)  # "home": a new run starts there
        stack.callback(watchdog.stopping)
        # let Python signal handlers (Ctrl+C in a terminal) run while Qt's loop spins
        keepalive = QTimer()
        keepalive.start(500)
        keepalive.timeout.connect(lambda: None)
        return int(app.exec())
