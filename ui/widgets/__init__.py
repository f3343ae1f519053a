"""Reusable widgets: on-screen keyboard, QR view, scanner input, form fields."""
