from __future__ import annotations

import datetime as dt

from reference_kiosk import api
from reference_kiosk.backend.errors import BackendServerError, ConflictError, NotFoundError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import (
    GetDossier,
    ListDossiers,
    LookupDossier,
    PollPayment,
    RateDossier,
    RequestPayment,
    Track,
)
from reference_kiosk.flow.views import LookupPhase, LookupView, PayPhase, PayView, RatePhase, RateView, Screen
from tests.support.kiosk_flow import ID_NUMBER, TOKEN, FakeClock, FlowDriver, dossier, view_of

CODE = "H36.1-250401-0001"


def payment(clock: FakeClock, status: api.PaymentStatus = api.PaymentStatus.PENDING) -> api.Payment:
    return api.Payment(
        id="pay-1",
        dossier_code=CODE,
        amount=10000,
        vietqr="00020101021238...6304ABCD",
        status=status,
        expires_at=clock.now() + dt.timedelta(seconds=300),
        paid_at=clock.now() if status is api.PaymentStatus.PAID else None,
        receipt_number="BL-0001" if status is api.PaymentStatus.PAID else None,
    )


def to_qr(kiosk: FlowDriver, clock: FakeClock) -> None:
    kiosk.login_card()
    assert kiosk.send(ev.TileChosen(ev.HomeTile.PAY))[-1] == ListDossiers(TOKEN)
    assert view_of(kiosk, PayView).phase is PayPhase.LOADING
    kiosk.send(ev.DossiersLoaded((dossier(), dossier("H36.1-250401-0002", fee_due=0))))
    view = view_of(kiosk, PayView)
    assert [(i.dossier_code, i.amount) for i in view.items] == [(CODE, 10000)]  # only fees due
    assert kiosk.send(ev.PayChosen(CODE)) == [RequestPayment(TOKEN, CODE)]
    kiosk.send(ev.PaymentQrReceived(payment(clock)))


def test_pay_qr_polls_until_paid(kiosk: FlowDriver, clock: FakeClock) -> None:
    to_qr(kiosk, clock)
    view = view_of(kiosk, PayView)
    assert (view.phase, view.amount, view.countdown_s) == (PayPhase.QR, 10000, 300)
    assert view.qr_payload is not None
    assert kiosk.advance(3) == [PollPayment(TOKEN, "pay-1")]
    kiosk.send(ev.PaymentStatusChanged(payment(clock)))
    assert kiosk.advance(3) == [PollPayment(TOKEN, "pay-1")]
    kiosk.send(ev.PaymentStatusChanged(payment(clock, api.PaymentStatus.PAID)))
    view = view_of(kiosk, PayView)
    assert (view.phase, view.receipt_number, view.qr_payload) == (PayPhase.PAID, "BL-0001", None)
    kiosk.send(ev.Continue())
    assert kiosk.screen is Screen.HOME


def test_pay_qr_expires_locally_but_a_late_paid_answer_wins(kiosk: FlowDriver, clock: FakeClock) -> None:
    to_qr(kiosk, clock)
    for _ in range(100):
        kiosk.advance(3)
        kiosk.send(ev.PaymentStatusChanged(payment(clock)))
    assert view_of(kiosk, PayView).phase is PayPhase.EXPIRED
    assert kiosk.advance(10) == []  # no more polls
    kiosk.send(ev.PaymentStatusChanged(payment(clock, api.PaymentStatus.PAID)))
    assert view_of(kiosk, PayView).phase is PayPhase.PAID


def test_pay_expired_by_platform_and_cancel_by_citizen(kiosk: FlowDriver, clock: FakeClock) -> None:
    to_qr(kiosk, clock)
    kiosk.advance(3)
    kiosk.send(ev.PaymentStatusChanged(payment(clock, api.PaymentStatus.EXPIRED)))
    assert view_of(kiosk, PayView).phase is PayPhase.EXPIRED
    kiosk.send(ev.Continue(), ev.TileChosen(ev.HomeTile.PAY), ev.DossiersLoaded((dossier(),)))
    kiosk.send(ev.PayChosen(CODE), ev.PaymentQrReceived(payment(clock)), ev.PaymentCancelled())
    assert view_of(kiosk, PayView).phase is PayPhase.CANCELLED
    assert kiosk.advance(5) == []


def test_payment_request_failure_then_dismiss_returns_to_list(kiosk: FlowDriver, clock: FakeClock) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.PAY), ev.DossiersLoaded((dossier(),)), ev.PayChosen(CODE))
    kiosk.send(ev.ErrorOccurred(BackendServerError()))
    assert kiosk.screen is Screen.ERROR
    kiosk.send(ev.Back())
    assert view_of(kiosk, PayView).phase is PayPhase.LIST


def test_lookup_logged_in_list_then_timeline(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    assert kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP))[-1] == ListDossiers(TOKEN)
    kiosk.send(ev.DossiersLoaded((dossier(),)))
    view = view_of(kiosk, LookupView)
    assert (view.phase, [d.code for d in view.dossiers]) == (LookupPhase.LIST, [CODE])
    assert kiosk.send(ev.DossierChosen(CODE)) == [GetDossier(TOKEN, CODE)]
    kiosk.send(ev.DossierLoaded(dossier()))
    detail = view_of(kiosk, LookupView).detail
    assert detail is not None
    assert [(t.status, t.actor) for t in detail.timeline] == [
        (api.DossierStatus.NEW, "kiosk"),
        (api.DossierStatus.SUPPLEMENT_REQUESTED, "one_stop_desk"),
    ]
    assert [(s.documents, s.note) for s in detail.supplements] == [
        (("GIAY_TO_NHA",), "Bản sao có chứng thực")
    ]
    kiosk.send(ev.Back())
    assert view_of(kiosk, LookupView).phase is LookupPhase.LIST
    kiosk.send(ev.Back())
    assert kiosk.screen is Screen.HOME


def test_lookup_without_login_by_code_and_id_number(kiosk: FlowDriver) -> None:
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP))
    assert view_of(kiosk, LookupView).phase is LookupPhase.ENTER_CODE
    assert not kiosk.flow.view.frame.logged_in
    assert kiosk.send(ev.LookupByCode(f" {CODE} ", ID_NUMBER)) == [LookupDossier(CODE, ID_NUMBER)]
    kiosk.send(ev.ErrorOccurred(NotFoundError()))
    assert view_of(kiosk, LookupView).phase is LookupPhase.NOT_FOUND  # said in place, can type again
    kiosk.send(ev.LookupByCode(CODE, ID_NUMBER), ev.DossierLoaded(dossier()))
    assert view_of(kiosk, LookupView).phase is LookupPhase.DETAIL
    kiosk.send(ev.Back(), ev.Back())
    assert kiosk.screen is Screen.WELCOME


def answer_all(kiosk: FlowDriver) -> None:
    for i in range(1, 8):
        kiosk.send(ev.RatingAnswered(i, 2 if i % 2 else 1))
    kiosk.send(ev.RatingAnswered(8, api.Satisfaction.SATISFIED))
    kiosk.send(ev.RatingAnswered(9, api.Satisfaction.VERY_SATISFIED))


def test_rate_once_per_dossier(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    finished = dossier().model_copy(update={"status": api.DossierStatus.DONE})  # asked all nine
    kiosk.send(ev.TileChosen(ev.HomeTile.RATE), ev.DossiersLoaded((finished, dossier("X-2", rated=True))))
    view = view_of(kiosk, RateView)
    assert [d.code for d in view.dossiers] == [CODE]
    kiosk.send(ev.DossierChosen("X-2"))
    assert view_of(kiosk, RateView).phase is RatePhase.CHOOSE  # already rated: not offered
    kiosk.send(ev.DossierChosen(CODE))
    kiosk.send(ev.RatingAnswered(1, 3), ev.RatingAnswered(8, 2), ev.RatingAnswered(12, 1))  # invalid: ignored
    assert all(i.answer is None for i in view_of(kiosk, RateView).indicators)
    answer_all(kiosk)
    assert view_of(kiosk, RateView).can_submit
    effects = kiosk.send(ev.RatingSubmitted())
    expected = api.RatingCreate(
        indicators={1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1, 7: 2},
        convenience=api.Satisfaction.SATISFIED,
        overall=api.Satisfaction.VERY_SATISFIED,
    )
    assert effects == [RateDossier(TOKEN, CODE, expected)]
    kiosk.send(
        ev.RatingSaved(api.Rating(id="r1", dossier_code=CODE, created_at=dt.datetime(2025, 4, 1), total=11))
    )
    view = view_of(kiosk, RateView)
    assert (view.phase, view.dossiers) == (RatePhase.DONE, ())


def test_rating_incomplete_cannot_be_sent_and_refusal_goes_home(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.RATE), ev.DossiersLoaded((dossier(),)), ev.DossierChosen(CODE))
    kiosk.send(ev.RatingAnswered(1, 2))
    assert kiosk.send(ev.RatingSubmitted()) == []
    kiosk.send(ev.RatingRefused())
    assert kiosk.screen is Screen.HOME


def test_rating_conflict_error_keeps_answers(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.RATE), ev.DossiersLoaded((dossier(),)), ev.DossierChosen(CODE))
    answer_all(kiosk)
    kiosk.send(ev.RatingSubmitted(), ev.ErrorOccurred(ConflictError()))
    assert kiosk.screen is Screen.ERROR
    kiosk.send(ev.Back())
    view = view_of(kiosk, RateView)
    assert (view.phase, view.can_submit) == (RatePhase.ANSWER, True)


def test_session_outcome_names_what_the_visit_achieved(kiosk: FlowDriver, clock: FakeClock) -> None:
    to_qr(kiosk, clock)
    kiosk.send(ev.PaymentStatusChanged(payment(clock, api.PaymentStatus.PAID)))
    effects = kiosk.send(ev.Logout())
    assert [e.outcome for e in effects if isinstance(e, Track) and e.kind == "session_end"] == ["paid"]
    kiosk.advance(10)
    kiosk.send(
        ev.TileChosen(ev.HomeTile.LOOKUP), ev.LookupByCode(CODE, ID_NUMBER), ev.DossierLoaded(dossier())
    )
    effects = kiosk.send(ev.Back(), ev.Back())
    assert [e.outcome for e in effects if isinstance(e, Track) and e.kind == "session_end"] == ["looked_up"]


def test_an_answer_about_another_payment_is_ignored(kiosk: FlowDriver, clock: FakeClock) -> None:
    to_qr(kiosk, clock)
    kiosk.advance(3)
    other = payment(clock, api.PaymentStatus.PAID).model_copy(update={"id": "pay-OTHER"})
    kiosk.send(ev.PaymentStatusChanged(other))
    assert view_of(kiosk, PayView).phase is PayPhase.QR


def test_a_supplement_request_names_the_papers_once_the_procedure_is_loaded(kiosk: FlowDriver) -> None:
    from reference_kiosk.flow.effects import LoadProcedure
    from tests.support.kiosk_flow import procedure

    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.DossiersLoaded((dossier(),)), ev.DossierChosen(CODE))
    assert kiosk.send(ev.DossierLoaded(dossier())) == [LoadProcedure("1.004222")]
    detail = view_of(kiosk, LookupView).detail
    assert detail is not None
    assert detail.supplements[0].documents == ("GIAY_TO_NHA",)  # until the catalogue answers
    assert not view_of(kiosk, LookupView).frame.busy  # the screen does not wait for the names
    kiosk.send(ev.ProcedureLoaded(procedure()))
    detail = view_of(kiosk, LookupView).detail
    assert detail is not None
    assert detail.supplements[0].documents == ("Giấy tờ chỗ ở hợp pháp",)


def test_the_papers_names_failing_to_load_keeps_the_detail_on_screen(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.DossiersLoaded((dossier(),)), ev.DossierChosen(CODE))
    kiosk.send(ev.DossierLoaded(dossier()), ev.ErrorOccurred(BackendServerError()))
    view = view_of(kiosk, LookupView)
    assert kiosk.screen is Screen.LOOKUP
    assert view.phase is LookupPhase.DETAIL
    assert view.detail is not None
    assert view.detail.supplements[0].documents == ("GIAY_TO_NHA",)
