"""The kiosk walked through as a resident would, in a real window on the display it runs on.

Touches go through the X server at the widgets' on-screen positions (``xinput``), typing goes
through the on-screen keyboard's keys, and every screen is checked for what only a real window
shows: the window's size, what lies off the screen or under another widget (``audit``).
``kiosk --demo --walkthrough tour|journey:CODE|screenshots`` runs it; the real-window test tier
(tests/screen), ``bench/journey.py`` and ``make screenshots`` use it.
"""
