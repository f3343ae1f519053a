"""Images the kiosk draws (SVG, one ink colour: ``currentColor``)."""
