"""VNeID account login on the mock: password, then OTP; lockout on the world clock; tokens once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mocks.backend.vneid_account import LOCK_FOR, MAX_FAILURES, OTP_TRIES
from tests.support.backend import (
    CITIZEN_A,
    CITIZEN_B,
    KIOSK_ID,
    KIOSK_KEY,
    BackendDriver,
    SyncAsgiClient,
    make_app,
)

PASSWORD = "Mat-khau-2025"
ID_A = CITIZEN_A["id_number"]


@pytest.fixture
def account(client: SyncAsgiClient, twin: BackendDriver) -> str:
    twin.register(CITIZEN_A)
    answer = client.post("/control/vneid/accounts", json={"id_number": ID_A, "password": PASSWORD})
    assert answer.status_code == 204
    return ID_A


def _password(client: SyncAsgiClient, password: str, id_number: str = ID_A) -> Any:
    return client.post("/api/v1/auth/vneid/password", json={"id_number": id_number, "password": password})


def _otp(client: SyncAsgiClient, id_number: str = ID_A) -> str:
    answer = client.post("/control/vneid/otp", json={"id_number": id_number})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["otp"])


def test_password_then_the_otp_sent_to_the_phone_gives_a_token_once(
    client: SyncAsgiClient, account: str
) -> None:
    challenge = _password(client, PASSWORD)
    assert challenge.status_code == 201
    body = challenge.json()
    assert set(body) == {"challenge_id", "expires_at", "digits"}
    code = _otp(client)
    assert len(code) == 6
    assert code.isdigit()
    login = client.post("/api/v1/auth/vneid/otp", json={"challenge_id": body["challenge_id"], "otp": code})
    assert login.status_code == 200
    assert login.json()["citizen"]["id_number"] == ID_A
    token = login.json()["token"]
    assert client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    again = client.post("/api/v1/auth/vneid/otp", json={"challenge_id": body["challenge_id"], "otp": code})
    assert (again.status_code, again.json()["code"]) == (401, "otp_expired")


def test_a_wrong_password_and_an_unknown_number_answer_alike(client: SyncAsgiClient, account: str) -> None:
    wrong = _password(client, "not-the-password")
    unknown = _password(client, PASSWORD, id_number=CITIZEN_B["id_number"])
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["code"] == unknown.json()["code"] == "wrong_password"
    assert wrong.json()["detail"] == {"attempts_left": str(MAX_FAILURES - 1)}


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes_of_world_time(
    client: SyncAsgiClient, twin: BackendDriver, account: str
) -> None:
    answers = [_password(client, f"wrong-{i}") for i in range(MAX_FAILURES)]
    assert [a.status_code for a in answers] == [401] * (MAX_FAILURES - 1) + [423]
    assert answers[-1].json()["code"] == "account_locked"
    assert "locked_until" in answers[-1].json()["detail"]
    # Locked: even the right password is refused, and nothing is sent to the phone.
    assert _password(client, PASSWORD).status_code == 423
    assert client.post("/control/vneid/otp", json={"id_number": ID_A}).status_code == 404
    twin.advance(LOCK_FOR.total_seconds() - 60)
    assert _password(client, PASSWORD).status_code == 423
    twin.advance(60)
    assert _password(client, PASSWORD).status_code == 201
    # The count starts afresh after a served lock: one wrong password does not lock again.
    assert _password(client, "wrong-again").json()["detail"] == {"attempts_left": str(MAX_FAILURES - 1)}


def test_a_right_password_resets_the_count(client: SyncAsgiClient, account: str) -> None:
    for i in range(MAX_FAILURES - 1):
        _password(client, f"wrong-{i}")
    assert _password(client, PASSWORD).status_code == 201
    assert _password(client, "wrong").json()["detail"] == {"attempts_left": str(MAX_FAILURES - 1)}


def test_wrong_otps_close_the_challenge_and_codes_expire(
    client: SyncAsgiClient, twin: BackendDriver, account: str
) -> None:
    challenge = _password(client, PASSWORD).json()["challenge_id"]
    code = _otp(client)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    tries = [
        client.post("/api/v1/auth/vneid/otp", json={"challenge_id": challenge, "otp": wrong})
        for _ in range(OTP_TRIES)
    ]
    assert [t.json()["code"] for t in tries] == ["wrong_otp"] * OTP_TRIES
    assert tries[0].json()["detail"] == {"attempts_left": str(OTP_TRIES - 1)}
    late = client.post("/api/v1/auth/vneid/otp", json={"challenge_id": challenge, "otp": code})
    assert late.json()["code"] == "otp_expired"
    challenge = _password(client, PASSWORD).json()["challenge_id"]
    code = _otp(client)
    twin.advance(5 * 60)
    expired = client.post("/api/v1/auth/vneid/otp", json={"challenge_id": challenge, "otp": code})
    assert (expired.status_code, expired.json()["code"]) == (401, "otp_expired")


def test_a_challenge_belongs_to_the_kiosk_that_opened_it(tmp_path: Path) -> None:
    app = make_app(tmp_path / "two.sqlite", kiosk_keys=(f"{KIOSK_ID}={KIOSK_KEY}", "ls-kiosk-02=other-key"))
    try:
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            BackendDriver(client).register(CITIZEN_A)
            client.post("/control/vneid/accounts", json={"id_number": ID_A, "password": PASSWORD})
            challenge = _password(client, PASSWORD).json()["challenge_id"]
            body = {"challenge_id": challenge, "otp": _otp(client)}
            other = client.post("/api/v1/auth/vneid/otp", json=body, headers={"X-Kiosk-Key": "other-key"})
            assert (other.status_code, other.json()["code"]) == (401, "otp_expired")
            assert client.post("/api/v1/auth/vneid/otp", json=body).status_code == 200
    finally:
        app.state.backend.close()


def test_passwords_are_validated_and_never_echoed(client: SyncAsgiClient, twin: BackendDriver) -> None:
    twin.register(CITIZEN_A)
    short = client.post("/control/vneid/accounts", json={"id_number": ID_A, "password": "short"})
    assert short.status_code == 422
    assert "short" not in short.text
    nobody = client.post(
        "/control/vneid/accounts", json={"id_number": CITIZEN_B["id_number"], "password": PASSWORD}
    )
    assert nobody.status_code == 404
    bad = client.post("/api/v1/auth/vneid/password", json={"id_number": "12", "password": PASSWORD})
    assert bad.status_code == 422
    assert PASSWORD not in bad.text
