"""Idempotency is scoped by the kiosk's registered identity, which a key rotation does not change.

A retry after a lost answer must find the first dossier whatever API key the kiosk holds by
then; the same Idempotency-Key from another kiosk is a conflict, never a second dossier.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.backend import BackendDriver, SyncAsgiClient, make_app

KEY = "5f0c1e2a-0000-4000-8000-00000000000a"


def _dossiers(twin: BackendDriver, auth: dict[str, str], kiosk_key: str | None = None) -> list[str]:
    page = twin.client.get(
        "/api/v1/dossiers", headers=auth | ({"X-Kiosk-Key": kiosk_key} if kiosk_key else {})
    )
    assert page.status_code == 200, page.text
    return [d["code"] for d in page.json()["items"]]


def test_a_retry_after_rotating_the_kiosk_key_returns_the_first_dossier(tmp_path: Path) -> None:
    # A bare key, as ``kiosk-twin backend --kiosk-key SECRET`` registers it.
    app = make_app(tmp_path / "b.sqlite", kiosk_keys=("old-secret",))
    with SyncAsgiClient(app, {"X-Kiosk-Key": "old-secret"}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        first = twin.submit(auth, KEY)  # stored; say the answer was lost on the way
        assert first.status_code == 201, first.text
        kiosk_id = first.json()["kiosk_id"]
        rotated = client.post(
            f"/control/kiosks/{kiosk_id}/keys", json={"key": "new-secret", "retire_others": True}
        )
        assert rotated.status_code == 200, rotated.text
        assert rotated.json()["kiosk_id"] == kiosk_id
        again = client.post("/api/v1/dossiers", json=_body(), headers=auth | _with("new-secret", KEY))
        assert again.status_code == 200, again.text
        assert again.json()["code"] == first.json()["code"]
        assert again.json()["kiosk_id"] == kiosk_id
        assert _dossiers(twin, auth, "new-secret") == [first.json()["code"]]
        # The retired key no longer names any kiosk:
        old = client.post("/api/v1/dossiers", json=_body(), headers=auth | _with("old-secret", KEY))
        assert old.status_code == 401


def test_the_same_key_from_another_kiosk_is_a_conflict_not_a_second_dossier(tmp_path: Path) -> None:
    app = make_app(tmp_path / "b.sqlite", kiosk_keys=("KIOSK-A=secret-a", "KIOSK-B=secret-b"))
    with SyncAsgiClient(app, {"X-Kiosk-Key": "secret-a"}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        first = twin.submit(auth, KEY)
        assert first.status_code == 201, first.text
        other = client.post("/api/v1/dossiers", json=_body(), headers=auth | _with("secret-b", KEY))
        assert other.status_code == 409, other.text
        assert other.json()["code"] == "idempotency_conflict"
        assert _dossiers(twin, auth) == [first.json()["code"]]


def test_a_bare_key_replaced_in_the_config_cannot_double_a_dossier(tmp_path: Path) -> None:
    """Rotating by editing the config names a new kiosk: its retry is refused, not filed again."""
    db = tmp_path / "b.sqlite"
    app = make_app(db, kiosk_keys=("old-secret",))
    with SyncAsgiClient(app, {"X-Kiosk-Key": "old-secret"}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        first = twin.submit(auth, KEY)
        assert first.status_code == 201
    app.state.backend.close()
    restarted = make_app(db, kiosk_keys=("new-secret",))
    with SyncAsgiClient(restarted, {"X-Kiosk-Key": "new-secret"}) as client:
        twin = BackendDriver(client)
        retry = twin.submit(auth, KEY)
        assert retry.status_code in (200, 409), retry.text
        assert _dossiers(twin, auth) == [first.json()["code"]]
    restarted.state.backend.close()


def _with(kiosk_key: str, key: str) -> dict[str, str]:
    return {"X-Kiosk-Key": kiosk_key, "Idempotency-Key": key}


def _body() -> dict[str, object]:
    from tests.support.backend import dossier_body

    return dossier_body()
