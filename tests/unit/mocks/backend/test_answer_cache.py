"""The catalogue's answer cache (mocks/backend/answer_cache.py): the same bytes as the app, per
path and query, bounded, and never a way round the kiosk key, the faults or a changed catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mocks.backend.answer_cache import AnswerCache
from mocks.backend.catalogue import Catalogue
from tests.support.backend import KIOSK_ID, KIOSK_KEY, SyncAsgiClient, make_app

# Searches, pages of one search, filters, browsing, the other catalogue lists and a detail.
PATHS = (
    "/api/v1/procedures?q=thuong%20tru",
    "/api/v1/procedures?q=thuong%20tru&offset=20",
    "/api/v1/procedures?q=thuong%20tru&offset=5&limit=3",
    "/api/v1/procedures?q=thuong+tru&limit=3",
    "/api/v1/procedures?q=dang%20ky&level=commune",
    "/api/v1/procedures?q=khai%20sinh&limit=1",
    "/api/v1/procedures",
    "/api/v1/procedures?offset=40&limit=100",
    "/api/v1/procedures/1.004222",
    "/api/v1/fields",
    "/api/v1/agencies",
    "/api/v1/sites",
)


def _app(db: Path, max_bytes: int | None = None) -> FastAPI:
    app = make_app(db)
    if max_bytes is not None:
        app.state.answer_cache.max_bytes = max_bytes
    return app


@pytest.fixture
def apps(tmp_path: Path) -> Iterator[tuple[SyncAsgiClient, SyncAsgiClient, AnswerCache]]:
    """A backend with its cache, and one whose cache keeps nothing (every answer from the app)."""
    cached, uncached = _app(tmp_path / "a.sqlite"), _app(tmp_path / "b.sqlite", max_bytes=0)
    headers = {"X-Kiosk-Key": KIOSK_KEY}
    with SyncAsgiClient(cached, headers=headers) as a, SyncAsgiClient(uncached, headers=headers) as b:
        yield a, b, cached.state.answer_cache
    cached.state.backend.close()
    uncached.state.backend.close()


def _same(one: httpx.Response, other: httpx.Response) -> None:
    assert one.status_code == other.status_code == 200, one.text
    assert one.content == other.content
    assert one.headers.multi_items() == other.headers.multi_items()


def test_repeated_answers_come_from_the_cache_and_equal_the_apps(
    apps: tuple[SyncAsgiClient, SyncAsgiClient, AnswerCache],
) -> None:
    cached, uncached, cache = apps
    for _ in range(3):
        for path in PATHS:
            _same(cached.get(path), uncached.get(path))
    assert cache.hits == 2 * len(PATHS)  # the first round filled it
    assert len(cache) == len(PATHS)


def test_each_query_offset_and_limit_has_its_own_answer(
    apps: tuple[SyncAsgiClient, SyncAsgiClient, AnswerCache],
) -> None:
    cached, _, _ = apps
    for path in PATHS:
        cached.get(path)
    pages = {path: cached.get(path).content for path in PATHS}
    assert len(set(pages.values())) == len(PATHS)
    first, second = (cached.get(f"/api/v1/procedures?q=dang%20ky&offset={o}&limit=5").json() for o in (0, 5))
    again = cached.get("/api/v1/procedures?q=dang%20ky&offset=0&limit=10").json()
    assert (first["offset"], second["offset"], len(first["items"]), len(again["items"])) == (0, 5, 5, 10)
    assert again["items"] == first["items"] + second["items"]


def test_the_cache_stays_within_its_bytes_and_forgets_the_least_recently_used(tmp_path: Path) -> None:
    app = _app(tmp_path / "backend.sqlite", max_bytes=40_000)
    cache: AnswerCache = app.state.answer_cache
    reference = _app(tmp_path / "reference.sqlite", max_bytes=0)
    headers = {"X-Kiosk-Key": KIOSK_KEY}
    with SyncAsgiClient(app, headers=headers) as client, SyncAsgiClient(reference, headers=headers) as ref:
        paths = [f"/api/v1/procedures?offset={i * 3}&limit=10" for i in range(30)]  # ~5 KB each
        for path in paths:
            client.get(path)
            client.get(paths[0])  # used every time: never the least recently used
            assert cache.bytes <= cache.max_bytes
        assert 3 <= len(cache) < len(paths)
        hits = cache.hits
        _same(client.get(paths[0]), ref.get(paths[0]))
        _same(client.get(paths[1]), ref.get(paths[1]))  # long forgotten: from the app again
        assert cache.hits == hits + 1
    app.state.backend.close()
    reference.state.backend.close()


def test_a_cached_answer_still_needs_a_live_kiosk_key(tmp_path: Path) -> None:
    app = _app(tmp_path / "backend.sqlite")
    path = PATHS[0]
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        assert client.get(path).status_code == 200
        assert client.get(path, headers={"X-Kiosk-Key": "wrong"}).status_code == 401
        assert client.get(path, headers={"X-Kiosk-Key": ""}).status_code == 401
        rotated = client.post(
            f"/control/kiosks/{KIOSK_ID}/keys", json={"key": "new-secret", "retire_others": True}
        )
        assert rotated.status_code == 200, rotated.text
        assert client.get(path).status_code == 401  # the retired key
        assert client.get(path, headers={"X-Kiosk-Key": "new-secret"}).status_code == 200
    with SyncAsgiClient(app) as anonymous:
        assert anonymous.get(path).status_code == 401
    app.state.backend.close()


def test_faults_apply_to_cached_answers(apps: tuple[SyncAsgiClient, SyncAsgiClient, AnswerCache]) -> None:
    cached, _, cache = apps
    cached.get(PATHS[0])
    rule = {"route": "GET /api/v1/procedures", "error_rate": 1.0, "status": 503}
    assert cached.put("/control/faults", json={"seed": 1, "rules": [rule]}).status_code == 200
    assert cached.get(PATHS[0]).status_code == 503
    assert cache.hits == 0


def test_a_replaced_catalogue_is_answered_afresh(tmp_path: Path) -> None:
    app = _app(tmp_path / "backend.sqlite")
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        assert client.get("/api/v1/procedures?limit=1").json()["total"] > 1
        state = app.state.backend
        one = state.catalogue.require("1.004222")
        state.catalogue = Catalogue([one], state.catalogue.fields())
        assert client.get("/api/v1/procedures?limit=1").json()["total"] == 1
    app.state.backend.close()


def test_errors_and_other_methods_are_not_kept(
    apps: tuple[SyncAsgiClient, SyncAsgiClient, AnswerCache],
) -> None:
    cached, _, cache = apps
    for _ in range(2):
        assert cached.get("/api/v1/procedures/9.999999").status_code == 404
        assert cached.get("/api/v1/procedures?limit=0").status_code == 422
        assert cached.get("/api/v1/procedures?q=%01").status_code == 422  # the app-wide text check
        assert cached.post("/api/v1/procedures", json={}).status_code == 405
    assert (len(cache), cache.hits) == (0, 0)
