"""Simulated officials move dossiers along the world clock, deterministically for a seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mocks.backend.settings import OfficialsSettings
from tests.support.backend import (
    CITIZEN_A,
    KIOSK_KEY,
    BackendDriver,
    SyncAsgiClient,
    dossier_body,
    free_dossier_body,
    make_app,
)


def _run(
    db: Path, officials: OfficialsSettings, body: dict[str, Any] | None = None, days: int = 12
) -> list[Any]:
    """Submit one dossier, let ``days`` of world time pass hour by hour; its history (status, actor)."""
    app = make_app(db, officials=officials)
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        code = twin.submit(twin.login(), body=body).json()["code"]
        for _ in range(days):
            twin.advance(24 * 3600)
        dossier = client.post(
            "/api/v1/dossiers/lookup", json={"code": code, "id_number": CITIZEN_A["id_number"]}
        ).json()
    app.state.backend.close()
    return [(h["to_status"], h["actor"]) for h in dossier["history"]]


def test_a_free_dossier_goes_all_the_way_to_returned(tmp_path: Path) -> None:
    app = make_app(tmp_path / "p.sqlite")
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        free = free_dossier_body(client)
    app.state.backend.close()
    history = _run(tmp_path / "a.sqlite", OfficialsSettings(p_supplement=0.0, p_payment=0.0), free)
    assert history == [
        (1, "kiosk"),
        (2, "one_stop_desk"),
        (4, "official"),
        (9, "official"),
        (10, "one_stop_desk"),
    ]


def test_an_unpaid_fee_stops_at_payment_requested(tmp_path: Path) -> None:
    history = _run(tmp_path / "b.sqlite", OfficialsSettings(p_supplement=0.0))
    assert history[-1] == (6, "official")


def test_supplement_probability_one_always_asks_for_papers(tmp_path: Path) -> None:
    free = OfficialsSettings(p_supplement=1.0)
    body = dossier_body()
    app = make_app(tmp_path / "c.sqlite", officials=free)
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        code = twin.submit(auth, body=body).json()["code"]
        payment = client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
        client.post(f"/control/payments/{payment['id']}/confirm")
        twin.advance(3 * 3600)
        dossier = client.get(f"/api/v1/dossiers/{code}", headers=twin.login()).json()
    app.state.backend.close()
    assert dossier["status"] == 5
    assert dossier["supplement_requests"][0]["documents"][0] in {"CT01", "GT_CHO_O"}


def test_the_same_seed_replays_the_same_fates(tmp_path: Path) -> None:
    def fates(seed: int, tag: str) -> list[int]:
        app = make_app(tmp_path / f"{tag}.sqlite", officials=OfficialsSettings(seed=seed, p_reject=0.5))
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            twin = BackendDriver(client)
            auth = twin.login()
            codes = [twin.submit(auth).json()["code"] for _ in range(8)]
            twin.advance(3600)
            auth = twin.login()
            statuses = [client.get(f"/api/v1/dossiers/{c}", headers=auth).json()["status"] for c in codes]
        app.state.backend.close()
        return statuses

    first, again, other = fates(7, "a"), fates(7, "b"), fates(8, "c")
    assert first == again
    # exact-seed regression: each dossier's fate is drawn from Random(f"{seed}:{code}:reject")
    assert first == [3, 3, 2, 3, 3, 2, 3, 2]
    assert other == [3, 2, 2, 2, 2, 2, 2, 3]
