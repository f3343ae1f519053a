"""Simulated devices for demo mode and tests, behind the same interfaces as the real ones, and
the fictitious resident and receipt they and the technician commands use."""
