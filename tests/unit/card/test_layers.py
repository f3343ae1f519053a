"""The card engine's layers (``kiosk/card/__init__.py``): each imports only those below it.

``errors``, ``api`` and ``generation`` are the card's shared vocabulary and may be imported
from any layer; ``reader``, ``read_stats``, ``service`` and ``identity`` sit on top and are
imported by no layer. Nothing in ``kiosk.card`` imports the simulators.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.unit.test_import_graph import imported_names

CARD = Path(__file__).resolve().parents[3] / "kiosk" / "card"
LAYERS = ("encoding", "crypto", "transport", "lds", "access", "verification")
SHARED = {"errors", "api", "generation"}


def _rank(module: str) -> int | None:
    """The layer of ``kiosk.card.<part>...``: its index, len(LAYERS) on top, None if shared."""
    part = module.split(".")[2]
    if part in SHARED:
        return None
    return LAYERS.index(part) if part in LAYERS else len(LAYERS)


def _offences(source: str, text: str) -> list[str]:
    """The imports in module ``source`` (its code ``text``) that break the layering."""
    own = _rank(source) if source != "kiosk.card" else len(LAYERS)
    found = []
    for line, name in imported_names(ast.parse(text)):
        if name.startswith("kiosk.simulators"):
            found.append(f"{source}:{line}: {name}")
        elif name.startswith("kiosk.card.") and own is not None:
            target = _rank(name)
            if target is not None and target > own:
                found.append(f"{source}:{line}: {name}")
    return found


def _module(path: Path) -> str:
    rel = path.relative_to(CARD.parents[1]).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def test_each_layer_imports_only_the_layers_below_it() -> None:
    offences = [
        o
        for path in sorted(CARD.rglob("*.py"))
        for o in _offences(_module(path), path.read_text(encoding="utf-8"))
    ]
    assert offences == []


def test_every_subpackage_is_a_named_layer() -> None:
    packages = {p.parent.name for p in CARD.glob("*/__init__.py")}
    assert packages == set(LAYERS)


def test_upward_imports_and_the_simulators_are_offences() -> None:
    text = (
        "from kiosk.card.access.keys import CAN_LENGTH\n"
        "from kiosk.card.errors import CardError\n"
        "from kiosk.card.encoding.tlv import Tlv\n"
        "def f() -> None:\n"
        "    import kiosk.card.reader\n"
        "    import kiosk.simulators.demo_card\n"
    )
    assert _offences("kiosk.card.crypto.ec", text) == [
        "kiosk.card.crypto.ec:1: kiosk.card.access.keys",
        "kiosk.card.crypto.ec:5: kiosk.card.reader",
        "kiosk.card.crypto.ec:6: kiosk.simulators.demo_card",
    ]
    assert _offences("kiosk.card.reader", text)[-1].endswith("kiosk.simulators.demo_card")
