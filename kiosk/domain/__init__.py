"""Domain model: procedures, identities, dossiers, calendars, payments, receipts (no I/O)."""
