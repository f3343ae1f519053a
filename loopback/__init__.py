"""Real services as child processes on 127.0.0.1, for demo mode, the tests and bench/.

- :mod:`loopback.citybackend`: the reference city backend (``citybackend serve``), started by
  module name so that nothing is shared in memory with the kiosk;
- :mod:`loopback.postgres`: a throwaway PostgreSQL cluster (initdb + pg_ctl);
- :mod:`loopback.pcscd`: pcscd with the vpcd driver, under the lock one run at a time holds;
- :mod:`loopback.cups`: the CUPS scheduler and cups-pdf queues;
- :mod:`loopback.drip_server`: a city that answers one byte at a time (in a thread), for the
  client's total deadlines;
- :mod:`loopback.sample_dossiers`: the dossiers kiosks send it, a sample one, one full of
  personal values the log searches look for, and the values no database stores.

No Qt. It may start ``citybackend`` and use the engine (the PC/SC reader listing); the
engine never imports it (``tests/unit/test_import_graph.py``).
"""
