"""Building a :class:`~kiosk.domain.receipt.Receipt` from a filed dossier: every text of the
slip decided here, from the dossier, the city's answer, the procedure and the kiosk settings."""

from __future__ import annotations

from datetime import datetime

from kiosk.config import Config
from kiosk.domain.address import format_address
from kiosk.domain.dossier import Dossier, SubmitOutcome
from kiosk.domain.form import FieldKind, FieldSpec, FormSchema
from kiosk.domain.preparation import (
    SLIP_CT04,
    Preparation,
    filed_due,
    prepare_filed,
)
from kiosk.domain.procedure import Procedure
from kiosk.domain.receipt import (
    PAYMENT_PURPOSE,
    PROVISIONAL_NOTE,
    RECEPTION_UNIT,
    PaymentAccount,
    PaymentState,
    Receipt,
    ReceivedDocument,
)
from kiosk.domain.vietqr import SUBFIELD_MAX, build_payload


def fee_for(dossier: Dossier, prepared: Preparation) -> int | None:
    """The fee the receipt shows: what the dossier was filed with; for a dossier filed
    without one (older kiosks), what the preparation says is due."""
    if dossier.fee_vnd is not None or dossier.fee_rule:
        return dossier.fee_vnd
    return prepared.fee.due


def _temporary_residence(dossier: Dossier) -> str:
    """The temporary residence a residence form asked for (its ``temporary_address``)."""
    return format_address(dossier.answers.get("temporary_address", ""))


def _field_of_kind(form: FormSchema, kind: FieldKind) -> FieldSpec | None:
    return next((f for f in form.fields if f.kind is kind), None)


def _answer_of_kind(dossier: Dossier, form: FormSchema, kind: FieldKind) -> str:
    spec = _field_of_kind(form, kind)
    if spec is None:
        return ""
    value = dossier.answers.get(spec.key)
    return value if isinstance(value, str) else ""


def payment_account_from_config(cfg: Config) -> PaymentAccount | None:
    """The fee account from ``payment.bank_bin`` / ``payment.account`` when configured."""
    payment = cfg.payment
    if not payment.bank_bin or not payment.account:
        return None
    return PaymentAccount(
        bank_bin=payment.bank_bin, account=payment.account, account_name=payment.account_name
    )


def build_receipt(
    dossier: Dossier,
    outcome: SubmitOutcome,
    procedure: Procedure,
    cfg: Config,
    *,
    due_at: datetime | None = None,
    paid: bool = False,
    payment_account: PaymentAccount | None = None,
    place: str = "Hà Nội",
    prepared: Preparation | None = None,
) -> Receipt:
    """Decide every text of the receipt.

    Args:
        due_at: when the result is due; when ``None``, the engine decides
            (:func:`kiosk.domain.preparation.filed_due`: the preparation's due time on the
            dossier's ``due_date``, a same-day result not sooner than an hour after filing).
        paid: whether the city has already seen the fee paid.
        payment_account: where the fee is paid; default from the config (``payment.*``). No
            account, no payment QR; no QR either for nothing to pay or an unknown amount.
        prepared: the dossier's preparation; by default computed again from the dossier (its
            answers and filing time), which gives the same result.
    """
    ward_name = cfg.kiosk.ward_name
    if prepared is None:
        prepared = prepare_filed(dossier, procedure, cfg)
    plan = prepared.delivery
    delivery = plan.method
    postal_address = (
        (plan.address or dossier.applicant.place_of_residence) if (delivery == "post") else ""
    )
    address_required = any(
        f.kind is FieldKind.ADDRESS and f.required for f in procedure.form.fields
    )
    address = postal_address or (dossier.applicant.place_of_residence if address_required else "")
    if due_at is None:
        due_at = filed_due(dossier.due_date, prepared)
    fee = fee_for(dossier, prepared)
    if fee is None:
        state = PaymentState.UNKNOWN
    elif fee == 0:
        state = PaymentState.FREE
    else:
        state = PaymentState.PAID if paid else PaymentState.UNPAID
    account = payment_account or payment_account_from_config(cfg)
    payload = ""
    account_text = ""
    # the dossier code is the bill number (62.01): a code that does not fit gets no QR
    fits = len(outcome.code) <= SUBFIELD_MAX and outcome.code.isascii()
    if state is PaymentState.UNPAID and account is not None and fee and fits:
        payload = build_payload(
            account.bank_bin, account.account, fee, PAYMENT_PURPOSE, bill_number=outcome.code
        )
        account_text = " - ".join(
            p for p in (account.bank_name, account.account, account.account_name) if p
        )
    collect_at = (
        f"Qua bưu chính tới: {postal_address}" if delivery == "post" else prepared.receiving.name
    )
    notes = () if outcome.official else (PROVISIONAL_NOTE,)
    if prepared.slip == SLIP_CT04:
        # the police's slip is issued in the name of the registration authority
        agency, unit = "CÔNG AN THÀNH PHỐ HÀ NỘI", prepared.competent.name.upper()
    else:
        agency, unit = f"UBND {ward_name}".upper(), RECEPTION_UNIT
    quote = prepared.fee
    police = prepared.slip == SLIP_CT04
    return Receipt(
        agency_name=agency,
        unit_name=unit,
        place=place,
        dossier_code=outcome.code,
        code_official=outcome.official,
        applicant_name=dossier.applicant.full_name,
        applicant_id_number=dossier.applicant.id_number if police else "",
        permanent_residence=dossier.applicant.place_of_residence if police else "",
        temporary_residence=_temporary_residence(dossier) if police else "",
        applicant_address=address,
        applicant_phone=_answer_of_kind(dossier, procedure.form, FieldKind.PHONE),
        applicant_email=_answer_of_kind(dossier, procedure.form, FieldKind.EMAIL),
        procedure_code=procedure.code,
        procedure_name=procedure.name_vi,
        competent_agency=prepared.competent.name,
        documents=tuple(
            ReceivedDocument(d.name_vi, d.copies, d.original) for d in procedure.documents
        ),
        processing_days=procedure.processing_days,
        received_at=dossier.filed_at,
        due_at=due_at,
        delivery=delivery,
        collect_at=collect_at,
        slip_form=prepared.slip,
        receiving_unit=prepared.receiving.name,
        postage_text=plan.postage_text("vi").split(": ", 1)[-1],
        fee_rule_text=quote.legal_basis,
        fee_covered=quote.covered,
        fee_amount_vnd=quote.amount,
        fee_vnd=fee,
        payment_state=state,
        payment_payload=payload,
        payment_account_text=account_text,
        tracking_url=outcome.tracking_url,
        kiosk_id=dossier.kiosk_id,
        ward_name=ward_name,
        dossier_uuid=dossier.dossier_uuid,
        notes=notes,
    )
