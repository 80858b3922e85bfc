"""Small, valid API values for the kiosk client's unit tests (built from the shared models)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any

from reference_kiosk import api

__all__ = ["WHEN", "dossier", "dossier_create", "payment", "procedure", "rating_create"]

WHEN = dt.datetime(2025, 3, 17, 8, 0, tzinfo=dt.UTC)


def procedure(code: str = "1.004222", name: str = "Đăng ký thường trú") -> dict[str, Any]:
    value = api.Procedure(
        code=code,
        provincial_code=f"{code}.000.00.00.H36",
        name=name,
        name_en="Permanent residence registration",
        field="cu_tru",
        field_name="Cư trú",
        agency="CA-VT",
        agency_name="Công an phường Vĩnh Trại",
        level="commune",
        online_level=api.OnlineLevel.FULL,
        processing_days=7,
        steps=["Nộp hồ sơ", "Nhận kết quả"],
        legal_basis=["Luật Cư trú 2020"],
        result="Thông báo đăng ký thường trú",
        fees=[api.Fee(kind="le_phi", label="Lệ phí", in_person=20_000, online=10_000)],
        documents=[api.DocumentRequirement(code="CT01", name="Tờ khai CT01", originals=1)],
        cases=[],
        form=[],
    )
    return value.model_dump(mode="json")


def procedure_summary(code: str = "1.004222", name: str = "Đăng ký thường trú") -> dict[str, Any]:
    """A search or browse line, as ``GET /procedures`` answers it."""
    return api.Procedure.model_validate(procedure(code, name)).summary().model_dump(mode="json")


def dossier(code: str = "CA-VT-250317-0001", status: int = 1) -> dict[str, Any]:
    value = api.Dossier(
        code=code,
        procedure_code="1.004222",
        procedure_name="Đăng ký thường trú",
        case_code="default",
        agency="CA-VT",
        channel="online",
        kiosk_id="ls-kiosk-01",
        status=api.DossierStatus(status),
        received_at=WHEN,
        appointment_date=dt.date(2025, 3, 26),
        history=[],
    )
    return value.model_dump(mode="json")


def payment(pid: str = "pay-1", status: str = "pending") -> dict[str, Any]:
    value = api.Payment(
        id=pid,
        dossier_code="CA-VT-250317-0001",
        amount=10_000,
        vietqr="000201010212...6304ABCD",
        status=api.PaymentStatus(status),
        expires_at=WHEN + dt.timedelta(minutes=15),
    )
    return value.model_dump(mode="json")


def dossier_create(content: bytes = b"%PDF-1.4 test") -> api.DossierCreate:
    return api.DossierCreate(
        procedure_code="1.004222",
        case_code="default",
        form={"full_name": "Nguyễn Văn A", "id_number": "001099012345"},
        attachments=[
            api.Attachment(
                document_code="CT01",
                filename="ct01.pdf",
                content_type="application/pdf",
                content_base64=base64.b64encode(content).decode(),
                sha256=hashlib.sha256(content).hexdigest(),
            )
        ],
    )


def rating_create() -> api.RatingCreate:
    return api.RatingCreate(
        indicators=dict.fromkeys(range(1, 8), 2),
        convenience=api.Satisfaction.SATISFIED,
        overall=api.Satisfaction.VERY_SATISFIED,
    )
