"""Flat SVG icons: one per procedure category, the rating faces."""
