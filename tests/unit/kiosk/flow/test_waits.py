"""The inactivity timer while the citizen's phone is awaited (VNeID QR, VietQR payment)."""

from __future__ import annotations

import datetime as dt

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LoginPhase, LoginView, PayPhase, PayView, Screen
from tests.support.kiosk_flow import FakeClock, FlowDriver, dossier, view_of

CODE = "H36.1-250401-0001"


def _vneid_qr(kiosk: FlowDriver, clock: FakeClock, lifetime_s: int) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    expires = clock.now() + dt.timedelta(seconds=lifetime_s)
    kiosk.send(ev.VneidStarted("sess-1", "vneid://login?sid=sess-1", expires))


def _screen(kiosk: FlowDriver) -> Screen:
    return kiosk.screen  # a call, so mypy does not narrow the screen across clock advances


def _answer_polls(kiosk: FlowDriver, seconds: int, answer: ev.Event) -> None:
    """Advance second by second, answering every poll as the backend would (still pending)."""
    for _ in range(seconds):
        if kiosk.advance(1):
            kiosk.send(answer)


def _payment(clock: FakeClock, lifetime_s: int) -> api.Payment:
    return api.Payment(
        id="pay-1",
        dossier_code=CODE,
        amount=10000,
        vietqr="00020101021238...6304ABCD",
        status=api.PaymentStatus.PENDING,
        expires_at=clock.now() + dt.timedelta(seconds=lifetime_s),
    )


def test_vneid_qr_wait_of_300_s_is_not_cut_by_the_inactivity_timeout(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    _vneid_qr(kiosk, clock, lifetime_s=310)
    _answer_polls(kiosk, 300, ev.VneidPolled(api.VneidStatus.PENDING, "sess-1"))
    view = view_of(kiosk, LoginView)
    assert (kiosk.screen, view.phase, view.countdown_s) == (Screen.LOGIN, LoginPhase.VNEID_QR, 10)


def test_vneid_qr_expiry_governs_then_the_timer_counts_from_it(kiosk: FlowDriver, clock: FakeClock) -> None:
    _vneid_qr(kiosk, clock, lifetime_s=300)
    kiosk.advance(300)
    assert view_of(kiosk, LoginView).phase is LoginPhase.VNEID_EXPIRED
    kiosk.advance(59)  # the expired screen gets the full inactivity budget, counted from the expiry
    assert _screen(kiosk) is Screen.LOGIN
    kiosk.advance(1)
    assert _screen(kiosk) is Screen.TIMEOUT_WARNING
    kiosk.advance(29)
    assert _screen(kiosk) is Screen.TIMEOUT_WARNING
    kiosk.advance(1)
    assert _screen(kiosk) is Screen.WELCOME


def test_a_late_tick_over_the_qr_expiry_counts_idle_time_from_the_expiry(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    # A stalled UI loop (or a clock jump) must not turn time spent waiting into idle time.
    _vneid_qr(kiosk, clock, lifetime_s=120)
    clock.advance(150)
    kiosk.send(ev.Tick(clock.monotonic()))
    assert (kiosk.screen, view_of(kiosk, LoginView).phase) == (Screen.LOGIN, LoginPhase.VNEID_EXPIRED)
    clock.advance(60)  # 90 s after the expiry: now the session ends
    kiosk.send(ev.Tick(clock.monotonic()))
    assert _screen(kiosk) is Screen.WELCOME


def test_vietqr_wait_of_300_s_is_not_cut_by_the_inactivity_timeout(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.PAY), ev.DossiersLoaded((dossier(),)), ev.PayChosen(CODE))
    kiosk.send(ev.PaymentQrReceived(_payment(clock, lifetime_s=600)))
    _answer_polls(kiosk, 300, ev.PaymentStatusChanged(_payment(clock, lifetime_s=300)))
    view = view_of(kiosk, PayView)
    assert (kiosk.screen, view.phase, view.countdown_s) == (Screen.PAY, PayPhase.QR, 300)
    assert kiosk.flow.logged_in
