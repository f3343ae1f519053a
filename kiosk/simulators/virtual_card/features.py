"""What the virtual card can do (as opposed to :mod:`faults`, what it does wrong)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ChipAuthMode = Literal["ca", "aa", "none"]


@dataclass(frozen=True)
class CardFeatures:
    """The default is today's card: PACE on brainpoolP256r1 with AES, BAC as well, chip
    authentication (DG14) and an active-authentication key (DG15), short APDUs only.

    - ``pace``: EF.CardAccess lists PACE; False = a BAC-only card (no EF.CardAccess).
    - ``pace_parameter_id``: 13 = brainpoolP256r1, 12 = NIST P-256 (9303-11 table 6).
    - ``pace_cipher``: "AES" (AES-128) or "3DES".
    - ``chip_auth``: "ca" = DG14 + DG15 (the reader does CA), "aa" = DG15 only (AA),
      "none" = neither.
    - ``aa_key``: "ec" (ECDSA P-256) or "rsa" (RSA-1024, ISO/IEC 9796-2).
    - ``extended_length``: the ATR advertises extended Lc/Le and the card answers up to
      ``extended_read`` bytes per READ BINARY.
    - ``photo``: DG2 present (cards of children under 6 have none).
    - ``sfi``: READ BINARY by short file identifier; False = answered 6986 (SELECT first).
    """

    pace: bool = True
    pace_parameter_id: int = 13
    pace_cipher: Literal["AES", "3DES"] = "AES"
    chip_auth: ChipAuthMode = "ca"
    aa_key: Literal["ec", "rsa"] = "ec"
    extended_length: bool = False
    extended_read: int = 0x1000
    photo: bool = True
    sfi: bool = True
