"""The backend's data, one module per aggregate over one shared transaction base.

``transactions`` holds the engine and the read/write transactions every store uses;
``kiosks``, ``dossiers`` and ``ratings`` hold the operations of each aggregate; ``store``
joins them into the one :class:`~citybackend.stores.store.Store` the app and the CLI use.
"""
