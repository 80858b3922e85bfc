"""Integrity: a supplement request is answered once, however many answers race for it.

Eight answers to one request, at the same moment, give one 200 and seven 409
``supplement_closed``: one set of papers stored, one "processing resumed" in the history. Tried
twice: against the store (eight threads calling ``dossiers.supply`` with the dossier each loaded
before any answer, as eight route handlers would hold it) and through the app (eight requests in
flight at once on the ASGI server's thread pool, all past their check before any writes, on a
real SQLite file).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from mocks.backend import attachments, dossiers
from mocks.backend.errors import ConflictError
from reference_kiosk.api import Attachment
from tests.support.backend import KIOSK_KEY, BackendDriver, SocketLikeASGITransport, attachment

ANSWERS = 8


def _requested(twin: BackendDriver) -> tuple[dict[str, str], str, dict[str, Any]]:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    forced = twin.client.post(f"/control/dossiers/{code}/status", json={"status": 5}).json()
    return auth, code, forced["supplement_requests"][0]


def _stored(app: FastAPI, code: str) -> tuple[int, int]:
    """(supplement attachments stored, "processing resumed" history entries) of the dossier."""
    with app.state.backend.store.read() as conn:
        files = conn.execute(
            "SELECT COUNT(*) FROM attachments WHERE dossier_code = ? AND supplement_id IS NOT NULL", (code,)
        ).fetchone()[0]
        resumed = conn.execute(
            "SELECT COUNT(*) FROM history WHERE dossier_code = ? AND action = 'processing resumed'", (code,)
        ).fetchone()[0]
    return int(files), int(resumed)


def test_eight_racing_answers_on_the_store_decide_once(app: FastAPI, twin: BackendDriver) -> None:
    _auth, code, request = _requested(twin)
    backend = app.state.backend
    # Each handler holds the dossier as it was loaded before any answer landed.
    with backend.store.read() as conn:
        seen = dossiers.load(conn, code)
    assert seen is not None
    papers = [Attachment.model_validate(attachment(doc)) for doc in request["documents"]]
    start = threading.Barrier(ANSWERS)
    outcomes: list[str] = []

    def answer() -> None:
        start.wait()
        try:
            dossiers.supply(backend, seen, request["id"], papers)
            outcomes.append("ok")
        except ConflictError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=answer) for _ in range(ANSWERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(outcomes) == {"ok": 1, "supplement_closed": ANSWERS - 1}
    assert _stored(app, code) == (len(papers), 1)


def test_eight_parallel_answers_through_the_app_give_one_200(
    app: FastAPI, twin: BackendDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, code, request = _requested(twin)
    papers = [attachment(doc) for doc in request["documents"]]
    # All eight handlers meet while their papers are decoded, so all are in flight at once.
    meet = threading.Barrier(ANSWERS, timeout=30)
    decode = attachments.decode_attachments

    def decode_together(*args: Any, **kwargs: Any) -> Any:
        meet.wait()
        return decode(*args, **kwargs)

    monkeypatch.setattr("mocks.backend.dossiers.decode_attachments", decode_together)
    url = f"/api/v1/dossiers/{code}/supplements/{request['id']}"

    async def race() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            transport=SocketLikeASGITransport(app=app),
            base_url="http://backend.test",
            headers={"X-Kiosk-Key": KIOSK_KEY} | auth,
        ) as client:
            return await asyncio.gather(*(client.post(url, json=papers) for _ in range(ANSWERS)))

    answers = asyncio.run(race())
    assert Counter(a.status_code for a in answers) == {200: 1, 409: ANSWERS - 1}
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"supplement_closed"}
    assert _stored(app, code) == (len(papers), 1)
