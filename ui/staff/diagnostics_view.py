"""Diagnostics on screen: run the probes on a worker, show each check in plain words with its
detail codes, and export the report (no personal data) to a USB stick or the data directory."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.diagnostics import DiagnosticsReport, Probe, collect, export_report
from kiosk.diagnostics.report import Status
from kiosk.lang import Lang
from ui.context import UiContext
from ui.screens.base import label, scroll_area
from ui.staff.strings import tr

log = logging.getLogger(__name__)

#: folder of the data directory that receives a report when no USB stick is mounted
LOCAL_REPORT_DIR = "diagnostics"

ProbeFactory = Callable[[], Sequence[Probe]]
MountFinder = Callable[[], list[Path]]


def export_to_best_place(
    report: DiagnosticsReport, mounts: MountFinder, fallback: Path
) -> tuple[Path, bool]:
    """Write ``report`` to the first removable mount, else ``fallback``; (json path, on USB)."""
    found = mounts()
    for mount in found:
        try:
            return export_report(report, mount), True
        except OSError as exc:
            log.warning("report not written to a removable mount: %s", exc.strerror)
    return export_report(report, fallback), False


class DiagnosticsView(QWidget):
    def __init__(self, ctx: UiContext, probes: ProbeFactory, mounts: MountFinder) -> None:
        super().__init__()
        self.setObjectName("DiagnosticsView")
        self.ctx = ctx
        self._probes = probes
        self._mounts = mounts
        self.report: DiagnosticsReport | None = None
        self.exported: Path | None = None
        self._running = False
        self._exporting = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.setObjectName("Primary")
        self.run_button.setProperty("role", "diag_run")
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton()
        self.export_button.setObjectName("diag_export")
        self.export_button.clicked.connect(self.export)
        actions.addWidget(self.run_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        outer.addLayout(actions)
        self.status = label()
        self.status.setObjectName("diag_status")
        self.overall = label(name="H2")
        outer.addWidget(self.status)
        outer.addWidget(self.overall)
        self.results = QWidget()
        self.results_layout = QVBoxLayout(self.results)
        self.results_layout.addStretch(1)
        outer.addWidget(scroll_area(self.results), 1)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        self.retranslate()

    @property
    def fallback_dir(self) -> Path:
        return self.ctx.services.config.data_dir / LOCAL_REPORT_DIR

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.run_button.setText(tr("diag.run", lang))
        self.export_button.setText(tr("diag.export", lang))
        self._enable()
        if self.report is not None:
            self._show(self.report)

    def _enable(self) -> None:
        self.run_button.setEnabled(not self._running)
        self.export_button.setEnabled(
            self.report is not None and not self._running and not self._exporting
        )

    def abandon(self) -> None:
        """A task's answer was dropped (the visit was wiped): make the buttons usable again."""
        if self._running or self._exporting:
            self._running = self._exporting = False
            self.status.clear()
            self._enable()

    # --- running --------------------------------------------------------------------------
    def run(self) -> None:
        if self._running:
            return
        self._running = True
        self.status.setText(tr("diag.running", self.ctx.lang))
        self._enable()
        probes = self._probes
        kiosk_id = self.ctx.services.config.kiosk.id
        self.ctx.runner.run(
            lambda: collect(list(probes()), kiosk_id=kiosk_id), self._collected, self._failed
        )

    def _collected(self, report: DiagnosticsReport) -> None:
        self._running = False
        self.report = report
        self.status.clear()
        log.info("diagnostics: %s", report.status.value)
        self._show(report)
        self._enable()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        log.error("diagnostics failed", exc_info=error)
        self.status.setText(tr("diag.failed", self.ctx.lang, reason=type(error).__name__))
        self._enable()

    def _show(self, report: DiagnosticsReport) -> None:
        lang = self.ctx.lang
        doc = report.as_dict()  # scrubbed of anything that looks personal
        self.overall.setText(tr("diag.overall", lang, status=_status_words(doc["status"], lang)))
        for name, probe in doc["probes"].items():
            if name not in self.rows:
                title, detail = label(name="H2"), label(name="Muted")
                index = self.results_layout.count() - 1  # before the stretch
                self.results_layout.insertWidget(index, title)
                self.results_layout.insertWidget(index + 1, detail)
                self.rows[name] = (title, detail)
            title, detail = self.rows[name]
            words = tr(f"diag.probe.{name}", lang)
            title.setText(f"{words}: {_status_words(probe['status'], lang)}")
            detail.setText(_detail_text(name, probe))

    # --- export ---------------------------------------------------------------------------
    def export(self) -> None:
        report = self.report
        if report is None or self._exporting:
            return
        self._exporting = True
        self.status.setText(tr("diag.exporting", self.ctx.lang))
        self._enable()
        mounts, fallback = self._mounts, self.fallback_dir
        self.ctx.runner.run(
            lambda: export_to_best_place(report, mounts, fallback),
            self._exported,
            self._export_failed,
        )

    def _exported(self, answer: tuple[Path, bool]) -> None:
        self._exporting = False
        path, usb = answer
        self.exported = path
        log.info("diagnostics report exported (%s)", "usb" if usb else "data directory")
        key = "diag.exported_usb" if usb else "diag.exported_local"
        self.status.setText(tr(key, self.ctx.lang, path=str(path)))
        self._enable()

    def _export_failed(self, error: BaseException) -> None:
        self._exporting = False
        reason = getattr(error, "strerror", None) or type(error).__name__
        log.warning("diagnostics report not exported: %s", reason)
        self.status.setText(tr("diag.export_failed", self.ctx.lang, reason=reason))
        self._enable()


def _status_words(status: str, lang: Lang) -> str:
    words = tr(f"diag.status.{status}", lang)
    return f"{words} ({Status(status).value.upper()})"


def _detail_text(name: str, probe: dict[str, Any]) -> str:
    """The probe's one-line summary and its figures, as the technician's detail codes."""
    lines = [f"{name}: {probe['summary']}"]
    lines.extend(_data_lines(probe["data"], "  "))
    return "\n".join(lines)


def _data_lines(data: Any, indent: str) -> list[str]:
    if isinstance(data, dict):
        out: list[str] = []
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                out.append(f"{indent}{key}:")
                out.extend(_data_lines(value, indent + "  "))
            else:
                out.append(f"{indent}{key}: {_scalar(value)}")
        return out
    if isinstance(data, list):
        items: list[str] = []
        for item in data:
            items.append(f"{indent}-")
            items.extend(_data_lines(item, indent + "  "))
        return items
    return [f"{indent}{_scalar(data)}"]


def _scalar(value: Any) -> str:
    if value is None or (isinstance(value, dict | list) and not value):
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
