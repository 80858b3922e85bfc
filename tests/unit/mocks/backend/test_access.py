"""Access control: kiosk keys, problem bodies, the control API only when enabled."""

from __future__ import annotations

from pathlib import Path

from tests.support.backend import CITIZEN_A, KIOSK_KEY, BackendDriver, SyncAsgiClient, make_app


def test_every_api_call_needs_a_known_kiosk_key(client: SyncAsgiClient) -> None:
    for key in (None, "wrong"):
        headers = {} if key is None else {"X-Kiosk-Key": key}
        with SyncAsgiClient(client.app, headers=headers) as other:
            answer = other.get("/api/v1/procedures")
        assert answer.status_code == 401
        assert answer.json() == {
            "code": "unauthorized",
            "message": "missing or unknown kiosk key",
            "detail": {},
        }
    assert client.get("/api/v1/procedures").status_code == 200


def test_unknown_routes_answer_a_problem(client: SyncAsgiClient) -> None:
    answer = client.get("/api/v1/nothing-here")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


def test_validation_errors_answer_a_problem_with_field_detail(client: SyncAsgiClient) -> None:
    answer = client.get("/api/v1/procedures", params={"limit": 0})
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_failed"
    assert "query.limit" in answer.json()["detail"]


def test_control_api_is_off_unless_enabled(tmp_path: Path) -> None:
    app = make_app(tmp_path / "off.sqlite", control=False)
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        assert client.post("/control/clock/advance", json={"seconds": 1}).status_code == 404
        assert client.put("/control/faults", json={"seed": 1, "rules": []}).status_code == 404
        assert client.get("/api/v1/procedures").status_code == 200
    app.state.backend.close()


def test_kiosk_keys_name_their_kiosk(tmp_path: Path) -> None:
    app = make_app(tmp_path / "k.sqlite", kiosk_keys=(f"KIOSK-LSN-01={KIOSK_KEY}", "bare-key"))
    settings = app.state.backend.settings
    assert settings.kiosk_for(KIOSK_KEY) == "KIOSK-LSN-01"
    app.state.backend.close()
    derived = settings.kiosk_for("bare-key")
    assert derived is not None
    assert derived.startswith("kiosk-")
    assert "bare-key" not in derived


def test_reset_forgets_the_world_but_keeps_the_population(twin: BackendDriver) -> None:
    auth = twin.login(CITIZEN_A)
    twin.submit(auth)
    twin.client.put(
        "/control/faults", json={"seed": 1, "rules": [{"route": "GET /api/v1/sites", "error_rate": 1}]}
    )
    twin.advance(60)
    assert twin.client.post("/control/reset").status_code == 204
    assert twin.client.get("/control/clock").json()["offset_seconds"] == 0
    assert twin.client.get("/control/faults").json() == {"seed": 0, "rules": []}
    assert twin.client.get("/api/v1/sites").status_code == 200
    session = twin.client.post("/api/v1/auth/vneid/sessions").json()["id"]
    approved = twin.client.post(
        f"/control/vneid/{session}/approve", json={"id_number": CITIZEN_A["id_number"]}
    )
    assert approved.json()["status"] == "approved"  # the citizen is still registered
    token = twin.client.get(f"/api/v1/auth/vneid/sessions/{session}").json()["token"]
    listed = twin.client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {token}"}).json()
    assert listed == {"items": [], "total": 0, "offset": 0, "limit": None}


def test_sites_and_agencies_come_from_data(client: SyncAsgiClient) -> None:
    sites = client.get("/api/v1/sites").json()
    assert sites["total"] == 3 + 65  # the pilot's three, the communes' centres since 1 Jul 2025
    assert {"KIOSK-LSN-01", "KIOSK-CLC-01", "KIOSK-VTR-01"} == {
        k for s in sites["items"] for k in s["kiosks"]
    }
    agencies = {a["id"] for a in client.get("/api/v1/agencies").json()["items"]}
    assert {a for s in sites["items"] for a in s["agencies"]} <= agencies


def test_search_filters_and_limits(client: SyncAsgiClient) -> None:
    everything = client.get("/api/v1/procedures", params={"limit": 100}).json()
    assert len(everything["items"]) == 100
    assert everything["total"] >= 1500
    residence = client.get("/api/v1/procedures", params={"field": "cu_tru", "limit": 2}).json()
    assert len(residence["items"]) == 2
    assert residence["total"] > 2
    assert {p["field"] for p in residence["items"]} == {"cu_tru"}
    typed = client.get("/api/v1/procedures", params={"q": "dang ky thuong tru"}).json()
    assert typed["items"][0]["name"] == "Đăng ký thường trú"
    assert typed["items"][0]["score"] is not None
    assert client.get("/api/v1/procedures/1.004222.000.00.00.H36").json()["code"] == "1.004222"
    assert client.get("/api/v1/procedures/9.999").json()["code"] == "not_found"


def test_a_subject_belongs_to_one_citizen(client: SyncAsgiClient) -> None:
    first = CITIZEN_A | {"subject": "vneid-same"}
    assert client.post("/control/citizens", json=first).status_code == 201
    second = client.post("/control/citizens", json={**first, "id_number": "020195004321"})
    assert (second.status_code, second.json()["code"]) == (409, "subject_taken")
