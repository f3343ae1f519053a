#!/usr/bin/env python3
"""Write kiosk/domain/legacy_wards.json (old ward -> today's communes) from the installed
vietnam-provinces; run it after upgrading that package (a unit test says when)."""

import json

from kiosk.domain.address import LEGACY_INDEX, build_legacy_index

if __name__ == "__main__":
    text = json.dumps(
        build_legacy_index(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    LEGACY_INDEX.write_text(text + "\n", encoding="utf-8")
    print(f"{LEGACY_INDEX}: {len(text)} characters")
