"""Reference implementation of the city API the kiosks talk to (FastAPI + SQLAlchemy Core).

Run it with ``citybackend serve``; demo mode and the end-to-end tests embed it through
:mod:`citybackend.embedded`. It shares nothing with ``ui/`` and the kiosk never imports it.
"""

API_PREFIX = "/api/v1"
TRACKING_PREFIX = "/tra-cuu/"
