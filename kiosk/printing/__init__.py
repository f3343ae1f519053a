"""Receipt printing that needs no Qt: ESC/POS thermal printers, printer state checks.

The Qt/CUPS/PDF renderer lives in ``ui/printing``; both draw the same blocks
(:mod:`kiosk.printing.receipt_blocks`).
"""
