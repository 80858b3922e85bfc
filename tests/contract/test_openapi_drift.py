"""The committed OpenAPI file (mocks/backend/openapi.json) must describe the app as it is.

When this fails after an intended API change, regenerate the file with
``.venv/bin/python -m mocks.backend.openapi`` and commit it with the change.
"""

from __future__ import annotations

import json

from mocks.backend.openapi import OPENAPI_PATH, current_schema, render

# The minimum contract: other tools rely on these.
CONTRACT = {
    ("get", "/api/v1/procedures"),
    ("get", "/api/v1/procedures/{code}"),
    ("post", "/api/v1/auth/vneid/sessions"),
    ("get", "/api/v1/auth/vneid/sessions/{session_id}"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/dossiers"),
    ("post", "/api/v1/dossiers"),
    ("get", "/api/v1/dossiers/{code}"),
    ("post", "/api/v1/dossiers/{code}/payments"),
    ("get", "/api/v1/payments/{payment_id}"),
    ("post", "/api/v1/dossiers/{code}/ratings"),
    ("post", "/control/vneid/{session_id}/approve"),
    ("post", "/control/payments/{payment_id}/confirm"),
    ("post", "/control/clock/advance"),
    ("put", "/control/faults"),
}


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert committed == json.loads(render(current_schema())), (
        "mocks/backend/openapi.json is stale: run .venv/bin/python -m mocks.backend.openapi"
    )


def test_the_minimum_contract_is_published() -> None:
    paths = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))["paths"]
    published = {(method, path) for path, ops in paths.items() for method in ops}
    assert published >= CONTRACT


def test_list_endpoints_answer_items_and_total() -> None:
    schemas = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))["components"]["schemas"]
    pages = [name for name in schemas if name.startswith("Page_")]
    assert pages
    for name in pages:
        assert set(schemas[name]["required"]) == {"items", "total"}


def test_a_vneid_request_hands_its_token_out_once_and_logout_is_documented() -> None:
    document = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert "consumed" in document["components"]["schemas"]["VneidStatus"]["enum"]
    logout = document["paths"]["/api/v1/auth/logout"]["post"]
    assert set(logout["responses"]) >= {"204", "401"}
