"""The receipt slip: one effect, a result event, a named error shown beside the code, telemetry."""

from __future__ import annotations

from reference_kiosk.config import KioskConfig
from reference_kiosk.devices.errors import PrinterOutOfPaperError
from reference_kiosk.domain.privacy import initials
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import PrintSlip, SubmitDossier, Track
from reference_kiosk.flow.views import PrintStatus, ReceiptView, Screen
from reference_kiosk.ports import Slip
from tests.support.kiosk_flow import (
    FULL_NAME,
    ID_NUMBER,
    PERSONA_STRINGS,
    FakeClock,
    FlowDriver,
    dossier,
    view_of,
)
from tests.unit.kiosk.flow.test_submit import fill_form, scan_all, to_form

CODE = "H36.1-250401-0001"


def on_receipt(kiosk: FlowDriver, queued: bool = False) -> ReceiptView:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    [submit] = [e for e in kiosk.send(ev.ReviewConfirmed()) if isinstance(e, SubmitDossier)]
    key = submit.idempotency_key
    kiosk.send(ev.SubmissionQueued(key) if queued else ev.SubmissionAcknowledged(key, dossier()))
    return view_of(kiosk, ReceiptView)


def test_the_slip_is_one_effect_with_what_the_receipt_shows_and_nothing_personal() -> None:
    kiosk = FlowDriver(FakeClock(), KioskConfig(), can_print=True)
    receipt = on_receipt(kiosk)
    assert (receipt.can_print, receipt.print_status) == (True, PrintStatus.IDLE)
    [effect] = kiosk.send(ev.SlipPrintChosen())
    assert isinstance(effect, PrintSlip)
    slip = effect.slip
    assert (slip.reference, slip.offline, slip.lang) == (CODE, False, "vi")
    assert slip.appointment_date == receipt.appointment_date
    assert slip.tracking_qr == receipt.tracking_qr
    assert not any(value in repr(slip) for value in (*PERSONA_STRINGS, ID_NUMBER, FULL_NAME))
    assert view_of(kiosk, ReceiptView).print_status is PrintStatus.PRINTING
    assert kiosk.send(ev.SlipPrintChosen()) == []  # a second tap while printing
    assert kiosk.send(ev.SlipPrinted()) == []
    assert view_of(kiosk, ReceiptView).print_status is PrintStatus.PRINTED


def test_a_queued_dossier_prints_its_local_reference() -> None:
    kiosk = FlowDriver(FakeClock(), KioskConfig(lang="en"), can_print=True)
    on_receipt(kiosk, queued=True)
    [effect] = kiosk.send(ev.SlipPrintChosen())
    assert effect == PrintSlip(Slip(lang="en", procedure_name="Permanent residence registration",
                                    reference="KEY-0001", offline=True, agency_name="Công an xã",
                                    masked_name=initials(FULL_NAME), phone_given=True))  # fmt: skip


def test_out_of_paper_stays_on_the_receipt_with_the_code_and_a_message() -> None:
    kiosk = FlowDriver(FakeClock(), KioskConfig(), can_print=True)
    on_receipt(kiosk)
    kiosk.send(ev.SlipPrintChosen())
    effects = kiosk.send(ev.SlipPrintFailed(PrinterOutOfPaperError()))
    assert kiosk.screen is Screen.RECEIPT
    view = view_of(kiosk, ReceiptView)
    assert view.dossier_code == CODE
    assert view.print_status is PrintStatus.FAILED
    assert (view.print_error_vi, view.print_error_en) == (
        PrinterOutOfPaperError.message_vi,
        PrinterOutOfPaperError.message_en,
    )
    assert effects == [Track("error", "receipt", channel="cccd", error="PrinterOutOfPaperError")]
    [again] = kiosk.send(ev.SlipPrintChosen())  # paper refilled: the citizen may try again
    assert isinstance(again, PrintSlip)


def test_without_a_printer_no_slip_is_offered_or_asked_for(kiosk: FlowDriver) -> None:
    receipt = on_receipt(kiosk)
    assert receipt.can_print is False
    assert kiosk.send(ev.SlipPrintChosen()) == []


def test_the_next_receipt_starts_with_no_print_status() -> None:
    kiosk = FlowDriver(FakeClock(), KioskConfig(), can_print=True)
    on_receipt(kiosk)
    kiosk.send(ev.SlipPrintChosen(), ev.SlipPrinted(), ev.Continue(), ev.Logout())
    assert kiosk.screen is Screen.GOODBYE
    kiosk.send(ev.Continue())
    receipt = on_receipt(kiosk, queued=True)
    assert receipt.print_status is PrintStatus.IDLE
