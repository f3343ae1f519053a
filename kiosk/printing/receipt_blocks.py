"""The receipt as a column of blocks, the one layout every renderer draws.

Renderers (Pillow for ESC/POS in :mod:`kiosk.printing.raster`, QPainter in ``ui/printing``)
walk :func:`receipt_blocks` top to bottom. Sizes are in points (1/72 inch) so a renderer maps
them to its own device; widths follow the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.fees import format_vnd
from kiosk.domain.receipt import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    PaymentState,
    Receipt,
)

#: the closing line when the result goes by post (nothing to bring back to the counter)


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class Text:
    text: str
    size_pt: float = 10.0
    bold: bool = False
    italic: bool = False
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Field:
    """``label: value`` wrapped as one paragraph, label in bold."""

    label: str
    value: str
    size_pt: float = 10.0


@dataclass(frozen=True)
class Header:
    """Agency (left) and national motto (right); side by side when wide, stacked when narrow."""

    left: tuple[Text, ...]
    right: tuple[Text, ...]


@dataclass(frozen=True)
class Qr:
    data: str
    caption: str
    #: printed side length; renderers keep at least 0.4 mm per module
    size_mm: float = 30.0


@dataclass(frozen=True)
class QrRow:
    """QR codes side by side when the paper allows, else one under the other."""

    codes: tuple[Qr, ...]


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Space:
    mm: float = 2.0


Block = Text | Field | Header | QrRow | Rule | Space


def receipt_blocks(receipt: Receipt) -> list[Block]:
    """The slip's form (CT04 or Form 01, :meth:`Receipt.rows`) with the kiosk's additions
    (tracking QR, payment QR, how the result comes back)."""
    r = receipt
    blocks: list[Block] = [
        Header(
            left=(
                Text(r.agency_name, 9.0, bold=False, align=Align.CENTER),
                Text(r.unit_name, 9.0, bold=True, align=Align.CENTER),
            ),
            right=(
                Text(NATIONAL_NAME, 9.0, bold=True, align=Align.CENTER),
                Text(NATIONAL_MOTTO, 9.5, bold=True, align=Align.CENTER),
            ),
        ),
        Text(r.place_date_text, 9.0, italic=True, align=Align.CENTER),
        Space(2.0),
        Text(r.title, 12.0, bold=True, align=Align.CENTER),
        Space(1.0),
        Text(f"{r.code_label}: {r.dossier_code}", 11.0, bold=True, align=Align.CENTER),
    ]
    blocks.extend(Text(n, 8.5, italic=True, align=Align.CENTER) for n in r.notes)
    blocks.append(Space(1.5))
    for label, value in r.rows():
        if value:
            blocks.append(Field(label, value))
        elif r.documents:  # the documents row: the list follows it
            blocks.append(Field(label, ""))
            blocks.extend(Text(f"- {d.text()}", 9.5) for i, d in enumerate(r.documents, start=1))
    codes = [Qr(r.tracking_url, "Quét để tra cứu hồ sơ")]
    if r.payment_payload and r.payment_state is PaymentState.UNPAID and r.fee_vnd:
        codes.append(
            Qr(r.payment_payload, f"Quét để nộp phí {format_vnd(r.fee_vnd, in_words=True)}")
        )
    blocks.extend([Space(2.0), QrRow(tuple(codes))])
    blocks.append(Text(f"Tra cứu: {r.tracking_url}", 8.0, align=Align.CENTER))
    if r.payment_account_text and len(codes) > 1:
        blocks.append(Text(f"Tài khoản nhận: {r.payment_account_text}", 8.0, align=Align.CENTER))
    blocks.extend(
        [
            Rule(),
            Text(r.bring_note, 10.0, bold=True, align=Align.CENTER),
            Text(f"Ki-ốt {r.kiosk_id} - {r.ward_name}", 8.0, align=Align.CENTER),
        ]
    )
    return blocks
