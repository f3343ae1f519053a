"""Fault modes of the virtual card, for tests, the demo and technician rehearsals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FaultModes:
    """What the virtual card does wrong. The default is a healthy card.

    - ``reject_access``: every EXTERNAL AUTHENTICATE fails (as if the keys were wrong).
    - ``tamper_dg13``: DG13 is changed after the SOD was signed (hash mismatch).
    - ``remove_after_reads``: the card leaves the field after this many READ BINARY commands.
    - ``apdu_delay_s``: a slow card - every answer takes this long.
    - ``max_read``: the card returns at most this many bytes per READ BINARY (short reads).
    - ``wrong_length_above``: READ BINARY asking for more than this is answered 6700.
    - ``bad_response_mac``: protected answers carry a wrong MAC (integrity failure).
    - ``refuse_pace``: MSE:Set AT for PACE is answered 6982 (the reader falls back to BAC).
    - ``wrong_chip_key``: the chip's private keys do not match DG14/DG15 (a cloned chip).
    """

    reject_access: bool = False
    tamper_dg13: bool = False
    remove_after_reads: int | None = None
    apdu_delay_s: float = 0.0
    max_read: int | None = None
    wrong_length_above: int | None = None
    bad_response_mac: bool = False
    refuse_pace: bool = False
    wrong_chip_key: bool = False

    @classmethod
    def parse(cls, spec: str) -> FaultModes:
        """From a comma list such as ``"tamper_dg13,max_read=32"`` (CLI and demo settings)."""
        kwargs: dict[str, object] = {}
        for item in filter(None, (s.strip() for s in spec.split(","))):
            name, _, value = item.partition("=")
            name = name.strip().replace("-", "_")
            if name not in cls.__dataclass_fields__:
                raise ValueError(f"unknown fault mode {name!r}")
            current = getattr(cls(), name)
            if isinstance(current, bool):
                kwargs[name] = True
            elif name == "apdu_delay_s":
                kwargs[name] = float(value)
            else:
                kwargs[name] = int(value, 0)
        return cls(**kwargs)  # type: ignore[arg-type]
