"""Settled notices go, the rating asks about timeliness only for a finished dossier (issue 13.6)."""

from __future__ import annotations

import datetime as dt

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import GetDossier, RateDossier, RequestPayment
from reference_kiosk.flow.views import LookupView, PayPhase, PayView, RateView, Screen
from tests.support.kiosk_flow import TOKEN, FakeClock, FlowDriver, dossier, view_of

CODE = "H36.1-250401-0001"


def _with(status: api.DossierStatus, supplement: str = "requested", fee_due: int = 10000) -> api.Dossier:
    d = dossier(fee_due=fee_due)
    sups = [s.model_copy(update={"status": supplement}) for s in d.supplement_requests]
    return d.model_copy(update={"status": status, "supplement_requests": sups})


def _open(kiosk: FlowDriver, loaded: api.Dossier) -> LookupView:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.DossiersLoaded((loaded,)), ev.DossierChosen(CODE))
    kiosk.send(ev.DossierLoaded(loaded))
    return view_of(kiosk, LookupView)


def test_an_answered_supplement_request_no_longer_shows_its_notice(kiosk: FlowDriver) -> None:
    detail = _open(kiosk, _with(api.DossierStatus.PROCESSING, supplement="supplied")).detail
    assert detail is not None
    assert detail.supplements == ()


def test_an_open_supplement_request_still_shows(kiosk: FlowDriver) -> None:
    detail = _open(kiosk, _with(api.DossierStatus.SUPPLEMENT_REQUESTED)).detail
    assert detail is not None
    assert [s.status for s in detail.supplements] == ["requested"]


def test_a_paid_fee_no_longer_shows_as_due(kiosk: FlowDriver) -> None:
    detail = _open(kiosk, _with(api.DossierStatus.PROCESSING, fee_due=0)).detail
    assert detail is not None
    assert detail.summary.fee_due == 0


def _rate(kiosk: FlowDriver, status: api.DossierStatus) -> RateView:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.RATE), ev.DossiersLoaded((_with(status),)), ev.DossierChosen(CODE))
    return view_of(kiosk, RateView)


def test_an_unfinished_dossier_is_not_asked_about_timeliness(kiosk: FlowDriver) -> None:
    view = _rate(kiosk, api.DossierStatus.PROCESSING)
    assert [i.number for i in view.indicators] == [3, 4, 5, 6, 7, 8, 9]
    kiosk.send(ev.RatingAnswered(1, 2))  # not asked: ignored
    for i in range(3, 8):
        kiosk.send(ev.RatingAnswered(i, 2))
    kiosk.send(
        ev.RatingAnswered(8, api.Satisfaction.SATISFIED), ev.RatingAnswered(9, api.Satisfaction.SATISFIED)
    )
    assert view_of(kiosk, RateView).can_submit
    sent = kiosk.send(ev.RatingSubmitted())
    expected = api.RatingCreate(
        indicators=dict.fromkeys(range(3, 8), 2),
        convenience=api.Satisfaction.SATISFIED,
        overall=api.Satisfaction.SATISFIED,
    )
    assert sent == [RateDossier(TOKEN, CODE, expected)]


def test_a_finished_dossier_is_asked_about_timeliness(kiosk: FlowDriver) -> None:
    for status in (api.DossierStatus.DONE, api.DossierStatus.RETURNED):
        view = _rate(kiosk, status)
        assert [i.number for i in view.indicators][:2] == [1, 2], status
        kiosk.send(ev.Logout())
        kiosk.advance(10)


def test_a_finished_dossier_shows_its_result(kiosk: FlowDriver) -> None:
    result = api.DossierResult(
        document="Xác nhận thông tin về cư trú",
        place="Bộ phận Một cửa, Công an phường",
        ready_from=dt.date(2025, 4, 9),
        e_copy_url="http://backend/api/v1/dossiers/X/e-copy?k=abc",
    )
    finished = _with(api.DossierStatus.DONE, supplement="supplied", fee_due=0)
    detail = _open(kiosk, finished.model_copy(update={"result": result})).detail
    assert detail is not None
    assert detail.result is not None
    assert (detail.result.document, detail.result.place, detail.result.ready_from) == (
        result.document,
        result.place,
        result.ready_from,
    )
    assert detail.result.e_copy_url == result.e_copy_url


def test_a_due_fee_is_paid_from_the_status_screen_and_the_citizen_comes_back(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    due = _with(api.DossierStatus.PAYMENT_REQUESTED)
    _open(kiosk, due)
    assert kiosk.send(ev.PayChosen(CODE))[-1] == RequestPayment(TOKEN, CODE)
    assert kiosk.screen is Screen.PAY
    paid = api.Payment(
        id="pay-1", dossier_code=CODE, amount=10000, vietqr="000201", status=api.PaymentStatus.PAID,
        expires_at=clock.now(), paid_at=clock.now(), receipt_number="BL-1",
    )  # fmt: skip
    kiosk.send(ev.PaymentQrReceived(paid.model_copy(update={"status": api.PaymentStatus.PENDING})))
    kiosk.send(ev.PaymentStatusChanged(paid))
    assert view_of(kiosk, PayView).phase is PayPhase.PAID
    assert kiosk.send(ev.Continue())[-1] == GetDossier(TOKEN, CODE)  # the same dossier, fresh
    assert kiosk.screen is Screen.LOOKUP
    kiosk.send(ev.DossierLoaded(_with(api.DossierStatus.PROCESSING, fee_due=0)))
    detail = view_of(kiosk, LookupView).detail
    assert detail is not None
    assert detail.summary.fee_due == 0


def test_no_fee_due_or_another_dossier_cannot_be_paid_from_the_status_screen(kiosk: FlowDriver) -> None:
    _open(kiosk, _with(api.DossierStatus.PROCESSING, fee_due=0))
    assert kiosk.send(ev.PayChosen(CODE)) == []
    assert kiosk.send(ev.PayChosen("H36.1-250401-0009")) == []
    assert kiosk.screen is Screen.LOOKUP


def test_paying_from_the_home_tile_later_goes_home(kiosk: FlowDriver) -> None:
    _open(kiosk, _with(api.DossierStatus.PAYMENT_REQUESTED))
    kiosk.send(ev.PayChosen(CODE), ev.Home())  # "Trang chủ" while the fee was being requested
    assert kiosk.screen is Screen.HOME
    kiosk.send(ev.TileChosen(ev.HomeTile.PAY), ev.DossiersLoaded(()))
    kiosk.send(ev.Continue())
    assert kiosk.screen is Screen.HOME
