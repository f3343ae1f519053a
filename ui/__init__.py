"""The PySide6 layer of the kiosk: the only package that imports Qt."""
