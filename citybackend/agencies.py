"""Which agency code prefixes the dossiers of each competent ward.

A dossier filed away from its competent unit (Hanoi's non-territorial filing) carries the
competent unit's code, not the receiving kiosk's. The city keeps the codes of its units in a
TOML file, ``[agencies]`` then ``"<ward code>" = "<agency code>"``, e.g. ``"199" =
"000.00.xx.H26"``; no code is invented here. A ward without an entry keeps the enrolled
kiosk's agency code.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

AGENCY_PATTERN = re.compile(r"^[0-9A-Za-z.]{1,40}$")


class AgencyFileError(ValueError):
    """The agency file given at start cannot be used."""


def ward_key(code: str) -> str:
    """ "00199" and "199" name the same ward."""
    return str(int(code)) if code.isdigit() else code


def load_agency_codes(path: str | Path | None) -> dict[str, str]:
    """Ward code -> agency code from the TOML file (empty without a file)."""
    if not path:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AgencyFileError(f"cannot read agency file {path}: {exc}") from exc
    table = data.get("agencies", {})
    if not isinstance(table, dict):
        raise AgencyFileError(f"{path}: [agencies] must be a table")
    out: dict[str, str] = {}
    for ward, agency in table.items():
        if not ward.isdigit() or not isinstance(agency, str) or not AGENCY_PATTERN.match(agency):
            raise AgencyFileError(f"{path}: agencies.{ward}: not a ward code and agency code")
        out[ward_key(ward)] = agency
    return out
