from __future__ import annotations

import datetime as dt

from reference_kiosk import api
from reference_kiosk.backend.errors import (
    BackendUnavailableError,
    ChipDataUnverifiedError,
    ExpiredCardError,
    UnauthorizedError,
)
from reference_kiosk.devices.errors import CardCommunicationError, CardRemovedError, NoCardError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import BacKey, LoginWithCard, PollVneid, ReadCard, StartVneid, Track
from reference_kiosk.flow.views import LoginPhase, LoginView, Screen
from tests.support.kiosk_flow import DOB, FULL_NAME, ID_NUMBER, TOKEN, FakeClock, FlowDriver, citizen

REQ = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")


def login_view(k: FlowDriver) -> LoginView:
    view = k.flow.view
    assert isinstance(view, LoginView)
    return view


def test_card_login_with_bac_keypad(kiosk: FlowDriver) -> None:
    effects = kiosk.send(ev.StartTapped())
    assert effects[0] == Track("session_start", channel="anonymous")
    assert kiosk.screen is Screen.LOGIN
    assert login_view(kiosk).phase is LoginPhase.CHOOSE
    kiosk.send(ev.LoginMethodChosen(ev.LoginMethod.CARD))
    assert login_view(kiosk).phase is LoginPhase.PLACE_CARD
    assert kiosk.send(ev.CardInserted("r0")) == [ReadCard(None)]
    assert login_view(kiosk).phase is LoginPhase.READING
    kiosk.send(ev.BacKeyRequired())
    assert login_view(kiosk).phase is LoginPhase.ENTER_BAC
    assert kiosk.send(ev.BacEntered(ID_NUMBER, DOB)) == [ReadCard(BacKey(ID_NUMBER, DOB))]
    assert kiosk.send(ev.CardRead(REQ)) == [LoginWithCard(REQ)]
    assert login_view(kiosk).phase is LoginPhase.VERIFYING
    assert kiosk.flow.view.frame.busy
    kiosk.send(ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen()))
    view = login_view(kiosk)
    assert (view.phase, view.citizen_name, view.masked_id) == (LoginPhase.VERIFIED, FULL_NAME, "*********345")
    assert view.frame.citizen_name == FULL_NAME
    effects = kiosk.send(ev.Continue())
    assert kiosk.screen is Screen.HOME
    assert Track("step_enter", "home", channel="cccd") in effects


def test_verified_screen_moves_home_by_itself(kiosk: FlowDriver) -> None:
    kiosk.send(
        ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted(), ev.CardRead(REQ)
    )
    kiosk.send(ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen()))
    kiosk.advance(2)
    assert kiosk.screen is Screen.LOGIN
    kiosk.advance(1)
    assert kiosk.screen is Screen.HOME


def test_card_on_reader_at_welcome_starts_reading(kiosk: FlowDriver) -> None:
    effects = kiosk.send(ev.CardInserted("r0"))
    assert ReadCard(None) in effects
    assert login_view(kiosk).phase is LoginPhase.READING


def test_no_card_goes_back_to_place_card_and_removed_card_waits(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted())
    kiosk.send(ev.CardReadFailed(NoCardError()))
    assert login_view(kiosk).phase is LoginPhase.PLACE_CARD
    kiosk.send(ev.CardInserted(), ev.CardRemoved())
    assert login_view(kiosk).phase is LoginPhase.PLACE_CARD
    assert not kiosk.flow.view.frame.busy


def _reading(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted())
    kiosk.send(ev.BacKeyRequired(), ev.BacEntered(ID_NUMBER, DOB))
    assert login_view(kiosk).phase is LoginPhase.READING


def test_a_card_pulled_mid_read_says_so_on_the_place_card_screen(kiosk: FlowDriver) -> None:
    _reading(kiosk)
    kiosk.send(ev.CardRemoved())
    view = login_view(kiosk)
    assert (view.phase, view.error_vi) == (LoginPhase.PLACE_CARD, CardRemovedError.message_vi)
    assert view.error_en == CardRemovedError.message_en
    kiosk.send(ev.CardInserted())  # laid down again: the notice goes, the read starts over
    view = login_view(kiosk)
    assert (view.phase, view.error_vi) == (LoginPhase.READING, None)


def test_a_read_failed_by_removal_keeps_its_notice_when_the_reader_reports_the_removal(
    kiosk: FlowDriver,
) -> None:
    _reading(kiosk)
    kiosk.send(ev.CardReadFailed(CardRemovedError()), ev.CardRemoved())
    view = login_view(kiosk)
    assert (view.phase, view.error_vi) == (LoginPhase.PLACE_CARD, CardRemovedError.message_vi)


def test_a_card_lifted_while_typing_the_key_has_no_pulled_notice(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted())
    kiosk.send(ev.BacKeyRequired(), ev.CardRemoved())
    view = login_view(kiosk)
    assert (view.phase, view.error_vi) == (LoginPhase.PLACE_CARD, None)


def test_a_refused_card_shows_what_was_wrong_with_it(kiosk: FlowDriver) -> None:
    for error in (ExpiredCardError(code="expired_document"), ChipDataUnverifiedError(code="hash_mismatch")):
        kiosk.send(ev.Back(), ev.Back())
        _reading(kiosk)
        kiosk.send(ev.CardRead(REQ), ev.ErrorOccurred(error))
        view = login_view(kiosk)
        assert (view.phase, view.error_vi, view.error_en) == (
            LoginPhase.FAILED,
            error.message_vi,
            error.message_en,
        )
        assert view.error_vi != UnauthorizedError.message_vi


def test_card_read_failure_is_shown_in_place_and_retry_asks_for_bac_again(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted())
    kiosk.send(ev.BacKeyRequired(), ev.BacEntered(ID_NUMBER, dt.date(1991, 1, 1)))
    kiosk.send(ev.CardReadFailed(CardCommunicationError()))
    view = login_view(kiosk)
    assert view.phase is LoginPhase.FAILED
    assert view.error_vi == CardCommunicationError.message_vi
    assert view.error_en == CardCommunicationError.message_en
    assert kiosk.send(ev.Retry()) == [ReadCard(None)]  # the wrong key is forgotten


def test_backend_refusing_chip_login_is_shown_in_place(kiosk: FlowDriver) -> None:
    kiosk.send(
        ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted(), ev.CardRead(REQ)
    )
    effects = kiosk.send(ev.ErrorOccurred(UnauthorizedError()))
    assert kiosk.screen is Screen.LOGIN
    assert login_view(kiosk).phase is LoginPhase.FAILED
    assert Track("error", "login_cccd", channel="anonymous", error="UnauthorizedError") in effects


def _vneid_started(kiosk: FlowDriver, clock: FakeClock, lifetime_s: int = 120) -> None:
    assert kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))[-1] == StartVneid()
    assert login_view(kiosk).phase is LoginPhase.VNEID_STARTING
    kiosk.send(
        ev.VneidStarted("sess-1", "vneid://login?sid=sess-1", clock.now() + dt.timedelta(seconds=lifetime_s))
    )


def test_vneid_polls_every_two_seconds_until_approved(kiosk: FlowDriver, clock: FakeClock) -> None:
    _vneid_started(kiosk, clock)
    view = login_view(kiosk)
    assert (view.phase, view.qr_payload, view.countdown_s) == (
        LoginPhase.VNEID_QR,
        "vneid://login?sid=sess-1",
        120,
    )
    assert kiosk.advance(1) == []
    assert kiosk.advance(1) == [PollVneid("sess-1")]
    assert kiosk.advance(3) == []  # no second poll while one is in flight
    kiosk.send(ev.VneidPolled(api.VneidStatus.PENDING))
    assert kiosk.advance(2) == [PollVneid("sess-1")]
    assert login_view(kiosk).countdown_s == 113
    kiosk.send(ev.LoggedIn(ev.LoginMethod.VNEID, TOKEN, citizen()))
    assert login_view(kiosk).phase is LoginPhase.VERIFIED
    kiosk.send(ev.Continue())
    assert kiosk.flow.view.frame.logged_in


def test_vneid_denied_then_reload(kiosk: FlowDriver, clock: FakeClock) -> None:
    _vneid_started(kiosk, clock)
    kiosk.advance(2)
    kiosk.send(ev.VneidPolled(api.VneidStatus.DENIED))
    assert login_view(kiosk).phase is LoginPhase.VNEID_DENIED
    assert login_view(kiosk).qr_payload is None
    assert kiosk.advance(4) == []
    assert kiosk.send(ev.VneidReload()) == [StartVneid()]


def test_vneid_qr_expires_by_countdown_and_does_not_time_out_the_session(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    _vneid_started(kiosk, clock, lifetime_s=150)
    for _ in range(74):
        kiosk.advance(2)
        kiosk.send(ev.VneidPolled(api.VneidStatus.PENDING))
    assert kiosk.screen is Screen.LOGIN  # 148 s without a touch, yet no timeout: the citizen is on the phone
    kiosk.advance(2)
    assert login_view(kiosk).phase is LoginPhase.VNEID_EXPIRED
    kiosk.send(ev.VneidPolled(api.VneidStatus.PENDING))  # a late answer changes nothing
    assert login_view(kiosk).phase is LoginPhase.VNEID_EXPIRED


def test_vneid_expired_status_from_backend(kiosk: FlowDriver, clock: FakeClock) -> None:
    _vneid_started(kiosk, clock)
    kiosk.advance(2)
    kiosk.send(ev.VneidPolled(api.VneidStatus.EXPIRED))
    assert login_view(kiosk).phase is LoginPhase.VNEID_EXPIRED


def test_vneid_start_failure_shown_in_place_and_retry(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    kiosk.send(ev.ErrorOccurred(BackendUnavailableError()))
    assert login_view(kiosk).phase is LoginPhase.FAILED
    assert kiosk.send(ev.Retry()) == [StartVneid()]


def test_back_from_a_phase_returns_to_choice_then_welcome(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD))
    kiosk.send(ev.Back())
    assert login_view(kiosk).phase is LoginPhase.CHOOSE
    effects = kiosk.send(ev.Back())
    assert kiosk.screen is Screen.WELCOME
    assert Track("session_end", channel="anonymous", outcome="abandoned") in effects


def test_stale_login_answer_after_leaving_is_ignored(kiosk: FlowDriver) -> None:
    kiosk.send(
        ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted(), ev.CardRead(REQ)
    )
    kiosk.send(ev.Back(), ev.Back())
    assert kiosk.screen is Screen.WELCOME
    kiosk.send(ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen()))
    assert kiosk.screen is Screen.WELCOME
    assert not kiosk.flow.logged_in


def test_reload_forgets_the_poll_of_the_old_qr(kiosk: FlowDriver, clock: FakeClock) -> None:
    _vneid_started(kiosk, clock)
    assert kiosk.advance(2) == [PollVneid("sess-1")]
    kiosk.send(ev.VneidReload())
    kiosk.send(ev.VneidStarted("sess-2", "vneid://login?sid=sess-2", clock.now() + dt.timedelta(seconds=120)))
    kiosk.send(ev.VneidPolled(api.VneidStatus.EXPIRED, "sess-1"))  # the old QR's answer arrives late
    assert login_view(kiosk).phase is LoginPhase.VNEID_QR
    assert kiosk.advance(2) == [PollVneid("sess-2")]
