"""Fault injection: error rates (seeded), outage windows, timeouts, responses lost after commit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest

from mocks.backend.faults import FaultInjector, FaultPlan, FaultRule
from tests.support.backend import KIOSK_KEY, START, BackendDriver, SyncAsgiClient, make_app


def _plan(client: SyncAsgiClient, seed: int = 1, **rule: Any) -> None:
    answer = client.put("/control/faults", json={"seed": seed, "rules": [rule]})
    assert answer.status_code == 200, answer.text


def test_error_rate_one_fails_the_route_but_never_the_control_api(twin: BackendDriver) -> None:
    _plan(twin.client, route="GET /api/v1/procedures", error_rate=1.0, status=503)
    failed = twin.client.get("/api/v1/procedures")
    assert failed.status_code == 503
    assert failed.json()["code"] == "injected_fault"
    assert twin.client.get("/api/v1/procedures/1.004222").status_code == 200
    assert twin.client.get("/control/faults").json()["rules"][0]["error_rate"] == 1.0


def test_error_decisions_replay_with_the_same_seed(twin: BackendDriver) -> None:
    def statuses(seed: int) -> list[int]:
        _plan(twin.client, seed=seed, route="GET /api/v1/procedures/{code}", error_rate=0.5, status=500)
        return [twin.client.get("/api/v1/procedures/1.004222").status_code for _ in range(24)]

    first = statuses(3)
    assert first == statuses(3)
    assert set(first) == {200, 500}
    assert first != statuses(4)


def test_outage_window_on_the_world_clock(twin: BackendDriver) -> None:
    window = [START.isoformat(), (START + dt.timedelta(hours=1)).isoformat()]
    _plan(twin.client, route="* /api/v1/procedures", outage=window)
    down = twin.client.get("/api/v1/procedures")
    assert (down.status_code, down.json()["code"]) == (503, "outage")
    twin.advance(3600)
    assert twin.client.get("/api/v1/procedures").status_code == 200


def test_a_lost_response_was_committed_and_the_idempotent_retry_finds_it(twin: BackendDriver) -> None:
    auth = twin.login()
    _plan(twin.client, route="POST /api/v1/dossiers", lost_response_rate=1.0)
    lost = twin.submit(auth, key="retry-me")
    assert (lost.status_code, lost.content) == (504, b"")
    twin.client.put("/control/faults", json={"seed": 0, "rules": []})
    retry = twin.submit(auth, key="retry-me")
    assert retry.status_code == 200  # not 201: the first attempt had created it
    assert twin.client.get("/api/v1/dossiers", headers=auth).json()["total"] == 1


def test_a_dropped_connection_after_the_commit_and_the_retry_finds_the_dossier(twin: BackendDriver) -> None:
    auth = twin.login()
    _plan(twin.client, route="POST /api/v1/dossiers", lost_response_rate=1.0, lost_response_mode="drop")
    with pytest.raises(httpx.RemoteProtocolError):  # what a socket closed mid-answer looks like
        twin.submit(auth, key="drop-me")
    assert twin.client.get("/api/v1/dossiers", headers=auth).json()["total"] == 1  # it was committed
    twin.client.put("/control/faults", json={"seed": 0, "rules": []})
    retry = twin.submit(auth, key="drop-me")
    assert retry.status_code == 200
    assert (
        twin.client.get("/api/v1/dossiers", headers=auth).json()["items"][0]["code"] == retry.json()["code"]
    )


def test_the_lost_response_mode_is_validated(twin: BackendDriver) -> None:
    rule = {"route": "POST /api/v1/dossiers", "lost_response_rate": 1.0, "lost_response_mode": "vanish"}
    assert twin.client.put("/control/faults", json={"seed": 0, "rules": [rule]}).status_code == 422


def test_timeout_holds_then_answers_504(tmp_path: Path) -> None:
    app = make_app(tmp_path / "t.sqlite", timeout_seconds=0.01)
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        _plan(client, route="GET /api/v1/sites", timeout=True, latency_ms=1)
        answer = client.get("/api/v1/sites")
        assert (answer.status_code, answer.json()["code"]) == (504, "timeout")
        assert client.get("/api/v1/agencies").status_code == 200
    app.state.backend.close()


def test_route_templates_match_whole_paths_only() -> None:
    rule = FaultRule(route="GET /api/v1/dossiers/{code}", error_rate=1.0)
    injector = FaultInjector(FaultPlan(rules=[rule]), lambda: START, 1.0)
    assert injector.decide("GET", "/api/v1/dossiers/ABC-1") is not None
    assert injector.decide("GET", "/api/v1/dossiers") is None
    assert injector.decide("GET", "/api/v1/dossiers/ABC-1/payments") is None
    assert injector.decide("POST", "/api/v1/dossiers/ABC-1") is None


def test_invalid_plans_are_refused(twin: BackendDriver) -> None:
    bad = twin.client.put("/control/faults", json={"rules": [{"route": "/no-method", "error_rate": 2}]})
    assert bad.status_code == 422
    assert set(bad.json()["detail"]) == {"body.rules.0.route", "body.rules.0.error_rate"}


@pytest.mark.parametrize("rate", [0.0, 1.0])
def test_error_rate_extremes(rate: float) -> None:
    injector = FaultInjector(FaultPlan(rules=[FaultRule(route="* /x", error_rate=rate)]), lambda: START, 1.0)
    decisions = [injector.decide("GET", "/x") for _ in range(50)]
    assert all(d is not None and (d.error_status is not None) == (rate == 1.0) for d in decisions)
