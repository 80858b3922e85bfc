"""Session-wide rules: inactivity warning and timeout, goodbye, preferences, error screen, Home."""

from __future__ import annotations

import datetime as dt

from reference_kiosk.backend.errors import BackendTimeoutError
from reference_kiosk.config import KioskConfig
from reference_kiosk.domain.errors import Remedy
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import ListDossiers, Speak, Track, WipePersonalData
from reference_kiosk.flow.views import (
    ErrorView,
    GoodbyeView,
    HomeView,
    Screen,
    TimeoutWarningView,
    WelcomeView,
)
from tests.support.kiosk_flow import FULL_NAME, TOKEN, FakeClock, FlowDriver, citizen, view_of


def test_welcome_is_never_timed_out(kiosk: FlowDriver) -> None:
    assert kiosk.advance(200) == []
    assert kiosk.screen is Screen.WELCOME


def test_warning_at_60_s_then_timeout_at_90_s(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.advance(59)
    assert kiosk.screen is Screen.HOME
    kiosk.advance(1)
    assert kiosk.screen is Screen.TIMEOUT_WARNING
    view = view_of(kiosk, TimeoutWarningView)
    assert (view.seconds_left, view.under) == (30, Screen.HOME)
    kiosk.advance(10)
    assert view_of(kiosk, TimeoutWarningView).seconds_left == 20
    effects = kiosk.advance(20)
    assert kiosk.screen is Screen.WELCOME
    assert Track("session_end", channel="cccd", outcome="timeout") in effects
    assert WipePersonalData() in effects
    assert not kiosk.flow.logged_in


def test_a_touch_on_the_warning_keeps_the_session(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.advance(65)
    assert kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP)) == []  # only dismisses the warning
    assert kiosk.screen is Screen.HOME
    kiosk.advance(59)
    assert kiosk.screen is Screen.HOME
    kiosk.send(ev.StillHere())
    kiosk.advance(89)
    assert kiosk.screen is Screen.TIMEOUT_WARNING


def test_configured_timeouts_are_used(clock: FakeClock) -> None:
    kiosk = FlowDriver(clock, KioskConfig(inactivity_warning_s=10, inactivity_timeout_s=20))
    kiosk.login_card()
    kiosk.advance(10)
    assert kiosk.screen is Screen.TIMEOUT_WARNING
    kiosk.advance(10)
    assert kiosk.screen is Screen.WELCOME


def test_logout_says_goodbye_with_reminders_then_welcome(kiosk: FlowDriver) -> None:
    kiosk.send(ev.LanguageChosen("en"), ev.AccessibilityToggled(ev.A11yOption.LARGE_TEXT))
    kiosk.login_card()
    assert view_of(kiosk, HomeView).citizen_name == FULL_NAME
    assert view_of(kiosk, HomeView).masked_id == "*********345"
    effects = kiosk.send(ev.Logout())
    assert Track("session_end", channel="cccd", outcome="logout") in effects
    view = view_of(kiosk, GoodbyeView)
    assert (view.remind_card, view.remind_papers, view.seconds_left) == (True, False, 10)
    assert view.frame.lang == "en"  # the goodbye still speaks the citizen's language
    kiosk.advance(10)
    welcome = view_of(kiosk, WelcomeView)
    assert (welcome.lang, welcome.large_text) == ("vi", False)  # the next citizen gets the defaults


def test_preferences_and_voice(kiosk: FlowDriver) -> None:
    kiosk.send(
        ev.AccessibilityToggled(ev.A11yOption.HIGH_CONTRAST), ev.AccessibilityToggled(ev.A11yOption.VOICE)
    )
    view = view_of(kiosk, WelcomeView)
    assert (view.high_contrast, view.voice, view.frame.high_contrast) == (True, True, True)
    assert kiosk.send(ev.LanguageChosen("en")) == [Speak("voice.welcome", "en")]
    assert Speak("voice.login", "en") in kiosk.send(ev.StartTapped())


def test_card_removal_before_login_is_not_the_end(kiosk: FlowDriver) -> None:
    kiosk.send(
        ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted(), ev.CardRemoved()
    )
    assert kiosk.screen is Screen.LOGIN


def test_vneid_session_is_not_ended_by_card_events(kiosk: FlowDriver, clock: FakeClock) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    kiosk.send(ev.LoggedIn(ev.LoginMethod.VNEID, TOKEN, citizen()))
    assert not kiosk.flow.logged_in  # a LoggedIn before the QR was even shown is stale
    kiosk.send(ev.VneidStarted("s1", "qr", clock.now() + dt.timedelta(minutes=2)))
    kiosk.send(ev.LoggedIn(ev.LoginMethod.VNEID, TOKEN, citizen()), ev.Continue())
    kiosk.send(ev.CardInserted(), ev.CardRemoved())
    assert kiosk.screen is Screen.HOME
    assert kiosk.flow.logged_in


def test_error_screen_dismiss_and_home(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.ErrorOccurred(BackendTimeoutError()))
    view = view_of(kiosk, ErrorView)
    assert (view.error_name, view.can_retry) == ("BackendTimeoutError", True)
    assert view.remedy in tuple(Remedy)
    assert kiosk.send(ev.Retry()) == [ListDossiers(TOKEN)]
    kiosk.send(ev.ErrorOccurred(BackendTimeoutError()), ev.Home())
    assert kiosk.screen is Screen.HOME


def test_error_screen_times_out_too(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.ErrorOccurred(BackendTimeoutError()))
    kiosk.advance(90)
    assert kiosk.screen is Screen.WELCOME


def test_home_from_anonymous_search_ends_the_visit(kiosk: FlowDriver) -> None:
    kiosk.send(ev.TileChosen(ev.HomeTile.PROCEDURES))
    assert kiosk.screen is Screen.SEARCH
    kiosk.send(ev.Home())
    assert kiosk.screen is Screen.WELCOME


def test_telemetry_steps_pair_up(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.Back(), ev.Logout())
    tracks = [(t.kind, t.step) for t in kiosk.effects if isinstance(t, Track)]
    assert tracks == [
        ("session_start", ""),
        ("step_enter", "login"),
        ("step_leave", "login_cccd"),
        ("step_enter", "home"),
        ("step_leave", "home"),
        ("step_enter", "lookup"),
        ("step_leave", "lookup"),
        ("step_enter", "home"),
        ("step_leave", "home"),
        ("session_end", ""),
    ]


def test_next_citizens_card_during_goodbye_starts_a_new_login(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    kiosk.send(ev.CardRemoved())
    assert kiosk.screen is Screen.GOODBYE
    effects = kiosk.send(ev.CardInserted("r0"))
    assert kiosk.screen is Screen.LOGIN
    assert Track("session_start", channel="anonymous") in effects
