"""Property-based API test: schemathesis over the committed openapi.json against the ASGI app.

Bounded (a few examples per operation). Checks: no 5xx, and every answer matches the schema
(status code documented, body valid). Requests carry a valid kiosk key and citizen token, so
generated data gets past authentication; the control routes that would heal or break the whole
world (faults, reset, clock) are left out, everything else is exercised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from mocks.backend.openapi import OPENAPI_PATH
from tests.support.backend import KIOSK_KEY, BackendDriver, SyncAsgiClient, make_app

schema = schemathesis.openapi.from_path(OPENAPI_PATH).exclude(path_regex=r"^/control/(faults|reset|clock)")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    app = make_app(tmp_path_factory.mktemp("schemathesis") / "db.sqlite")
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        twin.submit(auth)
    yield app, {"X-Kiosk-Key": KIOSK_KEY, **auth}
    app.state.backend.close()


@schema.parametrize()
@settings(
    max_examples=6, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any], world: tuple[Any, dict[str, str]]) -> None:
    app, headers = world
    response = case.call(app=app, headers=headers)
    case.validate_response(
        response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
