"""HTTP answers a client can rely on: a 405 says which methods the path takes (RFC 9110 15.5.6)."""

from __future__ import annotations

import pytest

from tests.support.backend import SyncAsgiClient

WRONG_METHODS = [
    ("PUT", "/api/v1/dossiers/lookup", {"POST"}),
    ("DELETE", "/api/v1/dossiers", {"GET", "POST"}),
    ("PUT", "/control/reset", {"POST"}),
    ("POST", "/healthz", {"GET"}),
]


@pytest.mark.parametrize(("method", "path", "allowed"), WRONG_METHODS)
def test_405_carries_allow_and_a_problem_body(
    client: SyncAsgiClient, method: str, path: str, allowed: set[str]
) -> None:
    answer = client.request(method, path)
    assert answer.status_code == 405
    assert {m.strip() for m in answer.headers.get("allow", "").split(",")} >= allowed
    assert answer.json()["code"] == "method_not_allowed"
