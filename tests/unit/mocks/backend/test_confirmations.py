"""The backend's check of a kiosk's signed confirmation: every malformed envelope is a named 401.

Happy paths and outages run in tests/contract/backend/test_outbox_deferred_against_app.py
against the kiosk's real signer; here the envelopes are hand-made and hostile.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.support.backend import BackendDriver, SyncAsgiClient, make_app

KEY = "ab12cd34-0000-4000-8000-0000000000ff"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _envelope(**fields: object) -> str:
    base: dict[str, object] = {
        "v": 1, "key_id": "0" * 16, "idempotency_key": KEY, "confirmed_at": 1_742_180_400,
        "body_sha256": "0" * 64, "token_sha256": "0" * 64, "sig": _b64(b"x" * 64),
    }  # fmt: skip
    base.update(fields)
    return _b64(json.dumps({k: v for k, v in base.items() if v is not None}).encode())


@pytest.mark.parametrize(
    "header",
    [
        "not base64 at all!",
        _b64(b"not json"),
        _b64(b"[1, 2, 3]"),
        _envelope(v=2),
        _envelope(sig=None),
        _envelope(extra="field"),
        _envelope(confirmed_at="yesterday"),
        _envelope(confirmed_at=True),
        _envelope(confirmed_at=10**30),
        _envelope(key_id=7),
        _envelope(),  # well formed, but no such signing key
        "x" * 2000,
    ],
    ids=lambda h: h[:24],
)
def test_a_malformed_confirmation_is_refused_as_such_never_a_crash(tmp_path: Path, header: str) -> None:
    app = make_app(tmp_path / "b.sqlite")
    with SyncAsgiClient(app, {"X-Kiosk-Key": "test-kiosk-key"}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        twin.advance(2 * 3600)  # the token has expired: the confirmation is what counts now
        answer = client.post(
            "/api/v1/dossiers",
            json=_body(),
            headers=auth | {"Idempotency-Key": KEY, "X-Kiosk-Confirmation": header},
        )
    assert answer.status_code == 401, answer.text
    assert answer.json()["code"] == "confirmation_invalid"
    app.state.backend.close()


def test_an_expired_token_without_a_confirmation_is_refused_as_before(tmp_path: Path) -> None:
    app = make_app(tmp_path / "b.sqlite")
    with SyncAsgiClient(app, {"X-Kiosk-Key": "test-kiosk-key"}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        twin.advance(31 * 60)
        answer = twin.submit(auth, KEY)
    assert answer.status_code == 401
    app.state.backend.close()


def _body() -> dict[str, object]:
    from tests.support.backend import dossier_body

    return dossier_body()
