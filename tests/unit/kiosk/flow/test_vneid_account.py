"""The VNeID account login journey in the pure flow: number + password, code, lockout, logout."""

from __future__ import annotations

import datetime as dt

from reference_kiosk.backend.errors import (
    BackendUnavailableError,
    VneidAccountLockedError,
    VneidOtpExpiredError,
    VneidWrongOtpError,
    VneidWrongPasswordError,
)
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import (
    AccountCredentialsEntered,
    AccountLoginChosen,
    AccountPhase,
    LoginWithOtp,
    LoginWithPassword,
    OtpEntered,
    OtpSent,
)
from reference_kiosk.flow.account_view import AccountView
from reference_kiosk.flow.effects import Track, WipePersonalData
from reference_kiosk.flow.views import LoginPhase, LoginView, Screen
from tests.support.kiosk_flow import ID_NUMBER, TOKEN, FakeClock, FlowDriver, citizen

PASSWORD = "Mat-khau-2025"


def account_view(k: FlowDriver) -> AccountView:
    view = k.flow.view
    assert isinstance(view, AccountView)
    return view


def _to_otp(kiosk: FlowDriver, clock: FakeClock) -> None:
    kiosk.send(AccountLoginChosen())
    assert kiosk.send(AccountCredentialsEntered(ID_NUMBER, PASSWORD)) == [
        LoginWithPassword(ID_NUMBER, PASSWORD)
    ]
    assert account_view(kiosk).phase is AccountPhase.CHECKING
    kiosk.send(OtpSent("ch-1", clock.now() + dt.timedelta(minutes=5)))


def test_number_password_and_code_log_in_like_the_other_logins_and_logout_wipes(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    kiosk.send(ev.StartTapped())
    effects = kiosk.send(AccountLoginChosen())
    assert kiosk.screen is Screen.ACCOUNT
    assert Track("step_enter", "login_vneid", channel="anonymous") in effects
    _to_otp(kiosk, clock)
    view = account_view(kiosk)
    assert (view.phase, view.countdown_s, view.error_vi) == (AccountPhase.OTP, 300, None)
    assert kiosk.send(OtpEntered("123456")) == [LoginWithOtp("ch-1", "123456")]
    kiosk.send(ev.LoggedIn(ev.LoginMethod.VNEID, TOKEN, citizen()))
    login = kiosk.flow.view
    assert isinstance(login, LoginView)
    assert login.phase is LoginPhase.VERIFIED
    assert kiosk.flow.logged_in
    effects = kiosk.send(ev.Continue())
    assert Track("step_enter", "home", channel="vneid") in effects
    effects = kiosk.send(ev.Logout())
    assert WipePersonalData() in effects
    assert not kiosk.flow.logged_in
    assert kiosk.screen is Screen.GOODBYE


def test_the_password_is_not_kept_in_the_session_or_shown(kiosk: FlowDriver, clock: FakeClock) -> None:
    _to_otp(kiosk, clock)
    assert PASSWORD not in repr(kiosk.flow.view)
    assert PASSWORD not in repr(LoginWithPassword(ID_NUMBER, PASSWORD))
    assert kiosk.flow._st.s.pending is None  # the request that carried it is answered


def test_a_wrong_password_asks_again_in_place(kiosk: FlowDriver) -> None:
    kiosk.send(AccountLoginChosen())
    kiosk.send(AccountCredentialsEntered(ID_NUMBER, "wrong"))
    kiosk.send(ev.ErrorOccurred(VneidWrongPasswordError("401")))
    view = account_view(kiosk)
    assert kiosk.screen is Screen.ACCOUNT  # not the error screen
    assert view.phase is AccountPhase.CREDENTIALS
    assert view.error_vi is not None
    assert "15 phút" in view.error_vi
    assert kiosk.send(AccountCredentialsEntered(ID_NUMBER, PASSWORD)) == [
        LoginWithPassword(ID_NUMBER, PASSWORD)
    ]


def test_a_short_number_is_refused_before_anything_is_sent(kiosk: FlowDriver) -> None:
    kiosk.send(AccountLoginChosen())
    assert kiosk.send(AccountCredentialsEntered("0123", PASSWORD)) == []
    assert account_view(kiosk).error_en is not None


def test_a_locked_account_offers_the_card(kiosk: FlowDriver) -> None:
    kiosk.send(AccountLoginChosen())
    kiosk.send(AccountCredentialsEntered(ID_NUMBER, "wrong"))
    kiosk.send(ev.ErrorOccurred(VneidAccountLockedError("423")))
    view = account_view(kiosk)
    assert view.phase is AccountPhase.LOCKED
    assert view.error_en is not None
    assert "ID card" in view.error_en
    assert kiosk.send(AccountCredentialsEntered(ID_NUMBER, PASSWORD)) == []  # nothing sent while locked
    kiosk.send(ev.Back())
    kiosk.send(ev.Back())
    assert kiosk.screen is Screen.LOGIN  # the choice: card or QR


def test_a_wrong_code_may_be_typed_again_an_expired_one_asks_for_the_password(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    _to_otp(kiosk, clock)
    kiosk.send(OtpEntered("000000"))
    kiosk.send(ev.ErrorOccurred(VneidWrongOtpError("401")))
    assert account_view(kiosk).phase is AccountPhase.OTP
    assert kiosk.send(OtpEntered("123456")) == [LoginWithOtp("ch-1", "123456")]
    kiosk.send(ev.ErrorOccurred(VneidOtpExpiredError("401")))
    assert account_view(kiosk).phase is AccountPhase.CREDENTIALS
    assert kiosk.send(OtpEntered("123456")) == []


def test_the_codes_time_runs_out_on_the_kiosk_clock(clock: FakeClock) -> None:
    kiosk = FlowDriver(clock, KioskConfig(inactivity_warning_s=600, inactivity_timeout_s=900))
    _to_otp(kiosk, clock)
    kiosk.advance(299)
    assert account_view(kiosk).phase is AccountPhase.OTP
    kiosk.advance(2)
    view = account_view(kiosk)
    assert view.phase is AccountPhase.CREDENTIALS
    assert view.error_en is not None
    assert "time" in view.error_en
    assert kiosk.send(OtpEntered("123456")) == []


def test_an_outage_is_shown_in_place_with_the_way_back(kiosk: FlowDriver) -> None:
    kiosk.send(AccountLoginChosen())
    kiosk.send(AccountCredentialsEntered(ID_NUMBER, PASSWORD))
    kiosk.send(ev.ErrorOccurred(BackendUnavailableError("503")))
    view = account_view(kiosk)
    assert view.phase is AccountPhase.CREDENTIALS
    assert view.error_vi is not None


def test_by_default_the_warning_comes_at_120_s_and_the_session_ends_at_180_s(clock: FakeClock) -> None:
    """Issue 13 (less typing, more time): the defaults, not a test's own timings."""
    kiosk = FlowDriver(clock, KioskConfig())
    kiosk.send(ev.StartTapped())
    kiosk.advance(119)
    assert kiosk.screen is Screen.LOGIN
    kiosk.advance(2)
    assert kiosk.screen is Screen.TIMEOUT_WARNING
    kiosk.send(ev.StillHere())  # "Tôi cần thêm thời gian"
    kiosk.advance(179)
    assert kiosk.screen is not Screen.WELCOME
    kiosk.advance(2)
    assert kiosk.screen is Screen.WELCOME
