"""Answering a supplement request from the status screen: scan exactly what is asked, review, send."""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.backend.errors import SupplementClosedError, SupplementNotSentError
from reference_kiosk.devices.errors import FeederJammedError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import (
    BuildDocument,
    GetDossier,
    LookupDossier,
    ScanPage,
    SearchProcedures,
    SupplyDocuments,
)
from reference_kiosk.flow.views import ErrorView, LookupPhase, LookupView, ScanView, Screen
from reference_kiosk.flow.views_dossier import SuppliedPaper
from tests.support.kiosk_flow import ADDRESS, ID_NUMBER, TOKEN, FlowDriver, dossier, procedure, view_of

CODE = "H36.1-250401-0001"
ASKED = "GIAY_TO_NHA"
SEND = SupplyDocuments(TOKEN, CODE, "s1", (ASKED,))
P = LookupPhase


def supplied() -> api.Dossier:
    """The dossier as the backend answers once it took the papers: processing, request supplied."""
    d = dossier()
    requests = [r.model_copy(update={"status": "supplied"}) for r in d.supplement_requests]
    return d.model_copy(update={"status": api.DossierStatus.PROCESSING, "supplement_requests": requests})


def to_detail(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.DossiersLoaded((dossier(),)), ev.DossierChosen(CODE))
    kiosk.send(ev.DossierLoaded(dossier()), ev.ProcedureLoaded(procedure()))
    assert view_of(kiosk, LookupView).phase is P.DETAIL


def to_review(kiosk: FlowDriver) -> None:
    to_detail(kiosk)
    kiosk.send(ev.SupplyChosen(CODE, "s1"), ev.ScanRequested(ASKED), ev.PageScanned(ASKED, "p1"))
    assert kiosk.send(ev.Continue()) == [BuildDocument(ASKED, ("p1",))]
    kiosk.send(ev.DocumentBuilt(ASKED, 1, 90_000))
    assert view_of(kiosk, LookupView).phase is P.SUPPLY_REVIEW


def test_the_open_request_offers_itself_with_its_id(kiosk: FlowDriver) -> None:
    to_detail(kiosk)
    detail = view_of(kiosk, LookupView).detail
    assert detail is not None
    assert [(s.request_id, s.documents) for s in detail.supplements] == [("s1", ("Giấy tờ chỗ ở hợp pháp",))]


def test_the_scan_screen_asks_for_exactly_the_requested_papers(kiosk: FlowDriver) -> None:
    to_detail(kiosk)
    kiosk.send(ev.SupplyChosen(CODE, "s1"))
    assert kiosk.screen is Screen.SCAN
    scan = view_of(kiosk, ScanView)
    assert [(i.document_code, i.name, i.mandatory) for i in scan.checklist] == [
        (ASKED, "Giấy tờ chỗ ở hợp pháp", True)
    ]
    assert not scan.can_continue
    assert kiosk.send(ev.ScanRequested("CT01")) == []  # a paper the request does not ask for
    assert kiosk.send(ev.ScanRequested(ASKED)) == [ScanPage(ASKED)]


def test_scan_review_send_confirm_and_the_notice_is_gone(kiosk: FlowDriver) -> None:
    to_review(kiosk)
    view = view_of(kiosk, LookupView)
    assert view.supply is not None
    assert view.supply.papers == (SuppliedPaper(ASKED, "Giấy tờ chỗ ở hợp pháp", 1, 90_000),)
    assert kiosk.send(ev.SupplyConfirmed()) == [SEND]
    assert view_of(kiosk, LookupView).phase is P.SUPPLY_SENDING
    assert view_of(kiosk, LookupView).frame.busy
    assert kiosk.send(ev.SupplyConfirmed()) == []  # a second tap sends nothing more
    kiosk.send(ev.SupplementSent(CODE, "s1", supplied()))
    view = view_of(kiosk, LookupView)
    assert view.phase is P.SUPPLIED
    assert view.supply is not None
    assert view.supply.status is api.DossierStatus.PROCESSING
    assert kiosk.send(ev.Continue()) == [GetDossier(TOKEN, CODE)]
    kiosk.send(ev.DossierLoaded(supplied()))
    detail = view_of(kiosk, LookupView).detail
    assert detail is not None
    assert detail.summary.status is api.DossierStatus.PROCESSING
    assert detail.supplements == ()


def test_the_submission_papers_are_not_touched(kiosk: FlowDriver) -> None:
    to_review(kiosk)
    submit = kiosk.flow._st.s.submit  # the journey keeps to its own pages
    assert submit.pages == {}
    assert submit.built == {}


def test_back_from_the_review_rescans_and_back_from_the_scan_keeps_the_request_open(
    kiosk: FlowDriver,
) -> None:
    to_review(kiosk)
    kiosk.send(ev.Back())
    assert kiosk.screen is Screen.SCAN
    assert view_of(kiosk, ScanView).checklist[0].pages == 1
    kiosk.send(ev.Back())
    assert kiosk.screen is Screen.LOOKUP
    view = view_of(kiosk, LookupView)
    assert view.phase is P.DETAIL
    assert view.detail is not None
    assert len(view.detail.supplements) == 1


def test_without_login_the_request_is_shown_but_cannot_be_answered_here(kiosk: FlowDriver) -> None:
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP))
    assert kiosk.send(ev.LookupByCode(CODE, ID_NUMBER)) == [LookupDossier(CODE, ID_NUMBER)]
    kiosk.send(ev.DossierLoaded(dossier()))
    assert kiosk.send(ev.SupplyChosen(CODE, "s1")) == []
    assert kiosk.screen is Screen.LOOKUP


def test_only_an_open_request_of_the_dossier_shown_can_be_answered(kiosk: FlowDriver) -> None:
    to_detail(kiosk)
    assert kiosk.send(ev.SupplyChosen(CODE, "nope")) == []
    assert kiosk.send(ev.SupplyChosen("OTHER-CODE", "s1")) == []
    assert kiosk.screen is Screen.LOOKUP


def test_a_backend_failure_keeps_the_papers_and_retry_sends_the_same(kiosk: FlowDriver) -> None:
    to_review(kiosk)
    kiosk.send(ev.SupplyConfirmed(), ev.ErrorOccurred(SupplementNotSentError()))
    error = view_of(kiosk, ErrorView)
    assert error.can_retry
    assert "giữ" in error.message_vi
    assert "kept" in error.message_en
    assert kiosk.send(ev.Retry()) == [SEND]
    kiosk.send(ev.ErrorOccurred(SupplementNotSentError()), ev.Back())
    view = view_of(kiosk, LookupView)  # back on the review, nothing lost
    assert view.phase is P.SUPPLY_REVIEW
    assert view.supply is not None
    assert len(view.supply.papers) == 1
    assert kiosk.send(ev.SupplyConfirmed()) == [SEND]


def test_a_request_answered_already_is_said_in_place_then_the_status_reloads(kiosk: FlowDriver) -> None:
    to_review(kiosk)
    kiosk.send(ev.SupplyConfirmed(), ev.ErrorOccurred(SupplementClosedError()))
    assert kiosk.screen is Screen.LOOKUP
    assert view_of(kiosk, LookupView).phase is P.SUPPLY_CLOSED
    assert kiosk.send(ev.Continue()) == [GetDossier(TOKEN, CODE)]
    assert view_of(kiosk, LookupView).phase is P.LOADING


def test_a_jam_keeps_the_pages_scanned_before_and_retry_scans_again(kiosk: FlowDriver) -> None:
    to_detail(kiosk)
    kiosk.send(ev.SupplyChosen(CODE, "s1"), ev.ScanRequested(ASKED), ev.PageScanned(ASKED, "p1"))
    kiosk.send(ev.ScanRequested(ASKED), ev.ErrorOccurred(FeederJammedError()))
    assert "kẹt" in view_of(kiosk, ErrorView).message_vi
    assert kiosk.send(ev.Retry()) == [ScanPage(ASKED)]
    kiosk.send(ev.ErrorOccurred(FeederJammedError()), ev.Back())
    assert kiosk.screen is Screen.SCAN
    assert view_of(kiosk, ScanView).checklist[0].pages == 1


def test_home_midway_leaves_the_scan_screen_to_the_next_submission(kiosk: FlowDriver) -> None:
    to_detail(kiosk)
    kiosk.send(ev.SupplyChosen(CODE, "s1"), ev.Home())
    assert kiosk.screen is Screen.HOME
    proc = procedure()
    assert kiosk.send(ev.TileChosen(ev.HomeTile.SUBMIT))[-1] == SearchProcedures("", None)
    kiosk.send(ev.SearchResultsLoaded("", None, (proc.summary(),)))
    kiosk.send(
        ev.ProcedureChosen(proc.code), ev.ProcedureLoaded(proc), ev.StartSubmission(), ev.CaseChosen("C1")
    )
    kiosk.send(
        ev.FormFieldEdited("address", ADDRESS), ev.FormFieldEdited("reason", "Chuyển đến"), ev.Continue()
    )
    assert kiosk.screen is Screen.SCAN
    assert [i.document_code for i in view_of(kiosk, ScanView).checklist] == ["CT01", ASKED, "KHAC"]
