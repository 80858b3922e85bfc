"""Help calls and kiosks' health: kiosk side with the kiosk key, staff side with the staff key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.support.backend import KIOSK_ID, KIOSK_KEY, SyncAsgiClient, make_app

STAFF_KEY = "staff-test-key"
STAFF = {"X-Staff-Key": STAFF_KEY}
OTHER_KIOSK = ("KIOSK-CLC-01", "other-kiosk-key")


@pytest.fixture
def app(db: Path) -> Iterator[FastAPI]:
    application = make_app(
        db, staff_keys=(STAFF_KEY,), kiosk_keys=(f"{KIOSK_ID}={KIOSK_KEY}", "=".join(OTHER_KIOSK))
    )
    yield application
    application.state.backend.close()


def _advance(client: SyncAsgiClient, seconds: float) -> None:
    assert client.post("/control/clock/advance", json={"seconds": seconds}).status_code == 200


def _beat(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "version": "1.2.3",
        "reader_present": True,
        "card_inserted": False,
        "scanner": "ready",
        "paper": "ok",
        "outbox_pending": 0,
        "outbox_quarantined": 0,
    }
    body.update(changes)
    return body


def _health(client: SyncAsgiClient, kiosk: str = KIOSK_ID) -> dict[str, Any]:
    listed = client.get("/api/v1/kiosks", headers=STAFF)
    assert listed.status_code == 200
    return next(k for k in listed.json() if k["kiosk_id"] == kiosk)


def test_a_help_call_is_open_until_staff_acknowledge_and_close_it(client: SyncAsgiClient) -> None:
    made = client.post("/api/v1/help-calls", json={"screen": "form", "reason": "asked"})
    assert made.status_code == 201
    call = made.json()
    assert (call["kiosk_id"], call["site"], call["status"]) == (KIOSK_ID, "lso-province-center", "open")
    assert call["office_open"] is True  # Monday 09:00
    again = client.post("/api/v1/help-calls", json={"screen": "form"})
    assert again.json()["id"] == call["id"]  # a double tap raises no second call
    listed = client.get("/api/v1/staff/help-calls", headers=STAFF).json()
    assert [c["id"] for c in listed] == [call["id"]]
    _advance(client, 95)
    url = f"/api/v1/staff/help-calls/{call['id']}"
    acked = client.post(f"{url}/acknowledge", json={"staff": "Chị Lan"}, headers=STAFF).json()
    assert (acked["status"], acked["staff"]) == ("acknowledged", "Chị Lan")
    polled = client.get(f"/api/v1/help-calls/{call['id']}").json()
    assert polled["status"] == "acknowledged"
    waited = _seconds(polled["acknowledged_at"]) - _seconds(polled["created_at"])
    assert waited == 95  # the response time, on the world clock
    closed = client.post(f"{url}/close", json={}, headers=STAFF).json()
    assert closed["status"] == "closed"
    assert client.get("/api/v1/staff/help-calls", headers=STAFF).json() == []
    late = client.post(f"{url}/acknowledge", json={}, headers=STAFF)
    assert (late.status_code, late.json()["code"]) == (409, "help_call_closed")
    history = client.get("/api/v1/staff/help-calls?closed=true", headers=STAFF).json()
    assert [c["status"] for c in history] == ["closed"]


def _seconds(iso: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(iso).timestamp()


def test_staff_routes_need_the_staff_key_and_a_kiosk_key_is_not_one(client: SyncAsgiClient) -> None:
    call = client.post("/api/v1/help-calls", json={"screen": "home"}).json()
    for headers in ({}, {"X-Staff-Key": KIOSK_KEY}, {"X-Staff-Key": "wrong"}):
        assert client.get("/api/v1/staff/help-calls", headers=headers).status_code == 401
        assert client.get("/api/v1/kiosks", headers=headers).status_code == 401
        ack = client.post(f"/api/v1/staff/help-calls/{call['id']}/acknowledge", json={}, headers=headers)
        assert ack.status_code == 401


def test_a_kiosk_sees_only_its_own_calls(client: SyncAsgiClient) -> None:
    call = client.post("/api/v1/help-calls", json={"screen": "home"}).json()
    other = client.get(f"/api/v1/help-calls/{call['id']}", headers={"X-Kiosk-Key": OTHER_KIOSK[1]})
    assert other.status_code == 404
    assert (
        client.post("/api/v1/help-calls", json={"screen": "home"}, headers={"X-Kiosk-Key": "x"}).status_code
        == 401
    )


@pytest.mark.parametrize(
    "body",
    [
        {"screen": "Nguyễn Văn An"},
        {"screen": "form", "reason": "my name is"},
        {"screen": "form", "name": "x"},
    ],
)
def test_a_help_call_carries_no_free_text(client: SyncAsgiClient, body: dict[str, str]) -> None:
    assert client.post("/api/v1/help-calls", json=body).status_code == 422


def test_a_call_on_sunday_evening_is_marked_out_of_hours(client: SyncAsgiClient) -> None:
    _advance(client, (5 * 24 + 10) * 3600)  # Monday 09:00 -> Saturday 19:00
    call = client.post("/api/v1/help-calls", json={"screen": "welcome"}).json()
    assert call["office_open"] is False


def test_health_is_silent_without_heartbeats_online_with_them_and_silent_again(
    client: SyncAsgiClient,
) -> None:
    assert _health(client)["health"] == "silent"
    answer = client.post("/api/v1/kiosks/heartbeat", json=_beat())
    assert (answer.status_code, answer.json()["health"]) == (200, "online")
    assert _health(client)["health"] == "online"
    _advance(client, 5 * 60)
    assert _health(client)["health"] == "online"  # exactly silent_after: not yet
    _advance(client, 1)
    assert _health(client)["health"] == "silent"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"scanner": "jammed"}, "scanner_jammed"),
        ({"scanner": "absent"}, "scanner_missing"),
        ({"reader_present": False}, "reader_missing"),
        ({"paper": "out"}, "paper_out"),
        ({"outbox_quarantined": 1}, "outbox_quarantined"),
    ],
)
def test_a_device_problem_makes_the_kiosk_degraded(
    client: SyncAsgiClient, changes: dict[str, Any], problem: str
) -> None:
    client.post("/api/v1/kiosks/heartbeat", json=_beat(**changes))
    health = _health(client)
    assert (health["health"], health["problems"]) == ("degraded", [problem])


def test_a_last_error_is_shown_but_not_a_problem(client: SyncAsgiClient) -> None:
    client.post("/api/v1/kiosks/heartbeat", json=_beat(last_error="BackendTimeoutError", outbox_pending=3))
    health = _health(client)
    assert (health["health"], health["heartbeat"]["last_error"]) == ("online", "BackendTimeoutError")
    refused = client.post("/api/v1/kiosks/heartbeat", json=_beat(last_error="card of Nguyễn Văn An"))
    assert refused.status_code == 422  # a class name, never a message


def test_every_site_kiosk_is_listed_and_filtered_by_site(client: SyncAsgiClient) -> None:
    everything = client.get("/api/v1/kiosks", headers=STAFF).json()
    assert {"KIOSK-LSN-01", "KIOSK-CLC-01", "KIOSK-VTR-01"} <= {k["kiosk_id"] for k in everything}
    one_site = client.get("/api/v1/kiosks?site=lso-cao-loc", headers=STAFF).json()
    assert [k["kiosk_id"] for k in one_site] == ["KIOSK-CLC-01"]


def test_the_console_page_is_served_without_data(client: SyncAsgiClient) -> None:
    page = client.get("/staff")
    assert page.status_code == 200
    assert "Bàn hỗ trợ ki-ốt" in page.text
    assert "X-Staff-Key" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
