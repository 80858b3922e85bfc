"""Events of finding a procedure and submitting a dossier: search, browse, e-form, scan, review, receipt.

Split from ``events`` (which re-exports every name here); personal fields are ``repr=False``.
The scanning events also serve the supplement journey (``events_supplement``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reference_kiosk import api
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow.answer import Answer

__all__ = [
    "CaseChosen",
    "DocumentBuilt",
    "FieldChipChosen",
    "FieldsLoaded",
    "FormFieldEdited",
    "KeepBlankPage",
    "MoreResultsWanted",
    "PageScanned",
    "ProcedureChosen",
    "ProcedureLoaded",
    "RescanRequested",
    "ReviewConfirmed",
    "ScanRequested",
    "SearchChanged",
    "SearchResultsLoaded",
    "SlipPrintChosen",
    "SlipPrintFailed",
    "SlipPrinted",
    "StartSubmission",
    "SubmissionAcknowledged",
    "SubmissionQueued",
]


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
