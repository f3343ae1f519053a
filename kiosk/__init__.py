"""Ward kiosk engine: everything that decides, reads a card, talks to the city or writes to disk.

This package never imports Qt (``tests/unit/test_no_qt.py`` enforces it).
"""

__version__ = "0.1.0"
