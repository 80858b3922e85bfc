"""What the flow asks the outside world to do, as frozen values.

``KioskFlow.handle`` returns a list of these; ``reference_kiosk.app.services.Services`` executes
them and posts the outcome back as events (named in each docstring). Failures come back as
``ErrorOccurred`` (or ``CardReadFailed`` for the card). The flow itself never does I/O.

    devices     ReadCard, ScanPage, BuildDocument, PrintSlip
    backend     LoginWithCard, StartVneid, PollVneid, SearchProcedures, LoadFields, LoadProcedure,
                SubmitDossier (through the durable outbox), RequestPayment, PollPayment,
                ListDossiers, GetDossier, LookupDossier, RateDossier, SupplyDocuments
    help        CallForHelp, PollHelpCall (a staff member or volunteer, through the backend)
    kiosk       Speak, WipePersonalData, Track (telemetry)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reference_kiosk import api
from reference_kiosk.api_ops import HelpReason
from reference_kiosk.flow.account_types import LoginWithOtp, LoginWithPassword
from reference_kiosk.flow.events import Lang
from reference_kiosk.flow.slip_types import ReadSlipCode
from reference_kiosk.ports import Slip

__all__ = [
    "BacKey",
    "BuildDocument",
    "CallForHelp",
    "Effect",
    "GetDossier",
    "ListDossiers",
    "LoadFields",
    "LoadProcedure",
    "LoginWithCard",
    "LookupDossier",
    "PollHelpCall",
    "PollPayment",
    "PollVneid",
    "PrintSlip",
    "RateDossier",
    "ReadCard",
    "RequestPayment",
    "ScanPage",
    "SearchProcedures",
    "Speak",
    "StartVneid",
    "SubmitDossier",
    "SupplyDocuments",
    "Track",
    "WipePersonalData",
]


@dataclass(frozen=True, slots=True)
class BacKey:
    """What the citizen typed to open the chip; the reader derives the BAC key from it."""

    id_number: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)


@dataclass(frozen=True, slots=True)
class ReadCard:
    """Read the chip -> ``CardRead`` / ``BacKeyRequired`` (no key and none derivable) / ``CardReadFailed``."""

    key: BacKey | None = None


@dataclass(frozen=True, slots=True)
class LoginWithCard:
    """Send the chip data to the backend -> ``LoggedIn(method=CARD)``."""

    request: api.CccdLoginRequest = field(repr=False)


@dataclass(frozen=True, slots=True)
class StartVneid:
    """-> ``VneidStarted``."""


@dataclass(frozen=True, slots=True)
class PollVneid:
    """-> ``VneidPolled`` (pending, denied, expired) or ``LoggedIn(method=VNEID)`` (token verified)."""

    session_id: str


@dataclass(frozen=True, slots=True)
class SearchProcedures:
    """-> ``SearchResultsLoaded`` (echoing query and field so stale answers can be dropped)."""

    query: str
    field: str | None = None
    offset: int = 0  # the next page starts after the results loaded so far


@dataclass(frozen=True, slots=True)
class LoadFields:
    """-> ``FieldsLoaded`` (every field of the catalogue, for browsing; cached by the services)."""


@dataclass(frozen=True, slots=True)
class LoadProcedure:
    """-> ``ProcedureLoaded``."""

    code: str


@dataclass(frozen=True, slots=True)
class ScanPage:
    """Scan one page for a paper -> ``PageScanned`` (with the blank-page verdict)."""

    document_code: str


@dataclass(frozen=True, slots=True)
class BuildDocument:
    """Turn the pages (by id, in order) into one upload-ready document -> ``DocumentBuilt``."""

    document_code: str
    page_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PrintSlip:
    """Print the receipt slip -> ``SlipPrinted`` / ``SlipPrintFailed`` (the receipt stays on screen)."""

    slip: Slip


@dataclass(frozen=True, slots=True)
class SubmitDossier:
    """Write to the outbox, then send -> ``SubmissionAcknowledged`` or ``SubmissionQueued``.

    ``idempotency_key`` is fixed when the citizen confirms, so a retry never doubles a dossier.
    The attachments are the documents built for ``document_codes``.
    """

    idempotency_key: str
    token: str = field(repr=False)
    procedure_code: str = ""
    case_code: str = ""
    form: dict[str, str] = field(default_factory=dict, repr=False, hash=False, compare=True)
    document_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SupplyDocuments:
    """Send the papers built for ``document_codes`` to one supplement request -> ``SupplementSent``.

    Attachments are built as for ``SubmitDossier``. Not through the outbox: the backend takes a
    supplement on the citizen's live token only, so a failure is said at once (the pages stay in
    the services for a resend) instead of queued past the token's life.
    """

    token: str = field(repr=False)
    dossier_code: str = ""
    supplement_id: str = ""
    document_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestPayment:
    """-> ``PaymentQrReceived``."""

    token: str = field(repr=False)
    dossier_code: str = ""


@dataclass(frozen=True, slots=True)
class PollPayment:
    """-> ``PaymentStatusChanged``."""

    token: str = field(repr=False)
    payment_id: str = ""


@dataclass(frozen=True, slots=True)
class ListDossiers:
    """-> ``DossiersLoaded``."""

    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class GetDossier:
    """-> ``DossierLoaded``."""

    token: str = field(repr=False)
    code: str = ""


@dataclass(frozen=True, slots=True)
class LookupDossier:
    """Anonymous look-up by code + ID number -> ``DossierLoaded``."""

    code: str
    id_number: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class RateDossier:
    """-> ``RatingSaved``."""

    token: str = field(repr=False)
    dossier_code: str = ""
    rating: api.RatingCreate | None = None


@dataclass(frozen=True, slots=True)
class CallForHelp:
    """Ask the site's staff to come (kiosk, site, screen, reason; nothing about the citizen)
    -> ``HelpCallChanged`` / ``HelpCallFailed``."""

    screen: str
    reason: HelpReason = HelpReason.ASKED


@dataclass(frozen=True, slots=True)
class PollHelpCall:
    """Has someone acknowledged the call? -> ``HelpCallChanged`` / ``HelpCallFailed``."""

    call_id: str


@dataclass(frozen=True, slots=True)
class Speak:
    """Voice guidance: ``prompt`` is a catalogue key ("voice.<screen>[.<phase>]")."""

    prompt: str
    lang: Lang


@dataclass(frozen=True, slots=True)
class WipePersonalData:
    """Drop every page, document, thumbnail and cached answer of the session held outside the flow."""


@dataclass(frozen=True, slots=True)
class Track:
    """A telemetry record (no personal data): see ``reference_kiosk.telemetry``.

    kind: "session_start" | "step_enter" | "step_leave" | "error" | "session_end", or "help" (no
    line of its own: the step's next ``step_leave`` carries ``help_requested``) and what became of
    that call: "help_answered" | "help_unsent" | "help_off_hours" (``help_answer``, ``help_wait_s``)
    """

    kind: str
    step: str = ""
    channel: str = ""  # login channel: "cccd" | "vneid" | "anonymous"
    outcome: str = ""  # session_end: "submitted" | "queued" | "abandoned" | "timeout" | ...
    error: str = ""  # class name only


Effect = (
    ReadCard
    | LoginWithCard
    | LoginWithPassword
    | LoginWithOtp
    | StartVneid
    | PollVneid
    | SearchProcedures
    | LoadFields
    | LoadProcedure
    | ScanPage
    | BuildDocument
    | PrintSlip
    | SubmitDossier
    | SupplyDocuments
    | RequestPayment
    | PollPayment
    | ListDossiers
    | GetDossier
    | LookupDossier
    | ReadSlipCode
    | RateDossier
    | CallForHelp
    | PollHelpCall
    | Speak
    | WipePersonalData
    | Track
)
