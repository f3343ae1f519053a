"""The Qt print path: receipts painted with QPainter onto CUPS printers, PDF files and images.

Entry points for the UI (call them from a worker thread): :mod:`ui.printing.qt_printer`
(``print_receipt``, ``render_pdf``, ``render_png``), :class:`ui.printing.pdf_file_printer.
PdfFilePrinter` (demo mode) and :func:`ui.printing.dispatch.print_with_config`.
"""
