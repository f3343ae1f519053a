"""Reference implementation of the city API the kiosks talk to (FastAPI + SQLAlchemy Core).

Run it with ``citybackend serve``; demo mode (``loopback/citybackend.py``) and the tests start
that command as a separate process on 127.0.0.1. It shares nothing with ``ui/`` and the kiosk
never imports it.
"""

API_PREFIX = "/api/v1"
TRACKING_PREFIX = "/tra-cuu/"
