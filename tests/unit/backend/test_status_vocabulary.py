"""The kiosk and the reference city speak the national portal's ten statuses.

Each side writes them down on its own: the engine imports nothing of the backend, and the
backend stands in for a city that would never import the kiosk. This test is the one place
that holds them side by side, so the two copies cannot drift.
"""

from __future__ import annotations

from citybackend.statuses import LABELS, Status
from kiosk.domain.dossier import STATUS_LABELS, DossierStatus


def test_the_same_ten_codes_and_names() -> None:
    assert {s.name: s.value for s in DossierStatus} == {s.name: s.value for s in Status}
    assert len(Status) == 10


def test_the_same_labels_in_both_languages() -> None:
    assert {s.value: STATUS_LABELS[s] for s in DossierStatus} == {
        s.value: LABELS[s] for s in Status
    }
