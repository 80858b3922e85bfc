"""Views of a dossier after it was filed: paying its fee, looking it up, rating it.

Split from ``views`` (which re-exports every name here); the same rules apply: raw backend data,
no kiosk texts, the ID number never in clear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reference_kiosk import api
from reference_kiosk.flow.view_frame import Frame, Screen

__all__ = [
    "DossierDetail",
    "DossierSummary",
    "FeeItem",
    "IndicatorView",
    "LookupPhase",
    "LookupView",
    "PayPhase",
    "PayView",
    "RatePhase",
    "RateView",
    "ResultView",
    "SupplementView",
    "SuppliedPaper",
    "SupplyView",
    "TimelineEntry",
]


# ---------------------------------------------------------------------------- pay


class PayPhase(StrEnum):
    LOADING = "loading"
    LIST = "list"  # fee requests of the citizen"s dossiers
    REQUESTING = "requesting"
    QR = "qr"  # VietQR with amount and countdown; waiting for the bank
    PAID = "paid"  # receipt
    EXPIRED = "expired"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class FeeItem:
    dossier_code: str
    procedure_name: str
    amount: int


@dataclass(frozen=True, slots=True)
class PayView:
    frame: Frame
    phase: PayPhase
    items: tuple[FeeItem, ...] = ()
    dossier_code: str | None = None
    amount: int = 0
    qr_payload: str | None = None
    countdown_s: int | None = None
    receipt_number: str | None = None
    paid_at: dt.datetime | None = None
    can_print: bool = False  # paid and a printer is attached: the receipt can be printed
    print_status: str = "idle"  # a views.PrintStatus value (that enum lives in views, which imports this)
    screen: Screen = Screen.PAY


# ---------------------------------------------------------------------------- look up, rate


class LookupPhase(StrEnum):
    ENTER_CODE = "enter_code"  # not logged in: dossier code + ID number
    LOADING = "loading"
    LIST = "list"
    DETAIL = "detail"
    NOT_FOUND = "not_found"
    PAYING = "paying"  # the citizen pays the shown dossier's fee (pay journey); back here after
    # Answering a supplement request (flow/supplement.py): scanning happens on the scan screen.
    SUPPLYING = "supplying"  # on the scan screen, scanning what the request asks for
    SUPPLY_REVIEW = "supply_review"  # the scanned papers, before sending
    SUPPLY_SENDING = "supply_sending"
    SUPPLIED = "supplied"  # the backend took them: processing resumes
    SUPPLY_CLOSED = "supply_closed"  # the request had been answered already (409 supplement_closed)


@dataclass(frozen=True, slots=True)
class DossierSummary:
    code: str
    procedure_name: str
    status: api.DossierStatus
    received_at: dt.datetime
    appointment_date: dt.date
    fee_due: int
    rated: bool
    procedure_name_en: str = ""  # the catalogue's English name, when the backend gives it


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: dt.datetime
    status: api.DossierStatus
    actor: str
    action: str
    content: str


@dataclass(frozen=True, slots=True)
class SupplementView:
    requested_at: dt.datetime
    documents: tuple[str, ...]  # the papers" names from the catalogue (their codes until it answers)
    note: str
    status: str
    request_id: str = ""  # what "Quét và gửi giấy tờ bổ sung" answers


@dataclass(frozen=True, slots=True)
class ResultView:
    """A finished dossier's result: what, where, from when; the e-copy link goes in a QR."""

    document: str
    place: str
    ready_from: dt.date
    e_copy_url: str


@dataclass(frozen=True, slots=True)
class DossierDetail:
    summary: DossierSummary
    timeline: tuple[TimelineEntry, ...]
    supplements: tuple[SupplementView, ...]  # open requests only: an answered one is settled
    result: ResultView | None = None


@dataclass(frozen=True, slots=True)
class SuppliedPaper:
    """One paper scanned for a supplement request: its name, pages and upload size."""

    code: str
    name: str
    pages: int
    size_bytes: int


@dataclass(frozen=True, slots=True)
class SupplyView:
    """The supplement being answered: which dossier, the papers, and (once sent) its new status."""

    dossier_code: str
    procedure_name: str
    papers: tuple[SuppliedPaper, ...]
    status: api.DossierStatus | None = None  # after sending: the backend's status (processing)
    procedure_name_en: str = ""  # the catalogue's English name, when the backend gives it


@dataclass(frozen=True, slots=True)
class LookupView:
    frame: Frame
    phase: LookupPhase
    dossiers: tuple[DossierSummary, ...] = ()
    detail: DossierDetail | None = None
    slip_code: str | None = None  # the code read from the slip on the glass: fills the code field
    slip_unread: bool = False  # the slip's QR could not be read
    supply: SupplyView | None = None  # in the SUPPLY_* phases
    screen: Screen = Screen.LOOKUP


class RatePhase(StrEnum):
    LOADING = "loading"
    CHOOSE = "choose"  # which dossier (unrated ones)
    ANSWER = "answer"
    SENDING = "sending"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """Indicators 1-7: choices (2, 1, 0); 8 and 9: the three Satisfaction levels."""

    number: int
    answer: int | api.Satisfaction | None


@dataclass(frozen=True, slots=True)
class RateView:
    frame: Frame
    phase: RatePhase
    dossiers: tuple[DossierSummary, ...] = ()
    dossier_code: str | None = None
    indicators: tuple[IndicatorView, ...] = ()
    can_submit: bool = False
    screen: Screen = Screen.RATE
