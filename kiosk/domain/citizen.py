"""The identity of a resident as read from the chip ID card (or entered by staff)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum


class IdentitySource(StrEnum):
    CARD = "card"  # read from the chip, passive authentication result attached
    STAFF = "staff"  # typed by staff when the card could not be read


@dataclass(frozen=True)
class CitizenIdentity:
    """Fields of DG13 (Vietnamese personal data) in a typed form.

    Dates the card prints as text that is not a date (e.g. expiry "Không thời hạn") keep
    ``expiry_date = None`` and the raw text in ``expiry_text``.
    """

    id_number: str
    full_name: str
    date_of_birth: date
    sex: str = ""
    nationality: str = ""
    ethnicity: str = ""
    religion: str = ""
    place_of_origin: str = ""
    place_of_residence: str = ""
    identifying_marks: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None
    expiry_text: str = ""
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    old_id_number: str = ""
    source: IdentitySource = IdentitySource.CARD
    #: staff member who typed it, when source is STAFF (an opaque staff id, never the PIN)
    entered_by: str = ""
    #: unknown DG13 fields kept raw: field number -> bytes
    extra: dict[int, bytes] = field(default_factory=dict, compare=False, hash=False)

    def identifying_values(self) -> list[str]:
        """The values that point at this person (for log redaction): not the ones shared by
        millions such as sex, nationality, ethnicity or religion."""
        generic = {self.sex, self.nationality, self.ethnicity, self.religion}
        return [v for v in self.personal_values() if v not in generic]

    def personal_values(self) -> list[str]:
        """Every personal value as text, for redaction filters and wipe tests."""
        out: list[str] = []
        for f in fields(self):
            if f.name in {"source", "extra", "entered_by"}:
                continue
            v = getattr(self, f.name)
            if isinstance(v, date):
                out.extend([v.strftime("%d/%m/%Y"), v.isoformat(), v.strftime("%d%m%Y")])
            elif isinstance(v, str) and v:
                out.append(v)
        return out
