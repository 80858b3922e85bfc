"""One frozen view model per screen: exactly what the screen shows, nothing it does not.

Scenes render these and nothing else; ``KioskFlow.view`` returns the current one (its
``screen`` says which). Every view carries a ``Frame`` with the session-wide chrome (language,
accessibility, the citizen's name for the header, whether Back/Logout are offered).

Texts that belong to the kiosk (labels, prompts) are NOT here: the UI's catalogues translate by
screen/phase/enum value. Data from the backend (procedure names, statuses, dates, VND amounts as
ints) is here raw; the UI formats it per locale. The citizen's ID number only ever appears masked.
``Screen`` and ``Frame`` live in ``view_frame``, the pay/look-up/rate views in ``views_dossier``;
every name is re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reference_kiosk.domain.errors import Remedy
from reference_kiosk.flow.account_view import AccountView
from reference_kiosk.flow.events import HomeTile, Lang, LoginMethod
from reference_kiosk.flow.refusal import LoginOffer, Refusal
from reference_kiosk.flow.view_frame import Frame, Screen
from reference_kiosk.flow.views_dossier import (
    DossierDetail,
    DossierSummary,
    FeeItem,
    IndicatorView,
    LookupPhase,
    LookupView,
    PayPhase,
    PayView,
    RatePhase,
    RateView,
    SupplementView,
    TimelineEntry,
)

__all__ = [
    "CaseOption",
    "Chip",
    "DocumentLine",
    "DossierDetail",
    "DossierSummary",
    "ErrorView",
    "FeeItem",
    "FeeLine",
    "FieldView",
    "FormView",
    "Frame",
    "GoodbyeView",
    "HomeView",
    "IndicatorView",
    "LoginPhase",
    "LoginView",
    "LookupPhase",
    "LookupView",
    "PayPhase",
    "PayView",
    "PrintStatus",
    "ProcedureSummary",
    "ProcedureView",
    "RatePhase",
    "RateView",
    "ReceiptView",
    "ReviewDocument",
    "ReviewField",
    "ReviewView",
    "ScanItem",
    "ScanItemStatus",
    "ScanView",
    "Screen",
    "SearchView",
    "SupplementView",
    "TimelineEntry",
    "TimeoutWarningView",
    "View",
    "WelcomeView",
]


# ---------------------------------------------------------------------------- welcome, login, home


@dataclass(frozen=True, slots=True)
class WelcomeView:
    """Language, large text, high contrast, voice; 'touch to begin'; look up without login."""

    frame: Frame
    lang: Lang
    large_text: bool
    high_contrast: bool
    voice: bool
    screen: Screen = Screen.WELCOME


class LoginPhase(StrEnum):
    CHOOSE = "choose"  # card or VNeID
    PLACE_CARD = "place_card"  # "please place your ID card on the reader"
    ENTER_BAC = "enter_bac"  # numeric keypad: ID number + date of birth
    READING = "reading"  # reading the chip (do not move the card)
    VERIFYING = "verifying"  # backend checks the chip data / token
    VNEID_STARTING = "vneid_starting"
    VNEID_QR = "vneid_qr"  # QR with countdown + reload; waiting for approval in the app
    VNEID_DENIED = "vneid_denied"
    VNEID_EXPIRED = "vneid_expired"
    VERIFIED = "verified"  # name + masked ID; Continue goes home
    FAILED = "failed"  # error shown in place, with its ways forward (refusal.offers)


@dataclass(frozen=True, slots=True)
class LoginView:
    frame: Frame
    method: LoginMethod | None
    phase: LoginPhase
    countdown_s: int | None = None  # VNeID QR lifetime left
    qr_payload: str | None = None
    masked_id: str | None = None  # "*********123" (domain.privacy), never the full number
    citizen_name: str | None = None  # once verified
    error_vi: str | None = None  # FAILED (or PLACE_CARD after a pulled card): what went wrong
    error_en: str | None = None
    offers: tuple[LoginOffer, ...] = ()  # FAILED: the ways forward, first the most useful
    refusal: Refusal | None = None  # FAILED with a card retrying cannot fix: chooses the help note
    staff_called: bool = False  # "a staff member has been called" (with the help note) replaces the button
    card_on_glass: bool = False  # the card goes on the scanner glass (its print gives the chip's key)
    screen: Screen = Screen.LOGIN


@dataclass(frozen=True, slots=True)
class HomeView:
    frame: Frame
    citizen_name: str
    masked_id: str
    tiles: tuple[HomeTile, ...]
    pending_outbox: int = 0  # dossiers of this session still waiting to be sent
    screen: Screen = Screen.HOME


# ---------------------------------------------------------------------------- find a procedure


@dataclass(frozen=True, slots=True)
class Chip:
    code: str  # field code, e.g. "cu_tru"
    label: str  # field name from the catalogue
    selected: bool


@dataclass(frozen=True, slots=True)
class ProcedureSummary:
    code: str
    name: str
    name_en: str
    field_name: str
    agency_name: str
    processing_days: float
    fee_online: int  # VND, sum of fees for an online/kiosk submission


@dataclass(frozen=True, slots=True)
class SearchView:
    frame: Frame
    query: str
    chips: tuple[Chip, ...]
    results: tuple[ProcedureSummary, ...]
    loading: bool
    submit_intent: bool  # came from the Submit tile: the detail leads to the e-form
    total: int = 0  # results the backend has (``results`` holds the pages loaded so far)
    screen: Screen = Screen.SEARCH


@dataclass(frozen=True, slots=True)
class FeeLine:
    label: str
    kind: str  # "phi" or "le_phi"
    in_person: int
    online: int
    per: str  # "dossier", "page", "copy"


@dataclass(frozen=True, slots=True)
class DocumentLine:
    code: str
    name: str
    mandatory: bool
    originals: int
    copies: int


@dataclass(frozen=True, slots=True)
class CaseOption:
    code: str
    name: str
    selected: bool


@dataclass(frozen=True, slots=True)
class ProcedureView:
    """Detail of one procedure; when ``choosing_case`` the screen asks which case variant."""

    frame: Frame
    loading: bool
    code: str = ""
    name: str = ""
    name_en: str = ""
    field_name: str = ""
    agency_name: str = ""
    processing_days: float = 0.0
    steps: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    result: str = ""
    fees: tuple[FeeLine, ...] = ()
    documents: tuple[DocumentLine, ...] = ()
    cases: tuple[CaseOption, ...] = ()
    can_submit: bool = False  # online level allows it and a citizen is logged in
    choosing_case: bool = False
    screen: Screen = Screen.PROCEDURE


# ---------------------------------------------------------------------------- submit


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    label: str
    label_en: str
    type: str  # api.FieldType
    value: str  # what the screen shows: masked for an ID number
    required: bool
    read_only: bool  # pre-filled from the verified identity
    options: tuple[str, ...] = ()
    error_vi: str | None = None
    error_en: str | None = None


@dataclass(frozen=True, slots=True)
class FormView:
    frame: Frame
    procedure_name: str
    case_name: str
    fields: tuple[FieldView, ...]
    show_errors: bool  # after the first Continue, errors are shown on every invalid field
    procedure_name_en: str = ""  # the catalogue's English name, when it has one
    screen: Screen = Screen.FORM


class ScanItemStatus(StrEnum):
    PENDING = "pending"
    SCANNING = "scanning"
    SCANNED = "scanned"  # has pages; more may follow
    BUILDING = "building"
    READY = "ready"


@dataclass(frozen=True, slots=True)
class ScanItem:
    document_code: str
    name: str
    mandatory: bool
    pages: int
    page_ids: tuple[str, ...]  # thumbnails: ``services.thumbnail(page_id)`` gives PNG bytes
    status: ScanItemStatus
    blank_warning: bool = False  # last page looked blank: keep it or rescan


@dataclass(frozen=True, slots=True)
class ScanView:
    frame: Frame
    checklist: tuple[ScanItem, ...]
    current: str | None  # the document being scanned now
    can_continue: bool  # every mandatory paper has pages and no blank warning is open
    screen: Screen = Screen.SCAN


@dataclass(frozen=True, slots=True)
class ReviewField:
    label: str
    label_en: str
    value: str  # masked for an ID number


@dataclass(frozen=True, slots=True)
class ReviewDocument:
    code: str
    name: str
    pages: int
    size_bytes: int


@dataclass(frozen=True, slots=True)
class ReviewView:
    frame: Frame
    procedure_name: str
    case_name: str
    fields: tuple[ReviewField, ...]
    documents: tuple[ReviewDocument, ...]
    fee_online: int
    submitting: bool
    procedure_name_en: str = ""  # the catalogue's English name, when it has one
    screen: Screen = Screen.REVIEW


class PrintStatus(StrEnum):
    IDLE = "idle"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ReceiptView:
    """The dossier code and appointment, or a local receipt when the backend was down."""

    frame: Frame
    offline: bool  # True: "queued, will be sent"; code/date unknown yet
    local_reference: str  # short form of the idempotency key, for staff
    procedure_name: str
    dossier_code: str | None
    appointment_date: dt.date | None
    tracking_qr: str | None  # payload for the tracking QR
    fee_due: int
    procedure_name_en: str = ""  # the catalogue's English name, when it has one
    can_print: bool = False  # a printer is attached: the slip is offered
    print_status: PrintStatus = PrintStatus.IDLE
    print_error_vi: str = ""  # why the slip did not come out (a PrinterError's message)
    print_error_en: str = ""
    # For the slip and the offline note (issue 13.8); filled by flow.printing.complete.
    agency_name: str = ""  # the receiving agency, where the result is collected
    masked_name: str = ""  # the submitter's initials (domain.privacy), never the full name
    phone_given: bool = False  # the form has a phone number: only then may we promise to send news
    screen: Screen = Screen.RECEIPT


# ---------------------------------------------------------------------------- end, errors


@dataclass(frozen=True, slots=True)
class GoodbyeView:
    frame: Frame
    remind_card: bool  # the session used the card: "take your ID card"
    remind_papers: bool  # papers were scanned: "take your papers"
    seconds_left: int
    screen: Screen = Screen.GOODBYE


@dataclass(frozen=True, slots=True)
class ErrorView:
    frame: Frame
    error_name: str  # class name, for staff and telemetry
    message_vi: str
    message_en: str
    remedy: Remedy
    can_retry: bool
    staff_called: bool = False  # "a staff member has been called" replaces the button
    screen: Screen = Screen.ERROR


@dataclass(frozen=True, slots=True)
class TimeoutWarningView:
    """Overlay over ``under``: 'Are you still there?' with the seconds left before the wipe."""

    frame: Frame
    seconds_left: int
    under: Screen
    screen: Screen = Screen.TIMEOUT_WARNING


View = (
    WelcomeView
    | LoginView
    | AccountView
    | HomeView
    | SearchView
    | ProcedureView
    | FormView
    | ScanView
    | ReviewView
    | ReceiptView
    | PayView
    | LookupView
    | RateView
    | GoodbyeView
    | ErrorView
    | TimeoutWarningView
)
