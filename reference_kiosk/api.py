"""The provincial API's models: the language the kiosk's core and the backend share.

These pydantic models are the wire contract (`/api/v1/...`). They live beside ``ports.py``, not in
the HTTP adapter, so the ports and the flow speak them without importing an adapter
(docs/decisions/0014-core-language.md). The HTTP client and the mock import them too, so the
OpenAPI file exported from the mock describes exactly what the client parses.
Personal data travels in these models but never reaches logs: no model here defines a
``__str__`` that would print it, and ``CitizenProfile`` hides its fields from ``repr``.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum, StrEnum
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from reference_kiosk.domain.fields import FieldType

__all__ = [
    "Agency",
    "Attachment",
    "CaseVariant",
    "CccdLoginRequest",
    "CitizenLogin",
    "CitizenProfile",
    "DocumentRequirement",
    "Dossier",
    "DossierCreate",
    "DossierLookup",
    "DossierResult",
    "DossierStatus",
    "Fee",
    "FieldSummary",
    "FieldType",
    "FormField",
    "HistoryEntry",
    "OnlineLevel",
    "Page",
    "Payment",
    "PaymentAsk",
    "PaymentLookup",
    "PaymentStatus",
    "Problem",
    "Procedure",
    "ProcedureSummary",
    "Rating",
    "RatingCreate",
    "RatingStats",
    "Satisfaction",
    "Site",
    "SupplementRequest",
    "VneidPoll",
    "VneidSession",
    "VneidStatus",
]

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Model, Generic[T]):
    """Every list endpoint answers ``{"items": [...], "total": N, "offset": o, "limit": l}``.

    ``items`` are ``total``'s entries from ``offset`` on, at most ``limit`` of them; a list the
    backend answers whole has ``offset`` 0 and ``limit`` None.
    """

    items: list[T]
    total: int = Field(ge=0)
    offset: int = Field(default=0, ge=0)
    limit: int | None = Field(default=None, ge=1)


class Problem(_Model):
    """Error body of every non-2xx answer: a stable machine code plus human text."""

    code: str  # e.g. "validation_failed", "not_found", "rate_limited", "duplicate_rating"
    # 401 codes: "unauthorized" (no/unknown kiosk key, bad or expired token), "token_revoked" (logged out)
    message: str
    detail: dict[str, str] = Field(default_factory=dict)  # per-field messages for 422


# ---------------------------------------------------------------------------- catalogue


class OnlineLevel(StrEnum):
    INFORMATION = "information"  # information only
    PARTIAL = "partial"  # partly online (papers still handed in)
    FULL = "full"  # fully online


class Fee(_Model):
    kind: Literal["phi", "le_phi"]
    label: str
    in_person: int = Field(ge=0, description="VND at the counter")
    online: int = Field(ge=0, description="VND when submitted online or at a kiosk")
    per: Literal["dossier", "page", "copy"] = "dossier"


class DocumentRequirement(_Model):
    code: str
    name: str
    mandatory: bool = True
    originals: int = Field(default=0, ge=0)
    copies: int = Field(default=0, ge=0)
    template: str | None = None  # form code such as "CT01"


class FormField(_Model):
    # One field of a procedure's e-form; reference_kiosk/domain/fields.py holds the rules.
    name: str
    label: str
    label_en: str
    type: FieldType = "text"
    required: bool = True
    pattern: str | None = None  # a full-match regular expression
    min_length: int | None = None
    max_length: int | None = None
    options: list[str] = Field(default_factory=list)  # for "select"
    not_after_today: bool = False  # for "date": a birth or a death, not "staying until"
    prefill: str | None = None  # identity attribute that pre-fills it: "full_name", "id_number", ...


class CaseVariant(_Model):
    code: str
    name: str
    documents: list[DocumentRequirement]


class Procedure(_Model):
    code: str  # national code "1.004222"
    provincial_code: str  # "1.004222.000.00.00.H36"
    name: str
    name_en: str
    field: str  # field code, e.g. "cu_tru"
    field_name: str
    agency: str  # agency identifier (data, see sites.json)
    agency_name: str
    level: Literal["province", "district", "commune"]
    online_level: OnlineLevel
    processing_days: float = Field(ge=0, description="working days; 0 = same day")
    steps: list[str]
    legal_basis: list[str]
    result: str
    fees: list[Fee]
    documents: list[DocumentRequirement]  # the default case's papers
    cases: list[CaseVariant]
    form: list[FormField]
    note: str = ""  # caveats on the data, e.g. "fee unverified"
    # Submitted only through the public-service portal (a kiosk counts): no counter takes it on paper.
    online_only: bool = False
    # False: the kiosk shows it but cannot submit it (biometrics or originals checked at a counter).
    kiosk_available: bool = True
    score: float | None = None  # search relevance, only in search results

    def fee_online(self) -> int:
        """VND due for an online or kiosk submission: the sum of the online fees."""
        return sum(fee.online for fee in self.fees)

    def summary(self, score: float | None = None) -> ProcedureSummary:
        """What a list shows of this procedure (search, browse)."""
        return ProcedureSummary(
            code=self.code,
            name=self.name,
            name_en=self.name_en,
            field=self.field,
            field_name=self.field_name,
            level=self.level,
            agency=self.agency,
            agency_name=self.agency_name,
            fee_online=self.fee_online(),
            processing_days=self.processing_days,
            kiosk_available=self.kiosk_available,
            online_only=self.online_only,
            score=score,
        )


class ProcedureSummary(_Model):
    """One line of a search or browse list (a few hundred bytes); the whole ``Procedure`` comes
    from ``GET /procedures/{code}`` when the citizen opens it."""

    code: str
    name: str
    name_en: str
    field: str
    field_name: str
    level: Literal["province", "district", "commune"]
    agency: str
    agency_name: str
    fee_online: int = Field(ge=0, description="VND for an online or kiosk submission")
    processing_days: float = Field(ge=0, description="working days; 0 = same day")
    kiosk_available: bool = True
    online_only: bool = False
    score: float | None = None  # search relevance, only in search results


class FieldSummary(_Model):
    """A field of the catalogue (a browse chip) and how many procedures it holds."""

    code: str
    name: str
    count: int = Field(ge=0)


class Agency(_Model):
    id: str
    name: str
    level: Literal["province", "district", "commune"]
    # What sort of office it is ("police", "people_committee", ...): with ``level`` it decides which
    # agency of a kiosk's site receives a procedure (mocks/backend/routing.py). Empty: never routed to.
    kind: str = ""


class Site(_Model):
    id: str
    name: str
    agencies: list[str]
    kiosks: list[str]


# ---------------------------------------------------------------------------- identity


class VneidStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # the one poll that carries the token
    DENIED = "denied"
    EXPIRED = "expired"
    CONSUMED = "consumed"  # approved and its token already handed out: every later poll, no token


class VneidSession(_Model):
    id: str
    qr: str  # payload for the QR the citizen scans with the VNeID app
    expires_at: dt.datetime


class VneidPoll(_Model):
    """A poll of a login request. The token is handed out once: the first poll after approval
    carries it and closes the request (``consumed``), so an old session id cannot be replayed."""

    status: VneidStatus
    token: str | None = Field(default=None, repr=False)  # signed JWT, only in that first approved poll


class CccdLoginRequest(_Model):
    """Raw chip data as read; the backend re-verifies it and never trusts the kiosk's verdict."""

    sod: str  # base64 of EF.SOD
    dg1: str  # base64 of DG1
    dg13: str  # base64 of DG13


class CitizenProfile(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    subject: str = Field(repr=False)
    id_number: str = Field(repr=False)
    full_name: str = Field(repr=False)
    date_of_birth: dt.date = Field(repr=False)


class CitizenLogin(_Model):
    token: str = Field(repr=False)
    expires_at: dt.datetime
    citizen: CitizenProfile


# ---------------------------------------------------------------------------- dossiers


class DossierStatus(IntEnum):
    NEW = 1  # Mới đăng ký
    ACCEPTED = 2  # Được tiếp nhận
    REJECTED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5  # Yêu cầu bổ sung giấy tờ
    PAYMENT_REQUESTED = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWAL_REQUESTED = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    DONE = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả


class Attachment(_Model):
    document_code: str
    filename: str
    content_type: Literal["application/pdf", "image/jpeg"]
    content_base64: str = Field(repr=False)
    sha256: str  # hex digest of the decoded content; the backend checks it


class DossierCreate(_Model):
    procedure_code: str
    case_code: str
    form: dict[str, str] = Field(repr=False)
    attachments: list[Attachment]


class DossierLookup(_Model):
    """Anonymous look-up: in a JSON body, never in the URL (URLs end up in access logs)."""

    code: str = Field(max_length=40)
    id_number: str = Field(max_length=12, repr=False)


class HistoryEntry(_Model):
    at: dt.datetime
    from_status: DossierStatus | None
    to_status: DossierStatus
    actor: str  # role, never a person's name: "kiosk", "one_stop_desk", "official", "citizen"
    action: str
    content: str = ""
    deadline: dt.date | None = None


class SupplementRequest(_Model):
    id: str
    requested_at: dt.datetime
    documents: list[str]  # document codes asked for
    note: str
    status: Literal["requested", "supplied", "completed"]


class DossierResult(_Model):
    """What a finished dossier produced, where and from when to collect it, its electronic copy."""

    document: str  # the procedure's result, e.g. "Xác nhận thông tin về cư trú"
    place: str  # the receiving agency's one-stop desk
    ready_from: dt.date
    e_copy_url: str  # the electronic copy (an unguessable link, for the citizen's phone)


class Dossier(_Model):
    code: str  # {agency}-{yyMMdd}-{NNNN}
    procedure_code: str
    procedure_name: str
    case_code: str
    agency: str
    channel: Literal["in_person", "online", "postal"]
    kiosk_id: str | None
    status: DossierStatus
    received_at: dt.datetime
    appointment_date: dt.date
    history: list[HistoryEntry]
    supplement_requests: list[SupplementRequest] = Field(default_factory=list)
    fee_due: int = 0  # VND still to pay
    rated: bool = False
    result: DossierResult | None = None  # once finished (status 9 or 10)
    procedure_name_en: str = ""  # the catalogue's English name ("": a backend without one)


# ---------------------------------------------------------------------------- payments


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Payment(_Model):
    id: str
    dossier_code: str
    amount: int
    vietqr: str  # dynamic VietQR payload (EMVCo TLV with CRC)
    status: PaymentStatus
    expires_at: dt.datetime
    paid_at: dt.datetime | None = None
    receipt_number: str | None = None


class PaymentLookup(_Model):
    """Anonymous payment look-up by id plus the dossier owner's ID number, in a JSON body."""

    payment_id: str = Field(max_length=40)
    id_number: str = Field(max_length=12, repr=False)


class PaymentAsk(_Model):
    """Body of an anonymous fee request: the owner's ID number instead of a citizen token."""

    id_number: str = Field(max_length=12, repr=False)


# ---------------------------------------------------------------------------- ratings


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"  # Rất hài lòng
    SATISFIED = "satisfied"  # Hài lòng
    DISSATISFIED = "dissatisfied"  # Không hài lòng


Score = Annotated[int, Field(ge=0, le=2)]


class RatingCreate(_Model):
    """Decision 766/QD-TTg indicators 1-7 scored 2/1/0, then convenience and overall."""

    indicators: dict[int, Score]  # keys 1..7, all present
    convenience: Satisfaction
    overall: Satisfaction
    comment: str = Field(default="", max_length=500)


class Rating(_Model):
    id: str
    dossier_code: str
    created_at: dt.datetime
    total: int  # sum of indicators 1-7, 0..14


class RatingStats(_Model):
    agency: str
    count: int
    mean_total: float
    overall: dict[Satisfaction, int]
