"""Every input the kiosk flow accepts, as frozen values.

The UI translates touches, keys and card-reader events into these; the services post the
results of effects back as these. ``KioskFlow.handle(event)`` is the only consumer.

    citizen input      LanguageChosen, AccessibilityToggled, StartTapped, LoginMethodChosen,
                       BacEntered, VneidReload, TileChosen, SearchChanged, FieldChipChosen,
                       ProcedureChosen, StartSubmission, CaseChosen, FormFieldEdited, Continue,
                       ScanRequested, RescanRequested, KeepBlankPage, ReviewConfirmed,
                       SlipPrintChosen, PayChosen, PaymentCancelled, DossierChosen, LookupByCode,
                       RatingAnswered, RatingSubmitted, RatingRefused, Retry, Back, Home, Logout, StillHere
    devices            CardInserted, CardRemoved
    effect results     BacKeyRequired, CardRead, CardReadFailed, LoggedIn, VneidStarted,
                       VneidPolled, SearchResultsLoaded, ProcedureLoaded, PageScanned,
                       DocumentBuilt, SubmissionAcknowledged, SubmissionQueued, PaymentQrReceived,
                       PaymentStatusChanged, DossiersLoaded, DossierLoaded, RatingSaved,
                       SlipPrinted, SlipPrintFailed
    help               StaffCalled, HelpDismissed; answers HelpCallChanged, HelpCallFailed
    time and errors    Tick(now), ErrorOccurred(error)

Every effect result (and ``ErrorOccurred``) subclasses ``Answer``: the flow tells the citizen's
input from the world's answers by that base, so a new device's result event needs no list.

Fields carrying personal data are declared ``repr=False`` so an event never prints them.
The pay, look-up and rating events live in ``events_dossier`` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from reference_kiosk import api
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


class LoginMethod(StrEnum):
    CARD = "card"  # chip ID card (CCCD) on the reader
    VNEID = "vneid"  # QR scanned with the VNeID app


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


# ---------------------------------------------------------------------------- login


@dataclass(frozen=True, slots=True)
class LoginMethodChosen:
    method: LoginMethod


@dataclass(frozen=True, slots=True)
class CardInserted:
    reader: str = ""


@dataclass(frozen=True, slots=True)
class CardRemoved:
    """The card left the reader: during a card session this ends it and wipes personal data."""

    reader: str = ""


@dataclass(frozen=True, slots=True)
class BacKeyRequired(Answer):
    """The reader needs ID number + date of birth to open the chip (BAC): show the keypad.

    ``notice``: why the card's print on the glass did not give the key (shown above the keypad)."""

    notice: KioskError | None = None


@dataclass(frozen=True, slots=True)
class BacEntered:
    """Typed on the numeric keypad: the 12-digit ID number and the date of birth."""

    id_number: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)


@dataclass(frozen=True, slots=True)
class CardRead(Answer):
    """The chip was read and passive authentication ran; raw data goes to the backend."""

    request: api.CccdLoginRequest = field(repr=False)


@dataclass(frozen=True, slots=True)
class CardReadFailed(Answer):
    error: KioskError


@dataclass(frozen=True, slots=True)
class VneidStarted(Answer):
    session_id: str
    qr_payload: str
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class VneidPolled(Answer):
    """A poll answer that is not an approval (approval arrives as ``LoggedIn``)."""

    status: api.VneidStatus
    session_id: str = ""  # which QR it answers: an answer for a reloaded (older) QR is ignored


@dataclass(frozen=True, slots=True)
class VneidReload:
    """The citizen asked for a fresh QR (expired, denied or simply taking too long)."""


@dataclass(frozen=True, slots=True)
class LoggedIn(Answer):
    method: LoginMethod
    token: str = field(repr=False)
    citizen: api.CitizenProfile = field(repr=False)
    residence: str = field(default="", repr=False)  # the chip's DG13 place of residence (card logins)


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


# ---------------------------------------------------------------------------- find a procedure


@dataclass(frozen=True, slots=True)
class SearchChanged:
    text: str


@dataclass(frozen=True, slots=True)
class FieldChipChosen:
    field: str | None  # None clears the filter


@dataclass(frozen=True, slots=True)
class MoreResultsWanted:
    """The citizen turned past the last loaded page of results ("Xem thêm"): load the next one."""


@dataclass(frozen=True, slots=True)
class SearchResultsLoaded(Answer):
    """One page of results: ``results`` start at ``offset`` of the ``total`` the backend has."""

    query: str
    field: str | None
    results: tuple[api.ProcedureSummary, ...]
    total: int = 0
    offset: int = 0


@dataclass(frozen=True, slots=True)
class FieldsLoaded(Answer):
    """Every field of the catalogue (browse), with its number of procedures."""

    fields: tuple[api.FieldSummary, ...]


@dataclass(frozen=True, slots=True)
class ProcedureChosen:
    code: str


@dataclass(frozen=True, slots=True)
class ProcedureLoaded(Answer):
    procedure: api.Procedure


# ---------------------------------------------------------------------------- submit


@dataclass(frozen=True, slots=True)
class StartSubmission:
    """'Submit a dossier' on the procedure detail screen."""


@dataclass(frozen=True, slots=True)
class CaseChosen:
    code: str


@dataclass(frozen=True, slots=True)
class FormFieldEdited:
    name: str
    value: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ScanRequested:
    """Scan (another) page of one required paper."""

    document_code: str


@dataclass(frozen=True, slots=True)
class RescanRequested:
    """Drop this paper's pages and scan it again."""

    document_code: str


@dataclass(frozen=True, slots=True)
class PageScanned(Answer):
    """A page is held by the services under ``page_id`` (image and thumbnail never enter the flow)."""

    document_code: str
    page_id: str
    blank: bool = False


@dataclass(frozen=True, slots=True)
class KeepBlankPage:
    """The citizen keeps a page the blank-detector warned about."""

    document_code: str


@dataclass(frozen=True, slots=True)
class DocumentBuilt(Answer):
    """The pages of one paper became an upload-ready document held by the services."""

    document_code: str
    pages: int
    size_bytes: int


@dataclass(frozen=True, slots=True)
class ReviewConfirmed:
    pass


@dataclass(frozen=True, slots=True)
class SubmissionAcknowledged(Answer):
    idempotency_key: str
    dossier: api.Dossier


@dataclass(frozen=True, slots=True)
class SubmissionQueued(Answer):
    """The backend is unreachable: the dossier waits in the outbox and will be sent later."""

    idempotency_key: str


@dataclass(frozen=True, slots=True)
class SlipPrintChosen:
    """The citizen asks for the receipt slip on paper."""


@dataclass(frozen=True, slots=True)
class SlipPrinted(Answer):
    """The printer took the slip."""


@dataclass(frozen=True, slots=True)
class SlipPrintFailed(Answer):
    """The slip did not come out (a ``PrinterError``); the receipt stays on screen."""

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
    | SlipScanWanted
    | SlipCodeRead
    | RatingAnswered
    | RatingSubmitted
    | RatingRefused
    | RatingSaved
)
