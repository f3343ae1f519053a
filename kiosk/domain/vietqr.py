"""VietQR payment payload (NAPAS, EMVCo merchant-presented QR) for the dossier fee.

The payload is a TLV string: two-digit ID, two-digit length, value. Nested templates (``38``
merchant account, ``62`` additional data) are TLV strings themselves. The last field ``63``
holds a CRC-16/CCITT-FALSE over everything before it *including* ``"6304"``, as four uppercase
hex digits. See ``shared/design/public-service-facts.md``.

The purpose text is folded to ASCII (no diacritics) because banking apps differ on multi-byte
text; lengths therefore count characters and bytes alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
#: EMVCo: each sub-field of the additional data template (62) holds at most 25 characters
SUBFIELD_MAX = 25
PURPOSE_MAX = SUBFIELD_MAX
#: the sub-fields of 62 this module writes: bill number, reference label, purpose
BILL_NUMBER, REFERENCE_LABEL, PURPOSE = "01", "05", "08"

_BIN_RE = re.compile(r"^[0-9]{6}\Z")
_ACCOUNT_RE = re.compile(r"^[0-9A-Za-z]{1,19}\Z")


class VietQRError(ValueError):
    """A payload cannot be built or parsed (a programming or configuration error)."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR.

    >>> f"{crc16_ccitt_false(b'123456789'):04X}"
    '29B1'
    """
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    """One TLV element; ``value`` must be ASCII and at most 99 characters."""
    if len(tag) != 2 or not tag.isdigit():
        raise VietQRError(f"bad tag {tag!r}")
    if not value.isascii():
        raise VietQRError(f"tag {tag}: value must be ASCII")
    if not 0 < len(value) <= 99:
        raise VietQRError(f"tag {tag}: value length {len(value)} not in 1..99")
    return f"{tag}{len(value):02d}{value}"


def ascii_purpose(text: str, limit: int = PURPOSE_MAX) -> str:
    """Fold Vietnamese text to plain ASCII letters, digits, spaces and ``-._/``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " -._/"))
    return " ".join(kept.split())[:limit].strip()


def _subfield(tag: str, value: str) -> str:
    """A sub-field of 62 kept whole: a dossier code cut short would name another dossier."""
    if not value:
        return ""
    if not value.isascii() or len(value) > SUBFIELD_MAX:
        raise VietQRError(f"62.{tag}: at most {SUBFIELD_MAX} ASCII characters")
    return tlv(tag, value)


def build_payload(
    bank_bin: str,
    account: str,
    amount: int | None,
    purpose: str,
    *,
    bill_number: str = "",
    reference: str = "",
) -> str:
    """The VietQR string for a transfer to ``account`` at the bank ``bank_bin``.

    Args:
        bank_bin: the bank's 6-digit NAPAS BIN (e.g. ``"970415"``).
        account: the receiving account number.
        amount: whole VND; ``None`` makes a static QR where the payer types the amount. A
            zero amount is refused: nothing to pay, no QR.
        purpose: transfer note; folded to ASCII, cut to :data:`PURPOSE_MAX` characters.
        bill_number: sub-field 62.01 (the dossier code), at most 25 characters, never cut.
        reference: sub-field 62.05 (reference label), at most 25 characters, never cut.
    """
    if not _BIN_RE.match(bank_bin):
        raise VietQRError("bank BIN must be 6 digits")
    if not _ACCOUNT_RE.match(account):
        raise VietQRError("account must be 1-19 letters or digits")
    if amount is not None and not 0 < amount < 10**13:
        raise VietQRError("amount must be a positive whole number of VND")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "12" if amount is not None else "11"),
        tlv("38", merchant),
        tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(tlv("54", str(amount)))
    parts.append(tlv("58", COUNTRY_VN))
    extra = (
        _subfield(BILL_NUMBER, bill_number)
        + _subfield(REFERENCE_LABEL, reference)
        + _subfield(PURPOSE, ascii_purpose(purpose))
    )
    if extra:
        parts.append(tlv("62", extra))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_tlv(text: str) -> dict[str, str]:
    """Split a TLV string into ``{tag: value}``; raises :class:`VietQRError` when malformed."""
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        if i + 4 > len(text):
            raise VietQRError(f"truncated TLV header at {i}")
        tag, length_text = text[i : i + 2], text[i + 2 : i + 4]
        if not length_text.isdigit():
            raise VietQRError(f"bad length at {i + 2}")
        length = int(length_text)
        value = text[i + 4 : i + 4 + length]
        if len(value) != length:
            raise VietQRError(f"tag {tag}: value truncated")
        out[tag] = value
        i += 4 + length
    return out


@dataclass(frozen=True)
class VietQRPayload:
    """The meaningful fields of a parsed VietQR payload."""

    dynamic: bool
    bank_bin: str
    account: str
    amount: int | None
    purpose: str
    crc: str
    bill_number: str = ""
    reference: str = ""
    #: every sub-field of 62 as found, for checks of their lengths
    additional: dict[str, str] = field(default_factory=dict)


def crc_valid(payload: str) -> bool:
    """Whether the trailing ``6304XXXX`` matches the CRC of everything before it."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        return False
    expected = f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
    return payload[-4:].upper() == expected


def parse_payload(payload: str) -> VietQRPayload:
    """Parse and check a payload built by :func:`build_payload` (used by tests and diagnostics)."""
    if not payload.isascii():
        raise VietQRError("payload must be ASCII")
    if not crc_valid(payload):
        raise VietQRError("CRC mismatch")
    root = parse_tlv(payload)
    if root.get("00") != "01":
        raise VietQRError("payload format indicator must be 01")
    merchant = parse_tlv(root.get("38", ""))
    if merchant.get("00") != NAPAS_GUID:
        raise VietQRError("not a NAPAS merchant account")
    beneficiary = parse_tlv(merchant.get("01", ""))
    extra = parse_tlv(root["62"]) if "62" in root else {}
    return VietQRPayload(
        dynamic=root.get("01") == "12",
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        amount=int(root["54"]) if "54" in root else None,
        purpose=extra.get(PURPOSE, ""),
        crc=root["63"],
        bill_number=extra.get(BILL_NUMBER, ""),
        reference=extra.get(REFERENCE_LABEL, ""),
        additional=extra,
    )
