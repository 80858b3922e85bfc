"""The backend under uvicorn on 127.0.0.1: a full journey over real HTTP, and a restart keeps data."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mocks.launcher import BackendProcess
from tests.support.backend import KIOSK_ID, KIOSK_KEY, attachment
from tests.support.system import require_module

pytestmark = pytest.mark.integration

CITIZEN = {"id_number": "001089012345", "full_name": "Nguyễn Văn An", "date_of_birth": "1989-05-12"}
FORM = {
    "full_name": CITIZEN["full_name"], "id_number": CITIZEN["id_number"], "date_of_birth": "1989-05-12",
    "current_address": "Số 5 đường Bà Triệu", "phone": "0912345678", "new_address": "Số 12 đường Lê Lợi",
    "head_name": CITIZEN["full_name"], "head_id_number": CITIZEN["id_number"], "relation_to_head": "Chủ hộ",
}  # fmt: skip


def _login(client: httpx.Client) -> dict[str, str]:
    assert client.post("/control/citizens", json=CITIZEN).status_code == 201
    session = client.post("/api/v1/auth/vneid/sessions").json()
    client.post(f"/control/vneid/{session['id']}/approve", json={"id_number": CITIZEN["id_number"]})
    token = client.get(f"/api/v1/auth/vneid/sessions/{session['id']}").json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_journey_and_restart_keep_the_data(tmp_path: Path) -> None:
    require_module("uvicorn", extra="twin")
    db = tmp_path / "backend.sqlite"
    keys = [f"{KIOSK_ID}={KIOSK_KEY}"]
    with (
        BackendProcess(db, kiosk_keys=keys, log_level="info") as backend,
        httpx.Client(base_url=backend.url, headers={"X-Kiosk-Key": KIOSK_KEY}) as client,
    ):
        found = client.get("/api/v1/procedures", params={"q": "dang ky thuong tru"}).json()
        assert found["items"][0]["code"] == "1.004222"
        auth = _login(client)
        body = {"procedure_code": "1.004222", "case_code": "CHO_O_SO_HUU", "form": FORM,
                "attachments": [attachment("CT01"), attachment("GT_CHO_O")]}  # fmt: skip
        created = client.post("/api/v1/dossiers", json=body, headers=auth | {"Idempotency-Key": "k1"})
        assert created.status_code == 201, created.text
        code = created.json()["code"]
        payment = client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
        assert client.post(f"/control/payments/{payment['id']}/confirm").json()["status"] == "paid"
        client.post("/control/clock/advance", json={"seconds": 600})
    with (
        BackendProcess(db, kiosk_keys=keys, log_level="info") as backend,
        httpx.Client(base_url=backend.url, headers={"X-Kiosk-Key": KIOSK_KEY}) as client,
    ):
        again = client.post("/api/v1/dossiers", json=body, headers=auth | {"Idempotency-Key": "k1"})
        assert (again.status_code, again.json()["code"]) == (
            200,
            code,
        )  # same dossier, and the token verifies
        assert again.json()["fee_due"] == 0
        assert client.get("/control/clock").json()["offset_seconds"] == 600
        assert client.get("/api/v1/payments", headers=auth).json()["items"][0]["status"] == "paid"
