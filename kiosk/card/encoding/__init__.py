"""Encodings of ICAO 9303 data: BER-TLV, object identifiers, MRZ arithmetic. No card I/O."""
