"""The technician commands of the ``kiosk`` command line, one module per command group.

Each group module (:mod:`~kiosk.commands.card`, ``catalog``, ``config_check``, ``doctor``,
``receipt``, ``staff``) has the same shape: ``register(subparsers, ctx)`` adds its
sub-command, whose ``func(args)`` returns the exit status (see :mod:`kiosk.commands.context`).
:mod:`kiosk.commands.main` builds the parser from them and runs the command; ``python -m
kiosk.commands COMMAND`` runs them alone. The ``kiosk`` console command (``ui.startup.cli``)
adds the kiosk itself and the Qt receipt renderer through a
:class:`~kiosk.commands.main.Frontend`.
"""
