"""``python -m kiosk.commands COMMAND``: the technician commands without the kiosk or Qt."""

import sys

from kiosk.commands.main import main

if __name__ == "__main__":  # not when merely imported (tests/unit/test_no_qt.py imports all)
    sys.exit(main())
