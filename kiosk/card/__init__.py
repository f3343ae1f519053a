"""Reading the chip ID card (CCCD), an ICAO 9303 eMRTD, in layers; each imports only those below.

- ``encoding``: BER-TLV, object identifiers, MRZ check digits.
- ``crypto``: the primitives the terminal and the virtual card share (3DES, AES, EC, PACE).
- ``transport``: how APDUs travel: the connection (PC/SC), commands and answers, secure messaging.
- ``lds``: the files on the chip (EF.CardAccess, EF.SOD, DG1, DG2, DG13, DG14...) and reading them.
- ``access``: opening the chip: the resident's keys, PACE, BAC.
- ``verification``: proving chip and data genuine: chip / active / passive authentication.

On top: ``reader`` (one read, in order), ``service`` (the card thread), ``api`` (what the rest
of the kiosk sees), ``errors``, ``identity`` (the files to a ``CitizenIdentity``), ``generation``.
"""
