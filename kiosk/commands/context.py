"""The one shape every command group has: ``register(subparsers, ctx)``.

``ctx`` is what the process running the command line gives the commands beyond ``argv``:
today the receipt renderer of the GUI layer, which the engine cannot import. Without it (``python
-m kiosk.commands``) the commands that need it say so and stop.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeAlias

from kiosk.config import Config, defaults, load

if TYPE_CHECKING:
    from kiosk.domain.receipt import Receipt

#: what ``add_subparsers()`` returns; each group adds its parser to it
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

#: ``render(receipt, out, layout)``: writes ``out`` as a PDF or PNG (by its suffix)
ReceiptRenderer: TypeAlias = Callable[["Receipt", Path, str], object]


@dataclass(frozen=True)
class CommandContext:
    """What the command groups get from the process that runs them."""

    #: the Qt renderer for ``kiosk receipt render --out X.pdf|X.png`` (given by ``ui.startup.cli``)
    render_receipt: ReceiptRenderer | None = None


class Register(Protocol):
    """A command group's ``register``: adds its sub-command, whose ``func(args)`` runs it."""

    def __call__(self, subparsers: Subparsers, ctx: CommandContext) -> None: ...


def config_from_args(args: argparse.Namespace) -> Config:
    """The main parser's ``--config`` file, else the built-in defaults.

    Raises:
        ConfigError: the file is missing or invalid.
    """
    path = getattr(args, "config", None)
    return load(path) if path else defaults()
