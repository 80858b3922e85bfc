"""Token once and logout: a VNeID session hands its token out in one poll; logout revokes a token.

Every citizen route then answers 401 ``token_revoked``; the revocation lives in SQLite (it
survives a restart) and expired entries are pruned.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from fastapi import FastAPI

from mocks.backend import vneid
from mocks.backend.app import create_app
from mocks.backend.revocation import PRUNE_GRACE
from mocks.backend.state import Backend
from tests.support.backend import (
    CITIZEN_A,
    CITIZEN_B,
    KIOSK_ID,
    KIOSK_KEY,
    START,
    BackendDriver,
    SyncAsgiClient,
    dossier_body,
    make_app,
    make_settings,
)

LOGOUT = "/api/v1/auth/logout"
DOSSIERS = "/api/v1/dossiers"


def backend_of(app: FastAPI) -> Backend:
    backend: Backend = app.state.backend
    return backend


def revoked_count(app: FastAPI) -> int:
    with backend_of(app).store.read() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM revoked_tokens").fetchone()[0])


def approved_session(client: SyncAsgiClient, twin: BackendDriver) -> str:
    twin.register(CITIZEN_A)
    session = str(client.post("/api/v1/auth/vneid/sessions").json()["id"])
    answer = client.post(f"/control/vneid/{session}/approve", json={"id_number": CITIZEN_A["id_number"]})
    assert answer.json() == {"status": "approved", "token": None}
    return session


# ---------------------------------------------------------------------------- token once


def test_the_first_poll_takes_the_token_and_later_polls_say_consumed(
    client: SyncAsgiClient, twin: BackendDriver
) -> None:
    session = approved_session(client, twin)
    first = client.get(f"/api/v1/auth/vneid/sessions/{session}").json()
    assert first["status"] == "approved"
    assert first["token"]
    for _ in range(2):
        assert client.get(f"/api/v1/auth/vneid/sessions/{session}").json() == {
            "status": "consumed",
            "token": None,
        }
    # a consumed request stays consumed: it neither expires into a new state nor can be approved again
    twin.advance(3600)
    assert client.get(f"/api/v1/auth/vneid/sessions/{session}").json()["status"] == "consumed"
    again = client.post(f"/control/vneid/{session}/approve", json={"id_number": CITIZEN_A["id_number"]})
    assert (again.status_code, again.json()["code"]) == (409, "session_closed")


def test_concurrent_polls_from_two_backends_on_one_database_hand_out_one_token(
    app: FastAPI, db: Path, client: SyncAsgiClient, twin: BackendDriver
) -> None:
    """Two processes' worth of backends (own connections, own locks): only SQLite arbitrates."""
    session = approved_session(client, twin)
    second = make_app(db)
    backends = [backend_of(app), backend_of(second)] * 4
    barrier = threading.Barrier(len(backends))
    answers: list[str | None] = [None] * len(backends)

    def poll(i: int) -> None:
        barrier.wait()
        answers[i] = vneid.poll(backends[i], session, KIOSK_ID).token

    threads = [threading.Thread(target=poll, args=(i,)) for i in range(len(backends))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        backend_of(second).close()
    assert sum(token is not None for token in answers) == 1


def test_a_login_approved_for_a_citizen_removed_since_is_denied_and_gives_nothing(
    client: SyncAsgiClient, twin: BackendDriver, app: FastAPI
) -> None:
    session = approved_session(client, twin)
    with backend_of(app).store.tx() as conn:
        conn.execute("DELETE FROM citizens WHERE id_number = ?", (CITIZEN_A["id_number"],))
    assert client.get(f"/api/v1/auth/vneid/sessions/{session}").json() == {"status": "denied", "token": None}


# ---------------------------------------------------------------------------- logout


def test_logout_revokes_the_token_on_every_citizen_route(client: SyncAsgiClient, twin: BackendDriver) -> None:
    auth = twin.login(CITIZEN_A)
    code = twin.submit(auth, key="k-1").json()["code"]
    assert client.post(LOGOUT, headers=auth).status_code == 204
    calls = [
        ("GET", DOSSIERS, None),
        ("GET", f"{DOSSIERS}/{code}", None),
        ("POST", DOSSIERS, dossier_body()),
        ("GET", "/api/v1/payments", None),
        ("POST", f"{DOSSIERS}/{code}/payments", None),
        ("POST", f"{DOSSIERS}/{code}/ratings", {"indicators": {}, "convenience": "x", "overall": "x"}),
    ]
    for method, path, body in calls:
        answer = client.request(method, path, json=body, headers=auth | {"Idempotency-Key": "k-2"})
        assert answer.status_code == 401, (method, path)
        assert answer.json()["code"] == "token_revoked", (method, path)
        assert answer.json()["message"] == "token revoked"


def test_logout_is_idempotent_and_leaves_other_logins_alone(
    client: SyncAsgiClient, twin: BackendDriver
) -> None:
    mine, other_kiosk_visit, theirs = twin.login(CITIZEN_A), twin.login(CITIZEN_A), twin.login(CITIZEN_B)
    assert client.post(LOGOUT, headers=mine).status_code == 204
    assert client.post(LOGOUT, headers=mine).status_code == 204  # a repeated logout is harmless
    assert client.get(DOSSIERS, headers=mine).status_code == 401
    assert client.get(DOSSIERS, headers=other_kiosk_visit).status_code == 200  # one token, not the person
    assert client.get(DOSSIERS, headers=theirs).status_code == 200


def test_logout_needs_the_kiosk_key_and_a_genuine_token(
    client: SyncAsgiClient, twin: BackendDriver, app: FastAPI
) -> None:
    auth = twin.login(CITIZEN_A)
    assert client.post(LOGOUT, headers=auth | {"X-Kiosk-Key": "unknown"}).status_code == 401
    assert client.post(LOGOUT).json()["code"] == "unauthorized"  # no bearer
    forged = {"Authorization": auth["Authorization"][:-4] + "AAAA"}
    assert client.post(LOGOUT, headers=forged).status_code == 401
    assert revoked_count(app) == 0  # nothing stored for junk
    assert client.get(DOSSIERS, headers=auth).status_code == 200


def test_an_expired_token_logs_out_without_being_stored(
    client: SyncAsgiClient, twin: BackendDriver, app: FastAPI
) -> None:
    auth = twin.login(CITIZEN_A)
    twin.advance(31 * 60)
    assert client.post(LOGOUT, headers=auth).status_code == 204
    assert client.get(DOSSIERS, headers=auth).json()["code"] == "unauthorized"  # expired, as before
    assert revoked_count(app) == 0


def test_revocations_are_pruned_once_expired_even_after_a_reset(tmp_path: Path) -> None:
    """Pruning follows the wall clock (what a reset returns world time to), not the world offset."""
    wall = [START]
    app = create_app(make_settings(tmp_path / "b.sqlite", clock_start=None), wall=lambda: wall[0])
    try:
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            twin = BackendDriver(client)
            old = twin.login(CITIZEN_A)
            assert client.post(LOGOUT, headers=old).status_code == 204
            twin.advance((PRUNE_GRACE + backend_of(app).settings.token_ttl).total_seconds() + 60)
            fresh = twin.login(CITIZEN_A)
            assert client.post(LOGOUT, headers=fresh).status_code == 204
            assert revoked_count(app) == 2  # kept: a reset would make the old token live again
            wall[0] += PRUNE_GRACE + backend_of(app).settings.token_ttl + dt.timedelta(minutes=1)
            last = twin.login(CITIZEN_A)
            assert client.post(LOGOUT, headers=last).status_code == 204
            assert revoked_count(app) == 2  # the old entry went: expired whatever the offset
            assert client.get(DOSSIERS, headers=old).json()["code"] == "unauthorized"  # refused as expired
    finally:
        backend_of(app).close()


def test_the_control_api_counts_a_citizens_unexpired_revoked_logins(
    client: SyncAsgiClient, twin: BackendDriver
) -> None:
    lookup = "/control/revocations/lookup"
    auth = twin.login(CITIZEN_A)
    twin.register(CITIZEN_B)
    assert client.post(lookup, json={"id_number": CITIZEN_A["id_number"]}).json() == {"unexpired": 0}
    client.post(LOGOUT, headers=auth)
    assert client.post(lookup, json={"id_number": CITIZEN_A["id_number"]}).json() == {"unexpired": 1}
    assert client.post(lookup, json={"id_number": CITIZEN_B["id_number"]}).json() == {"unexpired": 0}
    assert client.post(lookup, json={"id_number": "999999999999"}).status_code == 404
    twin.advance(31 * 60)
    assert client.post(lookup, json={"id_number": CITIZEN_A["id_number"]}).json() == {"unexpired": 0}


def test_a_revocation_survives_a_backend_restart(tmp_path: Path) -> None:
    db = tmp_path / "backend.sqlite"
    first = make_app(db)
    with SyncAsgiClient(first, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        auth = BackendDriver(client).login(CITIZEN_A)
        assert client.post(LOGOUT, headers=auth).status_code == 204
    backend_of(first).close()
    restarted = make_app(db)
    try:
        with SyncAsgiClient(restarted, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            answer = client.get(DOSSIERS, headers=auth)
            assert (answer.status_code, answer.json()["code"]) == (401, "token_revoked")
            assert client.get(DOSSIERS, headers=BackendDriver(client).login(CITIZEN_A)).status_code == 200
    finally:
        backend_of(restarted).close()


def test_a_reset_keeps_revocations(client: SyncAsgiClient, twin: BackendDriver) -> None:
    """The signing key outlives a reset, so the revocation must too."""
    auth = twin.login(CITIZEN_A)
    client.post(LOGOUT, headers=auth)
    assert client.post("/control/reset").status_code == 204
    assert client.get(DOSSIERS, headers=auth).json()["code"] == "token_revoked"
