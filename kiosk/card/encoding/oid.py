"""ASN.1 object identifiers as eMRTD files and commands carry them: dotted text <-> DER bytes."""

from __future__ import annotations

from asn1crypto import core

from kiosk.card.encoding.tlv import Tlv
from kiosk.card.errors import CorruptDataError


def oid_dotted(obj: Tlv) -> str:
    if obj.tag != 0x06:
        raise CorruptDataError("expected an OBJECT IDENTIFIER")
    return str(core.ObjectIdentifier.load(b"\x06" + _der_length(len(obj.value)) + obj.value).dotted)


def oid_value(dotted: str) -> bytes:
    """The content bytes (no tag or length) of an OID, as MSE:Set AT's DO80 carries it."""
    return bytes(core.ObjectIdentifier(dotted).contents)


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body
