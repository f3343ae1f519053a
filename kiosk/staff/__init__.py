"""Staff and technician access: PINs stored as argon2id hashes, with a persisted lockout."""

from kiosk.staff.errors import PinLockedError, PinPolicyError, PinStoreError, StaffError
from kiosk.staff.pins import LockState, PinStore, Role, StaffMember

__all__ = [
    "LockState",
    "PinLockedError",
    "PinPolicyError",
    "PinStore",
    "PinStoreError",
    "Role",
    "StaffError",
    "StaffMember",
]
