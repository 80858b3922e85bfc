"""Every input the kiosk flow accepts, as frozen values.

The UI translates touches, keys and card-reader events into these; the services post the
results of effects back as these. ``KioskFlow.handle(event)`` is the only consumer.

    citizen input      LanguageChosen, AccessibilityToggled, StartTapped, LoginMethodChosen,
                       BacEntered, VneidReload, TileChosen, SearchChanged, FieldChipChosen,
                       ProcedureChosen, StartSubmission, CaseChosen, FormFieldEdited, Continue,
                       ScanRequested, RescanRequested, KeepBlankPage, ReviewConfirmed,
                       SlipPrintChosen, PayChosen, PaymentCancelled, DossierChosen, LookupByCode,
                       SupplyChosen, SupplyConfirmed,
                       RatingAnswered, RatingSubmitted, RatingRefused, Retry, Back, Home, Logout, StillHere
    devices            CardInserted, CardRemoved
    effect results     BacKeyRequired, CardRead, CardReadFailed, LoggedIn, VneidStarted,
                       VneidPolled, SearchResultsLoaded, ProcedureLoaded, PageScanned,
                       DocumentBuilt, SubmissionAcknowledged, SubmissionQueued, PaymentQrReceived,
                       PaymentStatusChanged, DossiersLoaded, DossierLoaded, SupplementSent, RatingSaved,
                       SlipPrinted, SlipPrintFailed
    help               StaffCalled, HelpDismissed; answers HelpCallChanged, HelpCallFailed
    time and errors    Tick(now), ErrorOccurred(error)

Every effect result (and ``ErrorOccurred``) subclasses ``Answer``: the flow tells the citizen's
input from the world's answers by that base, so a new device's result event needs no list.

Fields carrying personal data are declared ``repr=False`` so an event never prints them.
Each journey's events live in a module of their own and are re-exported here, so
``from reference_kiosk.flow import events as ev`` reaches every one:

    events_login      logging in with the card or the VNeID app's QR code (``LoginMethod``)
    events_submit     finding a procedure, the e-form, scanning, review, receipt
    events_dossier    paying a fee, looking a dossier up, rating it
    events_supplement answering a supplement request from the status screen
    account_types     the VNeID account login (number, password, one-time code)
    slip_types        reading the appointment slip's code from the glass

This module keeps what every journey shares: welcome, navigation, help, time and errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from reference_kiosk.api_ops import HelpCall
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow.account_types import (
    AccountCredentialsEntered,
    AccountLoginChosen,
    OtpEntered,
    OtpSent,
)
from reference_kiosk.flow.answer import Answer
from reference_kiosk.flow.events_dossier import (
    DossierChosen,
    DossierLoaded,
    DossiersLoaded,
    LookupByCode,
    PayChosen,
    PaymentCancelled,
    PaymentQrReceived,
    PaymentStatusChanged,
    RatingAnswered,
    RatingRefused,
    RatingSaved,
    RatingSubmitted,
)
from reference_kiosk.flow.events_login import (
    BacEntered,
    BacKeyRequired,
    CardInserted,
    CardRead,
    CardReadFailed,
    CardRemoved,
    LoggedIn,
    LoginMethod,
    LoginMethodChosen,
    VneidPolled,
    VneidReload,
    VneidStarted,
)
from reference_kiosk.flow.events_submit import (
    CaseChosen,
    DocumentBuilt,
    FieldChipChosen,
    FieldsLoaded,
    FormFieldEdited,
    KeepBlankPage,
    MoreResultsWanted,
    PageScanned,
    ProcedureChosen,
    ProcedureLoaded,
    RescanRequested,
    ReviewConfirmed,
    ScanRequested,
    SearchChanged,
    SearchResultsLoaded,
    SlipPrintChosen,
    SlipPrinted,
    SlipPrintFailed,
    StartSubmission,
    SubmissionAcknowledged,
    SubmissionQueued,
)
from reference_kiosk.flow.events_supplement import SupplementSent, SupplyChosen, SupplyConfirmed
from reference_kiosk.flow.slip_types import SlipCodeRead, SlipScanWanted

__all__ = [
    "A11yOption",
    "AccessibilityToggled",
    "Answer",
    "BacEntered",
    "BacKeyRequired",
    "Back",
    "CardInserted",
    "CardRead",
    "CardReadFailed",
    "CardRemoved",
    "CaseChosen",
    "Continue",
    "DocumentBuilt",
    "DossierChosen",
    "DossierLoaded",
    "DossiersLoaded",
    "ErrorOccurred",
    "Event",
    "FieldChipChosen",
    "FieldsLoaded",
    "FormFieldEdited",
    "HelpCallChanged",
    "HelpCallFailed",
    "HelpDismissed",
    "Home",
    "HomeTile",
    "KeepBlankPage",
    "Lang",
    "LanguageChosen",
    "LoggedIn",
    "LoginMethod",
    "LoginMethodChosen",
    "Logout",
    "LookupByCode",
    "MoreResultsWanted",
    "PageScanned",
    "PayChosen",
    "PaymentCancelled",
    "PaymentQrReceived",
    "PaymentStatusChanged",
    "ProcedureChosen",
    "ProcedureLoaded",
    "RatingAnswered",
    "RatingRefused",
    "RatingSaved",
    "RatingSubmitted",
    "RescanRequested",
    "Retry",
    "ReviewConfirmed",
    "ScanRequested",
    "SearchChanged",
    "SearchResultsLoaded",
    "SlipPrintChosen",
    "SlipPrintFailed",
    "SlipPrinted",
    "StaffCalled",
    "StartSubmission",
    "StartTapped",
    "StillHere",
    "SubmissionAcknowledged",
    "SubmissionQueued",
    "SupplementSent",
    "SupplyChosen",
    "SupplyConfirmed",
    "Tick",
    "TileChosen",
    "VneidPolled",
    "VneidReload",
    "VneidStarted",
]

Lang = Literal["vi", "en"]


class A11yOption(StrEnum):
    LARGE_TEXT = "large_text"
    HIGH_CONTRAST = "high_contrast"
    VOICE = "voice"


class HomeTile(StrEnum):
    PROCEDURES = "procedures"  # browse / search the catalogue
    SUBMIT = "submit"  # same search, but the detail screen leads straight to the e-form
    LOOKUP = "lookup"
    PAY = "pay"
    RATE = "rate"


# ---------------------------------------------------------------------------- welcome, a11y


@dataclass(frozen=True, slots=True)
class LanguageChosen:
    lang: Lang


@dataclass(frozen=True, slots=True)
class AccessibilityToggled:
    option: A11yOption


@dataclass(frozen=True, slots=True)
class StartTapped:
    """'Touch to begin' on the welcome screen: go to the login choice."""


# ---------------------------------------------------------------------------- navigation


@dataclass(frozen=True, slots=True)
class TileChosen:
    tile: HomeTile


@dataclass(frozen=True, slots=True)
class Continue:
    """The screen's primary forward button (next, done, OK)."""


@dataclass(frozen=True, slots=True)
class Back:
    pass


@dataclass(frozen=True, slots=True)
class Home:
    pass


@dataclass(frozen=True, slots=True)
class Logout:
    pass


@dataclass(frozen=True, slots=True)
class Retry:
    """On the error screen: repeat what failed."""


@dataclass(frozen=True, slots=True)
class StaffCalled:
    """The citizen asks for a staff member: "Cần hỗ trợ" on any screen, "Gọi cán bộ hỗ trợ" on the
    error and failed-login screens. Sends a help call (or, out of hours, says nobody is on duty)."""


@dataclass(frozen=True, slots=True)
class HelpDismissed:
    """Close the help panel; a call already sent stays with the staff."""


@dataclass(frozen=True, slots=True)
class HelpCallChanged(Answer):
    """The backend's state of this kiosk's help call (open, acknowledged, closed)."""

    call: HelpCall


@dataclass(frozen=True, slots=True)
class HelpCallFailed(Answer):
    """The help call could not be sent or checked (the kiosk says so, never "staff are coming")."""

    error: KioskError


@dataclass(frozen=True, slots=True)
class StillHere:
    """'I am still here' on the inactivity warning (any other input counts too)."""


@dataclass(frozen=True, slots=True)
class Tick:
    """Time passes: ``now`` is ``Clock.monotonic()``; drives countdowns, polls and timeouts."""

    now: float


@dataclass(frozen=True, slots=True)
class ErrorOccurred(Answer):
    """A device or backend failure while executing an effect."""

    error: KioskError


Event = (
    LanguageChosen
    | AccessibilityToggled
    | StartTapped
    | LoginMethodChosen
    | AccountLoginChosen
    | AccountCredentialsEntered
    | OtpEntered
    | OtpSent
    | CardInserted
    | CardRemoved
    | BacKeyRequired
    | BacEntered
    | CardRead
    | CardReadFailed
    | VneidStarted
    | VneidPolled
    | VneidReload
    | LoggedIn
    | TileChosen
    | Continue
    | Back
    | Home
    | Logout
    | Retry
    | StaffCalled
    | HelpDismissed
    | HelpCallChanged
    | HelpCallFailed
    | StillHere
    | Tick
    | ErrorOccurred
    | SearchChanged
    | FieldChipChosen
    | MoreResultsWanted
    | SearchResultsLoaded
    | FieldsLoaded
    | ProcedureChosen
    | ProcedureLoaded
    | StartSubmission
    | CaseChosen
    | FormFieldEdited
    | ScanRequested
    | RescanRequested
    | PageScanned
    | KeepBlankPage
    | DocumentBuilt
    | ReviewConfirmed
    | SubmissionAcknowledged
    | SubmissionQueued
    | SlipPrintChosen
    | SlipPrinted
    | SlipPrintFailed
    | PayChosen
    | PaymentQrReceived
    | PaymentStatusChanged
    | PaymentCancelled
    | DossiersLoaded
    | DossierChosen
    | DossierLoaded
    | LookupByCode
    | SupplyChosen
    | SupplyConfirmed
    | SupplementSent
    | SlipScanWanted
    | SlipCodeRead
    | RatingAnswered
    | RatingSubmitted
    | RatingRefused
    | RatingSaved
)
