"""Names and numbers of the LDS files (ICAO 9303-10) on the CCCD."""

from __future__ import annotations

from enum import IntEnum


class Fid(IntEnum):
    """Short file identifiers of the elementary files under the eMRTD application."""

    COM = 0x011E
    SOD = 0x011D
    DG1 = 0x0101
    DG2 = 0x0102
    DG3 = 0x0103
    DG13 = 0x010D
    DG14 = 0x010E
    DG15 = 0x010F
    CARD_ACCESS = 0x011C  # in the master file, outside the eMRTD application


TAG_SOD = 0x77


def sfi(fid: int) -> int:
    """The short file identifier of an LDS file: the low five bits of its FID (9303-10)."""
    return fid & 0x1F
