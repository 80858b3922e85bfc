"""The paper slip on the receipt screen: one effect, its two answers, the view's print fields.

    SlipPrintChosen -> PrintSlip(slip) -> SlipPrinted | SlipPrintFailed(error)

A failure stays on the receipt (the dossier code is still on screen, the message says to note
it), is recorded as a telemetry ``error`` with the class name only, and the citizen may try
again. The status belongs to one receipt (by its reference): another receipt starts idle.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reference_kiosk.domain.errors import KioskError
from reference_kiosk.domain.privacy import initials
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect, PrintSlip
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.views import PayPhase, PayView, PrintStatus, ReceiptView
from reference_kiosk.ports import Slip

__all__ = [
    "PrintState",
    "answer",
    "complete",
    "decorate",
    "decorate_pay",
    "payment_slip",
    "slip_of",
    "start",
    "start_payment",
]


@dataclass(slots=True)
class PrintState:
    reference: str = ""  # the receipt the status belongs to
    status: PrintStatus = PrintStatus.IDLE
    error: KioskError | None = None


def _reference(view: ReceiptView) -> str:
    return view.dossier_code or view.local_reference


def complete(view: ReceiptView, st: FlowState) -> ReceiptView:
    """The receipt with what the slip and the offline note need besides the dossier (issue 13.8)."""
    procedure = st.s.submit.procedure
    if procedure is None:
        return view
    values = st.s.submit.values
    phone = any(f.type == "phone" and values.get(f.name, "").strip() for f in procedure.form)
    name = st.s.citizen.full_name if st.s.citizen is not None else ""
    return dataclasses.replace(
        view, agency_name=procedure.agency_name, masked_name=initials(name), phone_given=phone
    )


def slip_of(view: ReceiptView, lang: str) -> Slip:
    """The slip of what the receipt shows, in the citizen's language; the name as initials only."""
    name = view.procedure_name_en if lang == "en" and view.procedure_name_en else view.procedure_name
    return Slip(
        lang=lang,
        procedure_name=name,
        reference=_reference(view),
        offline=view.offline,
        appointment_date=view.appointment_date,
        tracking_qr=view.tracking_qr,
        agency_name=view.agency_name,
        fee_due=view.fee_due,
        masked_name=view.masked_name,
        phone_given=view.phone_given,
    )


def start(state: PrintState, view: ReceiptView, lang: str) -> list[Effect]:
    reference = _reference(view)
    if state.reference == reference and state.status is PrintStatus.PRINTING:
        return []  # a second tap while the first slip is on its way
    state.reference, state.status, state.error = reference, PrintStatus.PRINTING, None
    return [PrintSlip(slip_of(view, lang))]


def answer(state: PrintState, event: ev.SlipPrinted | ev.SlipPrintFailed) -> KioskError | None:
    """Record the printer's answer; the error to put in telemetry, if any."""
    if isinstance(event, ev.SlipPrintFailed):
        state.status, state.error = PrintStatus.FAILED, event.error
        return event.error
    state.status, state.error = PrintStatus.PRINTED, None
    return None


def decorate(view: ReceiptView, state: PrintState, can_print: bool) -> ReceiptView:
    """``view`` with the printer's part: whether a slip is offered and how the last one went."""
    if state.reference != _reference(view):
        return dataclasses.replace(view, can_print=can_print)
    error = state.error
    return dataclasses.replace(
        view,
        can_print=can_print,
        print_status=state.status,
        print_error_vi=error.message_vi if error is not None else "",
        print_error_en=error.message_en if error is not None else "",
    )


def payment_slip(view: PayView, lang: str) -> Slip | None:
    """The printed payment receipt (issue 13.8): dossier, amount, receipt number, when; no name."""
    if view.phase is not PayPhase.PAID or not view.receipt_number:
        return None
    return Slip(
        lang=lang,
        procedure_name="",
        reference=view.dossier_code or "",
        receipt_number=view.receipt_number,
        amount_paid=view.amount,
        paid_at=view.paid_at,
    )


def start_payment(state: PrintState, view: PayView, lang: str) -> list[Effect]:
    slip = payment_slip(view, lang)
    if slip is None:
        return []
    if state.reference == slip.receipt_number and state.status is PrintStatus.PRINTING:
        return []  # a second tap while the first receipt is on its way
    state.reference, state.status, state.error = slip.receipt_number, PrintStatus.PRINTING, None
    return [PrintSlip(slip)]


def decorate_pay(view: PayView, state: PrintState, can_print: bool) -> PayView:
    """``view`` with the printer's part once paid: whether a receipt is offered and how it went."""
    mine = bool(view.receipt_number) and state.reference == view.receipt_number
    return dataclasses.replace(
        view,
        can_print=can_print and view.phase is PayPhase.PAID,
        print_status=(state.status if mine else PrintStatus.IDLE).value,
    )
