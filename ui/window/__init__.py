"""The kiosk window (:mod:`ui.window.main_window`) and its parts: header and footer, the
screens by step, the keyboard that follows the focus, the idle countdown, the staff gesture."""
