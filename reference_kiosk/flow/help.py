"""Help that arrives: "Cần hỗ trợ" sends a help call to the site's staff, and the kiosk shows
when someone has acknowledged it (docs/decisions/0021).

    StaffCalled --(desk open)--> CallForHelp -> HelpCallChanged(open)  -> WAITING, polled
                                                 HelpCallChanged(ack)   -> ACKNOWLEDGED "on the way"
                                                 HelpCallChanged(closed)-> NONE (staff have been)
                                 HelpCallFailed                         -> UNSENT (never "coming")
    StaffCalled --(desk closed)--> OFF_HOURS: nobody on duty, the next opening, the hotline

The call is the kiosk's, not the citizen's: it names the kiosk, the screen and a reason, and
outlives nothing but the session (a new citizen starts without a panel). While staff are on the
way the inactivity timer is held, up to ``HOLD_S``, so the citizen's form is not wiped while
they wait. Telemetry: ``Track("help")`` marks the step (``help_requested``), then one of
``help_answered`` (with the wait), ``help_unsent`` or ``help_off_hours``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reference_kiosk.api_ops import HelpCallStatus, HelpReason
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import CallForHelp, Effect, PollHelpCall, Track
from reference_kiosk.flow.view_frame import HelpPhase, HelpStatus, Screen

if TYPE_CHECKING:
    from reference_kiosk.flow.state import FlowState

__all__ = ["HOLD_S", "SHOWN_S", "HelpState", "answer", "call", "dismiss", "holds", "on_tick", "status"]

HOLD_S = 600.0  # at most this long a help call keeps a session from timing out
SHOWN_S = 60.0  # how long a panel that waits for nothing (unsent, off hours) stays by itself
_ACTIVE = (HelpPhase.SENDING, HelpPhase.WAITING, HelpPhase.ACKNOWLEDGED)


@dataclass(slots=True)
class HelpState:
    phase: HelpPhase = HelpPhase.NONE
    call_id: str | None = None
    step: str = ""  # the telemetry step the call was made from
    staff: str = ""
    placed_at: float = 0.0
    next_poll: float = 0.0
    next_opening: dt.datetime | None = None


def call(st: FlowState) -> list[Effect]:
    """The citizen asked for help on the screen shown now."""
    h = st.help
    if h.phase in _ACTIVE:
        return []  # already called: a second tap sends nothing
    step = st.step_name(st.screen)
    reason = HelpReason.ERROR if st.error is not None else HelpReason.ASKED
    if st.screen is Screen.LOGIN and st.error is None and st.s.login.error is not None:
        reason = HelpReason.LOGIN_FAILED
    now = st.now()
    st.help = HelpState(step=step, placed_at=now, next_poll=now + st.config.help_poll_s)
    effects: list[Effect] = [Track("help", step, channel=st.channel())]
    office = st.office_status()
    if office is not None:
        st.help.phase, st.help.next_opening = HelpPhase.OFF_HOURS, office.next_opening
        return [*effects, Track("help_off_hours", step, channel=st.channel())]
    st.help.phase = HelpPhase.SENDING
    return [*effects, CallForHelp(step, reason)]


def answer(st: FlowState, event: ev.HelpCallChanged | ev.HelpCallFailed) -> list[Effect]:
    h = st.help
    if isinstance(event, ev.HelpCallFailed):
        if h.phase is HelpPhase.SENDING:
            h.phase = HelpPhase.UNSENT
            return [Track("help_unsent", h.step, channel=st.channel(), error=type(event.error).__name__)]
        return []  # a failed poll: the call is with staff all the same; the next poll asks again
    found = event.call
    if h.phase not in _ACTIVE or (h.call_id is not None and found.id != h.call_id):
        return []  # a late answer for a call this session no longer shows
    h.call_id = found.id
    if found.status is HelpCallStatus.CLOSED:
        st.help = HelpState()  # staff have been and closed it
        return []
    if found.status is HelpCallStatus.ACKNOWLEDGED:
        first = h.phase is not HelpPhase.ACKNOWLEDGED
        h.phase, h.staff = HelpPhase.ACKNOWLEDGED, found.staff
        return [Track("help_answered", h.step, channel=st.channel())] if first else []
    h.phase = HelpPhase.WAITING
    return []


def on_tick(st: FlowState, now: float) -> list[Effect]:
    h = st.help
    if h.phase in (HelpPhase.UNSENT, HelpPhase.OFF_HOURS) and now - h.placed_at >= SHOWN_S:
        st.help = HelpState()  # read by now, or by nobody (the attract screen must not keep it)
        return []
    if h.phase in (HelpPhase.WAITING, HelpPhase.ACKNOWLEDGED) and h.call_id and now >= h.next_poll:
        h.next_poll = now + st.config.help_poll_s
        return [PollHelpCall(h.call_id)]
    return []


def holds(st: FlowState, now: float) -> bool:
    """Whether staff have the call (so someone may be coming) and it keeps the session alive now.

    Not while it is being sent: a call that never gets an answer must not hold a session open.
    """
    held = (HelpPhase.WAITING, HelpPhase.ACKNOWLEDGED)
    return st.help.phase in held and now - st.help.placed_at < HOLD_S


def dismiss(st: FlowState) -> None:
    """Close a panel that waits for nothing (unsent, out of hours); a live call stays shown."""
    if st.help.phase in (HelpPhase.UNSENT, HelpPhase.OFF_HOURS):
        st.help = HelpState()


def status(st: FlowState) -> HelpStatus:
    h = st.help
    return HelpStatus(phase=h.phase, staff=h.staff, next_opening=h.next_opening, hotline=st.config.hotline)
