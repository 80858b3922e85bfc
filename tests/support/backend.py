"""Reusable ways to run the simulated backend in tests.

* ``make_app(db, **overrides)``: the app with a frozen world clock, the control API on and one
  kiosk key (``KIOSK_KEY``, kiosk ``KIOSK_ID``).
* ``SocketLikeASGITransport``, ``SyncAsgiClient``: re-exported from ``mocks.inprocess``.
* ``asgi_client(app)``: an ``httpx.AsyncClient`` over that transport (in-process).
* the backend under uvicorn: ``mocks.launcher.BackendProcess(db, kiosk_keys=[f"{KIOSK_ID}={KIOSK_KEY}"])``.
* ``attachment(...)``, ``TINY_PDF``, ``TINY_JPEG``: valid attachments for dossier bodies.
* ``fill_form(fields, persona)``: what a citizen would type into a procedure's e-form.
* ``BackendDriver(client)``: drives the backend like a kiosk plus the control API (register, VNeID login,
  submit, advance the world clock); ``dossier_body()`` a valid 1.004222 submission.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from mocks.backend.app import create_app
from mocks.backend.clock import VIETNAM
from mocks.backend.settings import BackendSettings, load_settings
from mocks.citizens import Persona
from mocks.inprocess import SocketLikeASGITransport, SyncAsgiClient
from reference_kiosk import api

__all__ = [
    "CASE",
    "CITIZEN_A",
    "CITIZEN_B",
    "KIOSK_ID",
    "KIOSK_KEY",
    "PROCEDURE",
    "START",
    "TINY_JPEG",
    "TINY_PDF",
    "BackendDriver",
    "SocketLikeASGITransport",
    "SyncAsgiClient",
    "asgi_client",
    "attachment",
    "dossier_body",
    "fill_form",
    "free_dossier_body",
    "make_app",
    "make_settings",
    "valid_form",
]

KIOSK_ID = "KIOSK-LSN-01"
KIOSK_KEY = "test-kiosk-key"
START = dt.datetime(2025, 3, 17, 9, 0, tzinfo=VIETNAM)  # a Monday morning of the pilot
# The smallest files the backend's decoding check accepts: one blank A4 page (with a real xref)
# and an 8x8 grey JPEG (Pillow, quality 50, optimised Huffman tables).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>> "
    b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\nxref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000053 00000 n \n0000000103 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n167\n%%EOF\n"
)
TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19i"
    "Z2hnPk1xeXBkeFxlZ2P/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAI"
    "AQEAAD8AQH//2Q=="
)


def make_settings(db: Path | str, **overrides: Any) -> BackendSettings:
    values: dict[str, Any] = {
        "control": True,
        "clock_start": START,
        "kiosk_keys": (f"{KIOSK_ID}={KIOSK_KEY}",),
    }
    values.update(overrides)
    return load_settings(Path(db), None, **values)


def make_app(db: Path | str, **overrides: Any) -> FastAPI:
    return create_app(make_settings(db, **overrides))


def asgi_client(app: FastAPI, kiosk_key: str = KIOSK_KEY) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=SocketLikeASGITransport(app=app),
        base_url="http://backend.test",
        headers={"X-Kiosk-Key": kiosk_key},
    )


def attachment(
    document_code: str,
    content: bytes = TINY_PDF,
    content_type: str = "application/pdf",
    filename: str = "scan.pdf",
) -> dict[str, str]:
    return {
        "document_code": document_code,
        "filename": filename,
        "content_type": content_type,
        "content_base64": base64.b64encode(content).decode(),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


# ---------------------------------------------------------------------------- a kiosk driver

CITIZEN_A = {"id_number": "001089012345", "full_name": "Nguyễn Văn An", "date_of_birth": "1989-05-12"}
CITIZEN_B = {"id_number": "020195004321", "full_name": "Hoàng Thị Bích", "date_of_birth": "1995-11-30"}
PROCEDURE = "1.004222"  # Đăng ký thường trú, 10,000 VND online, 7 working days
CASE = "CHO_O_SO_HUU"


def valid_form(citizen: dict[str, str] = CITIZEN_A) -> dict[str, str]:
    return {
        "full_name": citizen["full_name"],
        "id_number": citizen["id_number"],
        "date_of_birth": citizen["date_of_birth"],
        "current_address": "Số 5 đường Bà Triệu, phường Vĩnh Trại",
        "phone": "0912345678",
        "new_address": "Số 12 đường Lê Lợi, phường Vĩnh Trại",
        "head_name": citizen["full_name"],
        "head_id_number": citizen["id_number"],
        "relation_to_head": "Chủ hộ",
    }


class BackendDriver:
    """Drives the backend the way a kiosk plus the control API would."""

    def __init__(self, client: SyncAsgiClient) -> None:
        self.client = client

    def register(self, citizen: dict[str, str] = CITIZEN_A) -> None:
        assert self.client.post("/control/citizens", json=citizen).status_code == 201

    def login(self, citizen: dict[str, str] = CITIZEN_A) -> dict[str, str]:
        """Register the citizen, log in through VNeID, and return the bearer headers."""
        self.register(citizen)
        session = self.client.post("/api/v1/auth/vneid/sessions").json()
        approved = self.client.post(
            f"/control/vneid/{session['id']}/approve", json={"id_number": citizen["id_number"]}
        )
        assert approved.status_code == 200, approved.text
        token = self.client.get(f"/api/v1/auth/vneid/sessions/{session['id']}").json()["token"]
        return {"Authorization": f"Bearer {token}"}

    def submit(
        self, auth: dict[str, str], key: str | None = None, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        headers = dict(auth) | ({"Idempotency-Key": key} if key else {})
        return self.client.post("/api/v1/dossiers", json=body or dossier_body(), headers=headers)

    def advance(self, seconds: float) -> None:
        assert self.client.post("/control/clock/advance", json={"seconds": seconds}).status_code == 200


def dossier_body(citizen: dict[str, str] = CITIZEN_A, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure_code": PROCEDURE,
        "case_code": CASE,
        "form": valid_form(citizen),
        "attachments": [attachment("CT01"), attachment("GT_CHO_O")],
    }
    body.update(changes)
    return body


def free_dossier_body(client: SyncAsgiClient) -> dict[str, Any]:
    """A dossier for a procedure without any fee (1.004213, xác nhận thông tin cư trú)."""
    procedure = client.get("/api/v1/procedures/1.004213").json()
    form = {f["name"]: valid_form().get(f["name"], "Nội dung") for f in procedure["form"] if f["required"]}
    case = next(c for c in procedure["cases"] if c["code"] == "CHUYEN_DI")
    papers = sorted({d["code"] for d in (*procedure["documents"], *case["documents"]) if d["mandatory"]})
    return dossier_body(
        procedure_code="1.004213",
        case_code="CHUYEN_DI",
        form=form,
        attachments=[attachment(c) for c in papers],
    )


def fill_form(fields: list[api.FormField], citizen: Persona) -> dict[str, str]:
    """What the citizen would type: prefilled identity, then plausible values for the rest."""
    identity = {
        "full_name": citizen.full_name,
        "id_number": citizen.id_number,
        "date_of_birth": citizen.date_of_birth.isoformat(),
        "address": citizen.residence,
    }
    by_type = {
        "phone": "0912345678",
        "email": "cong.dan@example.vn",
        "date": "2025-03-17",
        "number": "1",
        "id_number": citizen.id_number,
    }
    form: dict[str, str] = {}
    for spec in fields:
        if spec.prefill in identity:
            form[spec.name] = identity[spec.prefill]
        elif spec.type == "select" and spec.options:
            form[spec.name] = spec.options[0]
        elif spec.type in by_type:
            form[spec.name] = by_type[spec.type]
        elif spec.required:
            form[spec.name] = citizen.residence if "address" in spec.name else citizen.full_name
    return form
