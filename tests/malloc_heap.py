"""What glibc's malloc has handed out and not had back (``mallinfo2``), for growth checks.

RSS also counts memory malloc keeps free for reuse; this counts only what is in use, so a leak
shows in it and fragmentation does not.
"""

from __future__ import annotations

import ctypes


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def in_use_bytes() -> int:
    """Bytes in use: small blocks from the arenas plus large ones mapped on their own."""
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return int(info.uordblks + info.hblkhd)
