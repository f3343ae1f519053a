"""The LDS (ICAO 9303-10): the chip's files, reading them, a parser for each one the kiosk uses."""
