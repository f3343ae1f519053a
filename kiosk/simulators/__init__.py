"""Simulated devices for demo mode and tests, behind the same interfaces as the real ones."""
