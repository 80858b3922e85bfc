"""VNeID login mock: session, poll, approve/deny/expire, signed tokens checked on the world clock."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import jwt

from tests.support.backend import CITIZEN_A, CITIZEN_B, BackendDriver, SyncAsgiClient


def test_login_session_answers_a_qr_and_polls_pending(client: SyncAsgiClient) -> None:
    session = client.post("/api/v1/auth/vneid/sessions")
    assert session.status_code == 201
    body = session.json()
    assert set(body) == {"id", "qr", "expires_at"}
    qr = urlparse(body["qr"])
    assert (qr.scheme, qr.netloc) == ("vneid", "login")
    assert parse_qs(qr.query)["session"] == [body["id"]]
    assert client.get(f"/api/v1/auth/vneid/sessions/{body['id']}").json() == {
        "status": "pending",
        "token": None,
    }


def test_approval_gives_a_token_with_the_reference_claims(
    client: SyncAsgiClient, twin: BackendDriver
) -> None:
    twin.register(CITIZEN_A)
    sid = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    client.post(f"/control/vneid/{sid}/approve", json={"id_number": CITIZEN_A["id_number"]})
    poll = client.get(f"/api/v1/auth/vneid/sessions/{sid}").json()
    assert poll["status"] == "approved"
    jwks = client.get("/.well-known/jwks.json").json()
    header = jwt.get_unverified_header(poll["token"])
    key = jwt.PyJWK(next(k for k in jwks["keys"] if k["kid"] == header["kid"]))
    claims = jwt.decode(
        poll["token"], key, algorithms=["ES256"], audience="kiosk-twin", issuer="https://vneid.mock.local",
        options={"verify_exp": False},
    )  # fmt: skip
    assert claims["id_number"] == CITIZEN_A["id_number"]
    assert claims["full_name"] == CITIZEN_A["full_name"]
    assert claims["date_of_birth"] == "19890512"
    assert claims["level"] == 2
    assert claims["exp"] > claims["iat"]


def test_deny_and_expiry(client: SyncAsgiClient, twin: BackendDriver) -> None:
    denied = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    assert client.post(f"/control/vneid/{denied}/deny").json()["status"] == "denied"
    assert client.get(f"/api/v1/auth/vneid/sessions/{denied}").json() == {"status": "denied", "token": None}
    late = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    twin.advance(3 * 60)
    assert client.get(f"/api/v1/auth/vneid/sessions/{late}").json()["status"] == "expired"
    twin.register(CITIZEN_A)
    too_late = client.post(f"/control/vneid/{late}/approve", json={"id_number": CITIZEN_A["id_number"]})
    assert too_late.status_code == 409
    assert too_late.json()["code"] == "session_closed"


def test_approval_needs_a_registered_citizen(client: SyncAsgiClient) -> None:
    sid = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    answer = client.post(f"/control/vneid/{sid}/approve", json={"id_number": CITIZEN_B["id_number"]})
    assert answer.status_code == 404
    assert client.get(f"/api/v1/auth/vneid/sessions/{sid}").json()["status"] == "pending"


def test_sessions_belong_to_their_kiosk(client: SyncAsgiClient) -> None:
    sid = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    assert (
        client.get(f"/api/v1/auth/vneid/sessions/{sid}", headers={"X-Kiosk-Key": "other"}).status_code == 401
    )
    assert client.get("/api/v1/auth/vneid/sessions/no-such-session").status_code == 404


def test_token_expires_on_the_world_clock(client: SyncAsgiClient, twin: BackendDriver) -> None:
    auth = twin.login(CITIZEN_A)
    assert client.get("/api/v1/dossiers", headers=auth).status_code == 200
    twin.advance(31 * 60)
    expired = client.get("/api/v1/dossiers", headers=auth)
    assert expired.status_code == 401
    assert expired.json()["code"] == "unauthorized"


def test_tokens_from_another_key_or_audience_are_refused(client: SyncAsgiClient, twin: BackendDriver) -> None:
    twin.register(CITIZEN_A)
    from cryptography.hazmat.primitives.asymmetric import ec

    forged = jwt.encode(
        {"iss": "https://vneid.mock.local", "aud": "kiosk-twin", "sub": "x", "exp": 4_000_000_000,
         "id_number": CITIZEN_A["id_number"], "full_name": "X", "date_of_birth": "19890512"},
        ec.generate_private_key(ec.SECP256R1()), algorithm="ES256",
    )  # fmt: skip
    assert client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    assert client.get("/api/v1/dossiers", headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
