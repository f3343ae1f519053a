"""Real services as child processes on 127.0.0.1, for demo mode, the tests and bench/.

- :mod:`loopback.citybackend`: the reference city backend (``citybackend serve``), started by
  module name so that nothing is shared in memory with the kiosk;
- :mod:`loopback.postgres`: a throwaway PostgreSQL cluster (initdb + pg_ctl);
- :mod:`loopback.pcscd`: pcscd with the vpcd driver, under the lock one run at a time holds;
- :mod:`loopback.cups`: the CUPS scheduler and cups-pdf queues.

No Qt. It may start ``citybackend`` and use the engine (the PC/SC reader listing); the
engine never imports it (``tests/unit/test_import_graph.py``).
"""
