"""Help that arrives: the call goes to the backend, the kiosk says what became of it, honestly."""

from __future__ import annotations

import datetime as dt

from reference_kiosk.api_ops import HelpCall, HelpCallStatus, HelpReason
from reference_kiosk.backend.errors import BackendUnavailableError
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import CallForHelp, PollHelpCall, Track
from reference_kiosk.flow.view_frame import HelpPhase, OfficeState
from reference_kiosk.flow.views import ErrorView, Screen
from tests.support.kiosk_flow import FakeClock, FlowDriver

VN = dt.timezone(dt.timedelta(hours=7))
MONDAY_9 = dt.datetime(2025, 3, 17, 9, 0, tzinfo=VN)
SATURDAY_10 = dt.datetime(2025, 3, 22, 10, 0, tzinfo=VN)


def _call(status: HelpCallStatus, staff: str = "") -> HelpCall:
    return HelpCall(
        id="HC-1", kiosk_id="KIOSK-LSN-01", site="lso-province-center", screen="home",
        reason=HelpReason.ASKED, status=status, created_at=MONDAY_9, staff=staff,
    )  # fmt: skip


def _kiosk(start: dt.datetime = MONDAY_9, **config: object) -> FlowDriver:
    return FlowDriver(FakeClock(start), KioskConfig(**config))  # type: ignore[arg-type]


def _phase(kiosk: FlowDriver) -> HelpPhase:
    return kiosk.flow.view.frame.help.phase


def _effects(kiosk: FlowDriver, event: ev.Event) -> list[str]:
    return [type(e).__name__ for e in kiosk.send(event)]


def test_asking_for_help_sends_a_call_and_shows_the_acknowledgement() -> None:
    kiosk = _kiosk()
    kiosk.login_card()
    sent = kiosk.send(ev.StaffCalled())
    assert sent == [Track("help", "home", channel="cccd"), CallForHelp("home", HelpReason.ASKED)]
    assert _phase(kiosk) is HelpPhase.SENDING
    assert kiosk.send(ev.StaffCalled()) == []  # a second tap sends nothing
    kiosk.send(ev.HelpCallChanged(_call(HelpCallStatus.OPEN)))
    assert _phase(kiosk) is HelpPhase.WAITING
    polls = [e for e in kiosk.advance(5) if isinstance(e, PollHelpCall)]
    assert polls == [PollHelpCall("HC-1")]
    answered = kiosk.send(ev.HelpCallChanged(_call(HelpCallStatus.ACKNOWLEDGED, "Chị Lan")))
    assert answered == [Track("help_answered", "home", channel="cccd")]
    help_now = kiosk.flow.view.frame.help
    assert (help_now.phase, help_now.staff) == (HelpPhase.ACKNOWLEDGED, "Chị Lan")
    kiosk.send(ev.HelpCallChanged(_call(HelpCallStatus.CLOSED)))
    assert _phase(kiosk) is HelpPhase.NONE  # staff have been: the panel goes


def test_a_call_that_could_not_be_sent_never_says_staff_are_coming() -> None:
    kiosk = _kiosk()
    kiosk.send(ev.StaffCalled())  # on the welcome screen, before any session
    failed = kiosk.send(ev.HelpCallFailed(BackendUnavailableError()))
    assert failed == [Track("help_unsent", "welcome", channel="anonymous", error="BackendUnavailableError")]
    assert _phase(kiosk) is HelpPhase.UNSENT
    assert [e for e in kiosk.advance(30) if isinstance(e, PollHelpCall)] == []
    kiosk.send(ev.HelpDismissed())
    assert _phase(kiosk) is HelpPhase.NONE
    assert _effects(kiosk, ev.StaffCalled()) == ["Track", "CallForHelp"]  # and may ask again


def test_the_error_screens_button_takes_the_same_path() -> None:
    kiosk = _kiosk()
    kiosk.login_card()
    kiosk.send(ev.TileChosen(ev.HomeTile.PROCEDURES), ev.ErrorOccurred(BackendUnavailableError()))
    assert kiosk.screen is Screen.ERROR
    sent = kiosk.send(ev.StaffCalled())
    assert CallForHelp("search", HelpReason.ERROR) in sent
    view = kiosk.flow.view
    assert isinstance(view, ErrorView)
    assert view.staff_called
    assert view.frame.help.phase is HelpPhase.SENDING


def test_a_waiting_citizen_is_not_timed_out_while_staff_are_on_the_way() -> None:
    kiosk = _kiosk()
    kiosk.login_card()
    kiosk.send(ev.StaffCalled(), ev.HelpCallChanged(_call(HelpCallStatus.ACKNOWLEDGED)))
    kiosk.advance(400)  # far past the 180 s inactivity timeout
    assert kiosk.screen is Screen.HOME
    kiosk.send(ev.HelpCallChanged(_call(HelpCallStatus.CLOSED)))
    kiosk.advance(185)
    assert kiosk.screen is Screen.WELCOME  # once the call is closed the usual timeout applies


def test_out_of_hours_help_says_nobody_is_on_duty_and_sends_nothing() -> None:
    kiosk = _kiosk(SATURDAY_10, hotline="0205 3 812 345")
    assert kiosk.flow.view.frame.office is not None
    assert kiosk.flow.view.frame.office.state is OfficeState.DAY_OFF
    sent = _effects(kiosk, ev.StaffCalled())
    assert sent == ["Track", "Track"]  # help asked, answered "off hours": no call to nobody
    status = kiosk.flow.view.frame.help
    assert status.phase is HelpPhase.OFF_HOURS
    assert status.next_opening == dt.datetime(2025, 3, 24, 7, 30, tzinfo=VN)
    assert status.hotline == "0205 3 812 345"


def test_the_welcome_frame_knows_the_lunch_break_and_the_evening() -> None:
    lunch = _kiosk(dt.datetime(2025, 3, 17, 12, 0, tzinfo=VN))
    office = lunch.flow.view.frame.office
    assert office is not None
    back = dt.datetime(2025, 3, 17, 13, 30, tzinfo=VN)
    assert (office.state, office.next_opening) == (OfficeState.LUNCH, back)
    assert _kiosk().flow.view.frame.office is None  # Monday 09:00: open


def test_a_new_citizen_starts_without_the_last_ones_help_panel() -> None:
    kiosk = _kiosk()
    kiosk.login_card()
    kiosk.send(ev.StaffCalled(), ev.HelpCallFailed(BackendUnavailableError()), ev.Logout())
    kiosk.advance(15)
    assert kiosk.screen is Screen.WELCOME
    assert _phase(kiosk) is HelpPhase.NONE
