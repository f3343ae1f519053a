"""The store's refusals; each ``code`` is stable and goes into API error bodies."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's refusals."""

    code = "store.error"


class IdempotencyConflictError(StoreError):
    code = "idempotency_conflict"


class NotFoundError(StoreError):
    code = "not_found"


class StoreBusyError(StoreError):
    """The database stayed locked by other writers for too long; the caller may retry."""

    code = "busy"


class UnstorableError(StoreError):
    """The database refused this one dossier (a value validation let through); the other
    dossiers of its batch are stored."""

    code = "unstorable"


class InvalidTransitionError(StoreError):
    code = "invalid_transition"


class KioskExistsError(StoreError):
    code = "kiosk_exists"
