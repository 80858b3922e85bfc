"""The parts every view shares: which screen it is (``Screen``) and the chrome around it (``Frame``).

Split from ``views`` so the per-journey view modules can import them without a cycle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reference_kiosk.domain.hours import OfficeState, OfficeStatus
from reference_kiosk.flow.events import Lang

__all__ = ["Frame", "HelpPhase", "HelpStatus", "OfficeState", "OfficeStatus", "Screen"]


class Screen(StrEnum):
    WELCOME = "welcome"
    LOGIN = "login"
    ACCOUNT = "account_login"  # VNeID account: number, password, one-time code
    HOME = "home"
    SEARCH = "search"
    PROCEDURE = "procedure"
    FORM = "form"
    SCAN = "scan"
    REVIEW = "review"
    RECEIPT = "receipt"
    PAY = "pay"
    LOOKUP = "lookup"
    RATE = "rate"
    GOODBYE = "goodbye"
    ERROR = "error"
    TIMEOUT_WARNING = "timeout_warning"


class HelpPhase(StrEnum):
    NONE = "none"  # the "Cần hỗ trợ" control only
    SENDING = "sending"  # the call is on its way to the backend
    WAITING = "waiting"  # staff have the call; nobody has acknowledged it yet
    ACKNOWLEDGED = "acknowledged"  # "someone is on the way"
    UNSENT = "unsent"  # the call could not be sent: never claim that anyone is coming
    OFF_HOURS = "off_hours"  # nobody is on duty: the next opening time and the hotline


@dataclass(frozen=True, slots=True)
class HelpStatus:
    """The help panel above the footer (nothing personal: the call is the kiosk's)."""

    phase: HelpPhase = HelpPhase.NONE
    staff: str = ""  # who acknowledged, as the console showed it
    next_opening: dt.datetime | None = None  # OFF_HOURS: local time
    hotline: str = ""


@dataclass(frozen=True, slots=True)
class Frame:
    """Session-wide chrome shown around every screen."""

    lang: Lang = "vi"
    large_text: bool = False
    high_contrast: bool = False
    voice: bool = False
    citizen_name: str | None = None  # header, once logged in
    logged_in: bool = False  # show the Logout button
    can_go_back: bool = False  # show the Back button
    busy: bool = False  # an effect is running: show a spinner, ignore double taps
    help: HelpStatus = field(default_factory=HelpStatus)  # the help control and its panel
    office: OfficeStatus | None = None  # None while the desk is open; else closed until when
