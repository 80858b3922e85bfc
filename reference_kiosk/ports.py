"""The kiosk's ports: small typed Protocols that real adapters and emulators both implement.

Only composition roots (the kiosk's ``app``/CLI and test fixtures) choose concrete classes.
Each port is exercised by one contract suite under ``tests/contract/`` against every adapter.

    Clock               wall time and a monotonic counter, injectable (tests advance it)
    CardReader          one contact/contactless reader; yields CardConnection for APDUs
    Scanner             flatbed or feeder scanning into ScannedPage values
    Printer             prints the receipt slip (a Slip value, no personal data)
    Speaker             voice guidance by catalogue key, never blocking
    ProvincialBackend   the provincial procedure system (async: httpx underneath)

    Devices             one value holding a kiosk's devices, each port optional (absent: the
                        kiosk offers no step that needs it, or answers with a named error)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PIL import Image

    from reference_kiosk import api, api_account, api_ops

__all__ = [
    "CardConnection",
    "CardEvent",
    "CardEventKind",
    "CardReader",
    "Clock",
    "ColorMode",
    "Devices",
    "Printer",
    "ProvincialBackend",
    "ScanSettings",
    "ScanSource",
    "ScannedPage",
    "Scanner",
    "ScannerInfo",
    "Slip",
    "Speaker",
    "SystemClock",
]


# ---------------------------------------------------------------------------- clock


class Clock(Protocol):
    """Time as the kiosk sees it. Tests inject a clock they advance by hand."""

    def now(self) -> dt.datetime:
        """Timezone-aware current time."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin, never going backwards (for timeouts)."""
        ...


class SystemClock:
    """The real clock; the only place the kiosk reads wall time."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def monotonic(self) -> float:
        import time

        return time.monotonic()


# ---------------------------------------------------------------------------- card


class CardEventKind(StrEnum):
    INSERTED = "inserted"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class CardEvent:
    kind: CardEventKind
    reader: str
    atr: bytes = b""


class CardConnection(Protocol):
    """An open session with a card: raw APDUs in, raw responses (data || SW1 SW2) out.

    ``transmit`` raises ``reference_kiosk.devices.errors.CardRemovedError`` when the card
    leaves mid-exchange; status words are returned, not raised, so the ICAO layer decides.
    """

    @property
    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> bytes: ...

    def close(self) -> None: ...


@runtime_checkable
class CardReader(Protocol):
    """One card reader. Insert/remove events are delivered by polling from the kiosk thread."""

    @property
    def name(self) -> str: ...

    def card_present(self) -> bool: ...

    def connect(self) -> CardConnection:
        """Open the card in the reader; raises ``NoCardError`` when none is present."""
        ...

    def poll_events(self) -> Sequence[CardEvent]:
        """Insert/remove events since the last call (never blocks); the UI loop drains it."""
        ...

    def close(self) -> None: ...


# ---------------------------------------------------------------------------- scanner


class ScanSource(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"


class ColorMode(StrEnum):
    COLOR = "color"
    GRAY = "gray"
    LINEART = "lineart"


@dataclass(frozen=True, slots=True)
class ScanSettings:
    source: ScanSource = ScanSource.FLATBED
    mode: ColorMode = ColorMode.GRAY
    dpi: int = 200
    # (left, top, right, bottom) in mm from the glass's origin corner; None: the whole glass.
    # The card login scans only the corner marked for the card (app/glass.py).
    area_mm: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class ScannerInfo:
    name: str
    vendor: str
    model: str
    sources: tuple[ScanSource, ...]
    modes: tuple[ColorMode, ...]
    resolutions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ScannedPage:
    image: Image.Image
    dpi: int
    source: ScanSource
    index: int = 0  # position in a feeder batch, 0 for flatbed


@runtime_checkable
class Scanner(Protocol):
    """A document scanner. Errors are the named ones in ``reference_kiosk.devices.errors``."""

    def describe(self) -> ScannerInfo: ...

    def scan(self, settings: ScanSettings) -> ScannedPage:
        """One page (the flatbed, or the next sheet of the feeder)."""
        ...

    def scan_batch(self, settings: ScanSettings, max_pages: int | None = None) -> Iterator[ScannedPage]:
        """Pages from the feeder until it is empty (or ``max_pages``)."""
        ...

    def close(self) -> None: ...


# ---------------------------------------------------------------------------- printer, speaker


@dataclass(frozen=True, slots=True)
class Slip:
    """What the receipt slip says. Only the name's initials: a slip may be left on the counter."""

    lang: str
    procedure_name: str
    reference: str  # the dossier code, or the local reference while the dossier is queued
    offline: bool = False  # queued: the code is not known yet
    appointment_date: dt.date | None = None
    tracking_qr: str | None = None
    agency_name: str = ""  # receives the dossier and hands out the result
    fee_due: int = 0  # VND still to pay (0: nothing due)
    masked_name: str = ""  # initials only (reference_kiosk.domain.privacy.initials)
    phone_given: bool = False  # decides whether the offline note may promise to send the code
    # Set on a payment receipt (printed from the pay screen) instead of an appointment slip.
    receipt_number: str = ""
    amount_paid: int = 0
    paid_at: dt.datetime | None = None


@runtime_checkable
class Printer(Protocol):
    """The receipt printer. Raises ``reference_kiosk.devices.errors.PrinterError`` subclasses
    (out of paper, not available) when the slip did not come out."""

    def print_slip(self, slip: Slip) -> None: ...


@runtime_checkable
class Speaker(Protocol):
    """Voice guidance: ``prompt`` is a catalogue key. Returns at once; a new prompt interrupts
    the one still speaking; a speaker that cannot speak stays silent (never raises)."""

    def say(self, prompt: str, lang: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Devices:
    """Every device port of one kiosk; the composition root passes this one value.

    A new device is one more optional field here (with its Protocol above), never one more
    parameter through the assembly.
    """

    card_reader: CardReader | None = None
    scanner: Scanner | None = None
    printer: Printer | None = None
    speaker: Speaker | None = None


# ---------------------------------------------------------------------------- backend


class ProvincialBackend(Protocol):
    """The provincial administrative-procedure system, as the kiosk uses it.

    ``token`` is the citizen's bearer token (from VNeID or chip login); calls without one are
    anonymous kiosk calls. Every failure raises a subclass of
    ``reference_kiosk.backend.errors.BackendError``.
    """

    async def search_procedures(
        self,
        q: str = "",
        field: str | None = None,
        agency: str | None = None,
        level: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> api.Page[api.ProcedureSummary]:
        """One page of summaries; the whole procedure comes from ``get_procedure``."""
        ...

    async def list_fields(self) -> list[api.FieldSummary]: ...

    async def get_procedure(self, code: str) -> api.Procedure: ...

    async def start_vneid_login(self) -> api.VneidSession: ...

    async def poll_vneid_login(self, session_id: str) -> api.VneidPoll: ...

    async def login_with_cccd(self, request: api.CccdLoginRequest) -> api.CitizenLogin: ...

    async def vneid_password(self, id_number: str, password: str) -> api_account.OtpChallenge:
        """VNeID account login, step 1: the password; a one-time code goes to the citizen's phone."""
        ...

    async def vneid_otp(self, challenge_id: str, otp: str) -> api.CitizenLogin:
        """Step 2: the one-time code -> the citizen's token (handed out once)."""
        ...

    async def logout(self, token: str) -> None:
        """Revoke the citizen's token when the session ends (the backend refuses it afterwards)."""
        ...

    async def submit_dossier(
        self,
        token: str,
        dossier: api.DossierCreate,
        idempotency_key: str,
        *,
        confirmation: str | None = None,
    ) -> api.Dossier: ...

    async def list_dossiers(self, token: str) -> api.Page[api.Dossier]: ...

    async def get_dossier(self, code: str, token: str) -> api.Dossier: ...

    async def lookup_dossier(self, code: str, id_number: str) -> api.Dossier: ...

    async def supply_documents(
        self, token: str, dossier_code: str, supplement_id: str, attachments: Sequence[api.Attachment]
    ) -> api.Dossier:
        """Hand in the papers a supplement request asked for; the dossier as it is then (processing
        resumes). ``SupplementClosedError`` when the request was answered already;
        ``SupplementNotSentError`` when the papers did not arrive (nothing is queued: send again)."""
        ...

    async def request_payment(self, token: str, dossier_code: str) -> api.Payment: ...

    async def get_payment(self, token: str, payment_id: str) -> api.Payment: ...

    async def rate_dossier(self, token: str, dossier_code: str, rating: api.RatingCreate) -> api.Rating: ...

    async def create_help_call(self, request: api_ops.HelpCallCreate) -> api_ops.HelpCall:
        """Ask the site's staff to come (no personal data in the request)."""
        ...

    async def get_help_call(self, call_id: str) -> api_ops.HelpCall: ...

    async def send_heartbeat(self, beat: api_ops.Heartbeat) -> api_ops.KioskStatus:
        """The kiosk's devices and outbox now; the backend answers the kiosk's health."""
        ...

    async def aclose(self) -> None: ...
