"""The slip's facts (issue 13.8): receiving agency, fee, initials; no promise without a phone."""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import PrintSlip, SubmitDossier
from reference_kiosk.flow.views import PayPhase, PayView, PrintStatus, ReceiptView
from tests.support.kiosk_flow import ADDRESS, FULL_NAME, PHONE, FakeClock, FlowDriver, dossier, view_of
from tests.unit.kiosk.flow.test_pay_lookup_rate import payment, to_qr
from tests.unit.kiosk.flow.test_submit import scan_all, to_form


def _receipt(phone: str, queued: bool) -> tuple[FlowDriver, ReceiptView]:
    kiosk = FlowDriver(FakeClock(), KioskConfig(), can_print=True)
    to_form(kiosk)
    kiosk.send(
        ev.FormFieldEdited("address", ADDRESS),
        ev.FormFieldEdited("phone", phone),
        ev.FormFieldEdited("reason", "Chuyển đến"),
        ev.Continue(),
    )
    scan_all(kiosk)
    [submit] = [e for e in kiosk.send(ev.ReviewConfirmed()) if isinstance(e, SubmitDossier)]
    key = submit.idempotency_key
    kiosk.send(ev.SubmissionQueued(key) if queued else ev.SubmissionAcknowledged(key, dossier()))
    return kiosk, view_of(kiosk, ReceiptView)


def test_without_a_phone_number_nothing_is_promised_to_be_sent() -> None:
    _, receipt = _receipt("", queued=True)
    assert not receipt.phone_given
    _, receipt = _receipt(PHONE, queued=True)
    assert receipt.phone_given


def test_the_slip_names_the_agency_the_fee_and_only_the_initials() -> None:
    kiosk, receipt = _receipt(PHONE, queued=False)
    [effect] = kiosk.send(ev.SlipPrintChosen())
    assert isinstance(effect, PrintSlip)
    slip = effect.slip
    assert (slip.agency_name, slip.fee_due) == ("Công an xã", receipt.fee_due)
    assert slip.fee_due > 0
    first, *_, last = FULL_NAME.split()
    assert slip.masked_name.startswith(f"{first[0]}.")
    assert slip.masked_name.endswith(f"{last[0]}.")
    assert FULL_NAME not in repr(slip)
    assert first not in slip.masked_name


def test_a_paid_fee_prints_a_receipt_once_per_tap() -> None:

    clock = FakeClock()
    kiosk = FlowDriver(clock, KioskConfig(), can_print=True)
    to_qr(kiosk, clock)
    assert kiosk.send(ev.SlipPrintChosen()) == []  # not paid yet: nothing to print
    assert not view_of(kiosk, PayView).can_print
    kiosk.send(ev.PaymentStatusChanged(payment(clock, api.PaymentStatus.PAID)))
    view = view_of(kiosk, PayView)
    assert (view.phase, view.can_print) == (PayPhase.PAID, True)
    [effect] = kiosk.send(ev.SlipPrintChosen())
    assert isinstance(effect, PrintSlip)
    slip = effect.slip
    assert (slip.receipt_number, slip.amount_paid, slip.reference) == ("BL-0001", 10000, view.dossier_code)
    assert slip.paid_at == view.paid_at
    assert kiosk.send(ev.SlipPrintChosen()) == []  # a second tap while printing
    kiosk.send(ev.SlipPrinted())
    assert view_of(kiosk, PayView).print_status == PrintStatus.PRINTED
