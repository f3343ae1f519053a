"""Staff and technician mode in the Qt UI (the engine is :mod:`kiosk.staff`)."""
