"""Diagnostics for the technician: what the kiosk's devices, network and disk look like now.

``collect()`` runs a list of :class:`Probe` s in parallel, each bounded in time, into a
:class:`DiagnosticsReport` that holds no personal data. ``export_report`` writes it as JSON and
text (to a USB stick or the data directory). ``kiosk doctor`` is in :mod:`kiosk.commands.doctor`.
"""

from kiosk.diagnostics.collect import DaemonThreadRunner, Probe, collect
from kiosk.diagnostics.export import export_report, removable_mounts
from kiosk.diagnostics.report import DiagnosticsReport, ProbeResult, Status

__all__ = [
    "DaemonThreadRunner",
    "DiagnosticsReport",
    "Probe",
    "ProbeResult",
    "Status",
    "collect",
    "export_report",
    "removable_mounts",
]
