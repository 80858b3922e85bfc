"""The "drop" lost-response fault on a real socket: uvicorn closes the connection after the commit.

Uvicorn answers 500 itself when an app raises before ``http.response.start``; the fault middleware
therefore sends the head and raises instead of the body, and the peer sees the socket close early.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from mocks.world import WorldOptions, start_world
from reference_kiosk import api
from reference_kiosk.backend import HttpProvincialBackend, ResponseLostError, RetryPolicy
from tests.support.backend import CITIZEN_A, dossier_body

pytestmark = pytest.mark.integration

DROP = {"route": "POST /api/v1/dossiers", "lost_response_mode": "drop"}


class NoWait:
    async def __call__(self, seconds: float) -> None:
        return None


async def _token(control: httpx.AsyncClient, key: str) -> str:
    (await control.post("/control/citizens", json=CITIZEN_A)).raise_for_status()
    headers = {"X-Kiosk-Key": key}
    session = (await control.post("/api/v1/auth/vneid/sessions", headers=headers)).json()
    approve = await control.post(
        f"/control/vneid/{session['id']}/approve", json={"id_number": CITIZEN_A["id_number"]}
    )
    approve.raise_for_status()
    poll = await control.get(f"/api/v1/auth/vneid/sessions/{session['id']}", headers=headers)
    return str(poll.json()["token"])


async def _journey(url: str, key: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=url) as control:
        token = await _token(control, key)
        auth = {"X-Kiosk-Key": key, "Authorization": f"Bearer {token}"}
        plan = {"seed": 1, "rules": [DROP | {"lost_response_rate": 1.0}]}
        (await control.put("/control/faults", json=plan)).raise_for_status()
        with pytest.raises(httpx.RemoteProtocolError):  # the raw wire: the peer closed mid-answer
            await control.post(
                "/api/v1/dossiers", json=dossier_body(), headers=auth | {"Idempotency-Key": "k1"}
            )
        client = HttpProvincialBackend(url, key, retry=RetryPolicy(attempts=2), sleep=NoWait())
        async with client:
            body = api.DossierCreate.model_validate(dossier_body())
            with pytest.raises(ResponseLostError):  # both attempts dropped: the outcome is unknown
                await client.submit_dossier(token, body, "k1")
            seed4 = {"seed": 4, "rules": [DROP | {"lost_response_rate": 0.5}]}  # dropped once, then answered
            (await control.put("/control/faults", json=seed4)).raise_for_status()
            before = client.attempts
            dossier = await client.submit_dossier(token, body, "k2")
            attempts = client.attempts - before
            found = await client.lookup_dossier(dossier.code, CITIZEN_A["id_number"])
            mine = await client.list_dossiers(token)
    return {"attempts": attempts, "codes": [d.code for d in mine.items], "dossier": dossier.code,
            "found": found.code}  # fmt: skip


def test_a_dropped_connection_under_uvicorn_is_retried_into_the_same_dossier(tmp_path: Path) -> None:
    with start_world("uvicorn", tmp_path, options=WorldOptions(log_level="debug")) as world:
        seen = asyncio.run(_journey(world.url, world.kiosk_key))
        assert world.backend is not None
        log = world.backend.log.read_text(encoding="utf-8")
    assert seen["attempts"] == 2
    assert seen["found"] == seen["dossier"]
    # k1 committed once (however many drops), k2 once: two dossiers, never a third
    assert len(seen["codes"]) == 2
    assert seen["dossier"] in seen["codes"]
    assert "ConnectionDroppedError" in log  # uvicorn logged the injected fault and closed the socket
    assert CITIZEN_A["id_number"] not in log
