"""Fixtures for the backend's unit tests: an app on a temporary database, a client, a driver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.support.backend import KIOSK_KEY, SyncAsgiClient, attachment, make_app

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


class Twin:
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
    fields = client.get("/api/v1/procedures/1.004213").json()["form"]
    form = {f["name"]: valid_form().get(f["name"], "Nội dung") for f in fields if f["required"]}
    return dossier_body(procedure_code="1.004213", case_code="CHUYEN_DI", form=form, attachments=[])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "backend.sqlite"


@pytest.fixture
def app(db: Path) -> Iterator[FastAPI]:
    application = make_app(db)
    yield application
    application.state.backend.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[SyncAsgiClient]:
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as test_client:
        yield test_client


@pytest.fixture
def twin(client: SyncAsgiClient) -> Twin:
    return Twin(client)
