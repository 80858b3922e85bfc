from __future__ import annotations

import pytest

from reference_kiosk import api
from reference_kiosk.backend.errors import ValidationFailedError
from reference_kiosk.devices.errors import FeederJammedError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import (
    BuildDocument,
    LoadProcedure,
    ScanPage,
    SearchProcedures,
    SubmitDossier,
)
from reference_kiosk.flow.views import (
    ErrorView,
    FormView,
    ProcedureView,
    ReceiptView,
    ReviewView,
    ScanItemStatus,
    ScanView,
    Screen,
    SearchView,
)
from tests.support.kiosk_flow import (
    ADDRESS,
    FULL_NAME,
    ID_NUMBER,
    PHONE,
    TOKEN,
    FlowDriver,
    dossier,
    procedure,
    view_of,
)


def to_form(kiosk: FlowDriver, proc: api.Procedure | None = None) -> None:
    proc = proc or procedure()
    kiosk.login_card()
    assert kiosk.send(ev.TileChosen(ev.HomeTile.SUBMIT))[-1] == SearchProcedures("", None)
    kiosk.send(ev.SearchResultsLoaded("", None, (proc.summary(),)))
    kiosk.send(ev.ProcedureChosen(proc.code), ev.ProcedureLoaded(proc), ev.StartSubmission())
    if len(proc.cases) > 1:
        kiosk.send(ev.CaseChosen("C2"))
    assert kiosk.screen is Screen.FORM


def fill_form(kiosk: FlowDriver) -> None:
    kiosk.send(
        ev.FormFieldEdited("address", ADDRESS),
        ev.FormFieldEdited("phone", PHONE),
        ev.FormFieldEdited("reason", "Chuyển đến"),
        ev.Continue(),
    )
    assert kiosk.screen is Screen.SCAN


def scan_all(kiosk: FlowDriver) -> None:
    for n, code in enumerate(("CT01", "GIAY_TO_NHA")):
        assert kiosk.send(ev.ScanRequested(code)) == [ScanPage(code)]
        kiosk.send(ev.PageScanned(code, f"p{n}"))
    assert kiosk.send(ev.Continue()) == [BuildDocument("CT01", ("p0",))]
    assert kiosk.send(ev.DocumentBuilt("CT01", 1, 120_000)) == [BuildDocument("GIAY_TO_NHA", ("p1",))]
    kiosk.send(ev.DocumentBuilt("GIAY_TO_NHA", 1, 90_000))
    assert kiosk.screen is Screen.REVIEW


def test_search_sends_each_change_and_drops_stale_answers(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.PROCEDURES))
    assert kiosk.send(ev.SearchChanged("dang ky")) == [SearchProcedures("dang ky", None)]
    assert kiosk.send(ev.SearchChanged("dang ky thuong")) == [SearchProcedures("dang ky thuong", None)]
    kiosk.send(ev.SearchResultsLoaded("dang ky", None, (procedure().summary(),)))
    view = view_of(kiosk, SearchView)
    assert (view.results, view.loading) == ((), True)
    kiosk.send(ev.SearchResultsLoaded("dang ky thuong", None, (procedure().summary(),)))
    view = view_of(kiosk, SearchView)
    assert [r.code for r in view.results] == ["1.004222"]
    assert view.results[0].fee_online == 10000
    assert [(c.code, c.selected) for c in view.chips] == [("cu_tru", False)]
    assert kiosk.send(ev.FieldChipChosen("cu_tru")) == [SearchProcedures("dang ky thuong", "cu_tru")]
    assert kiosk.send(ev.FieldChipChosen("cu_tru")) == [
        SearchProcedures("dang ky thuong", None)
    ]  # toggles off


def test_procedure_detail_and_case_choice(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.SUBMIT))
    assert kiosk.send(ev.ProcedureChosen("1.004222"))[-1] == LoadProcedure("1.004222")
    assert view_of(kiosk, ProcedureView).loading
    kiosk.send(ev.ProcedureLoaded(procedure()))
    view = view_of(kiosk, ProcedureView)
    assert (view.name, view.processing_days, view.can_submit) == ("Đăng ký thường trú", 7, True)
    assert [f.online for f in view.fees] == [10000]
    assert [d.mandatory for d in view.documents] == [True, True, False]
    kiosk.send(ev.StartSubmission())
    assert view_of(kiosk, ProcedureView).choosing_case
    kiosk.send(ev.CaseChosen("nope"))
    assert kiosk.screen is Screen.PROCEDURE
    kiosk.send(ev.CaseChosen("C2"))
    assert view_of(kiosk, FormView).case_name == "Trường hợp 2"


def test_information_only_procedure_cannot_be_submitted(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.SUBMIT), ev.ProcedureChosen("1.004222"))
    kiosk.send(ev.ProcedureLoaded(procedure(online=api.OnlineLevel.INFORMATION)))
    assert not view_of(kiosk, ProcedureView).can_submit
    kiosk.send(ev.StartSubmission())
    assert kiosk.screen is Screen.PROCEDURE


def test_form_is_prefilled_read_only_and_masks_the_id(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fields = {f.name: f for f in view_of(kiosk, FormView).fields}
    assert (fields["full_name"].value, fields["full_name"].read_only) == (FULL_NAME, True)
    assert fields["id_number"].value == "*********345"
    assert fields["dob"].value == "17/05/1990"
    assert not fields["address"].read_only
    kiosk.send(ev.FormFieldEdited("full_name", "Someone Else"))
    assert {f.name: f.value for f in view_of(kiosk, FormView).fields}["full_name"] == FULL_NAME


def test_form_errors_in_plain_words_after_continue(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    assert all(f.error_vi is None for f in view_of(kiosk, FormView).fields)  # not before the first try
    kiosk.send(ev.FormFieldEdited("phone", "12345"), ev.Continue())
    assert kiosk.screen is Screen.FORM
    errors = {f.name: (f.error_vi, f.error_en) for f in view_of(kiosk, FormView).fields if f.error_vi}
    assert errors == {
        "address": ("Vui lòng nhập Nơi ở mới.", "Please fill in New address."),
        "phone": (
            "Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0.",
            "Phone must be 10 digits starting with 0.",
        ),
        "reason": ("Vui lòng nhập Lý do.", "Please fill in Reason."),
    }
    fill_form(kiosk)


def test_scan_blank_warning_blocks_until_kept_or_rescanned(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    kiosk.send(ev.ScanRequested("CT01"))
    assert view_of(kiosk, ScanView).checklist[0].status is ScanItemStatus.SCANNING
    assert kiosk.send(ev.ScanRequested("GIAY_TO_NHA")) == []  # one scan at a time
    kiosk.send(ev.PageScanned("CT01", "p1", blank=True))
    kiosk.send(ev.ScanRequested("GIAY_TO_NHA"), ev.PageScanned("GIAY_TO_NHA", "p2"))
    view = view_of(kiosk, ScanView)
    assert view.checklist[0].blank_warning
    assert not view.can_continue
    assert kiosk.send(ev.Continue()) == []
    assert kiosk.send(ev.RescanRequested("CT01")) == [ScanPage("CT01")]
    kiosk.send(
        ev.PageScanned("CT01", "p3"), ev.ScanRequested("CT01"), ev.PageScanned("CT01", "p4", blank=True)
    )
    kiosk.send(ev.KeepBlankPage("CT01"))
    view = view_of(kiosk, ScanView)
    assert [(i.pages, i.page_ids) for i in view.checklist] == [(2, ("p3", "p4")), (1, ("p2",)), (0, ())]
    assert view.can_continue
    assert kiosk.send(ev.Continue()) == [BuildDocument("CT01", ("p3", "p4"))]


def test_mandatory_papers_are_required(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    kiosk.send(ev.ScanRequested("CT01"), ev.PageScanned("CT01", "p1"))
    assert not view_of(kiosk, ScanView).can_continue
    assert kiosk.send(ev.Continue()) == []


def test_scanner_jam_shows_error_and_retry_scans_again(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    kiosk.send(ev.ScanRequested("CT01"), ev.ErrorOccurred(FeederJammedError()))
    view = view_of(kiosk, ErrorView)
    assert (view.error_name, view.can_retry, view.message_en) == (
        "FeederJammedError",
        True,
        FeederJammedError.message_en,
    )
    assert kiosk.send(ev.Retry()) == [ScanPage("CT01")]
    assert kiosk.screen is Screen.SCAN
    kiosk.send(ev.PageScanned("CT01", "p1"))
    assert view_of(kiosk, ScanView).checklist[0].pages == 1


def test_review_confirm_submits_once_with_one_key(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    view = view_of(kiosk, ReviewView)
    assert [(d.code, d.pages, d.size_bytes) for d in view.documents] == [
        ("CT01", 1, 120_000),
        ("GIAY_TO_NHA", 1, 90_000),
    ]
    assert ("Số định danh", "ID number", "*********345") in [
        (f.label, f.label_en, f.value) for f in view.fields
    ]
    effects = kiosk.send(ev.ReviewConfirmed())
    assert effects == [
        SubmitDossier(
            idempotency_key="key-0001",
            token=TOKEN,
            procedure_code="1.004222",
            case_code="C2",
            form={
                "full_name": FULL_NAME,
                "id_number": ID_NUMBER,
                "dob": "1990-05-17",
                "address": ADDRESS,
                "phone": PHONE,
                "reason": "Chuyển đến",
            },
            document_codes=("CT01", "GIAY_TO_NHA"),
        )
    ]
    assert view_of(kiosk, ReviewView).submitting
    assert kiosk.send(ev.ReviewConfirmed()) == []  # a double tap does not submit twice
    kiosk.send(ev.SubmissionAcknowledged("other-key", dossier()))
    assert kiosk.screen is Screen.REVIEW
    kiosk.send(ev.SubmissionAcknowledged("key-0001", dossier()))
    receipt = view_of(kiosk, ReceiptView)
    assert (receipt.offline, receipt.dossier_code, receipt.fee_due) == (False, "H36.1-250401-0001", 10000)
    assert receipt.tracking_qr == "http://127.0.0.1:8000/tra-cuu?ma=H36.1-250401-0001"
    assert receipt.local_reference == "KEY-0001"


def test_rejected_submission_retries_with_the_same_key(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    first = kiosk.send(ev.ReviewConfirmed())
    kiosk.send(ev.ErrorOccurred(ValidationFailedError()))
    assert kiosk.screen is Screen.ERROR
    assert kiosk.send(ev.Retry()) == first
    kiosk.send(ev.ErrorOccurred(ValidationFailedError()), ev.Back())
    assert kiosk.screen is Screen.REVIEW
    assert kiosk.send(ev.ReviewConfirmed()) == first  # same key even after going back


def test_backend_down_gives_an_offline_receipt(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    kiosk.send(ev.ReviewConfirmed(), ev.SubmissionQueued("key-0001"))
    receipt = view_of(kiosk, ReceiptView)
    assert (receipt.offline, receipt.dossier_code, receipt.tracking_qr) == (True, None, None)
    assert receipt.local_reference == "KEY-0001"
    kiosk.send(ev.Continue())
    assert kiosk.screen is Screen.HOME


@pytest.mark.parametrize("screen_back", [(Screen.SCAN, Screen.FORM), (Screen.FORM, Screen.PROCEDURE)])
def test_back_walks_the_submission_backwards(kiosk: FlowDriver, screen_back: tuple[Screen, Screen]) -> None:
    to_form(kiosk)
    if screen_back[0] is Screen.SCAN:
        fill_form(kiosk)
    kiosk.send(ev.Back())
    assert kiosk.screen is screen_back[1]


def test_receipt_leads_to_payment(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    kiosk.send(ev.ReviewConfirmed(), ev.SubmissionAcknowledged("key-0001", dossier()))
    effects = kiosk.send(ev.PayChosen("H36.1-250401-0001"))
    assert kiosk.screen is Screen.PAY
    assert effects[-1].dossier_code == "H36.1-250401-0001"  # type: ignore[union-attr]


def test_home_waits_while_the_dossier_is_being_sent(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    kiosk.send(ev.ReviewConfirmed(), ev.Home())
    assert kiosk.screen is Screen.REVIEW
    kiosk.send(ev.SubmissionQueued("key-0001"))
    assert kiosk.screen is Screen.RECEIPT
    kiosk.send(ev.Home())
    assert kiosk.screen is Screen.HOME
