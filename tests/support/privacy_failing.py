"""A pytest plugin that makes a logged-in scenario fail with the citizen's data in the message.

    pytest features -p tests.support.privacy_failing -k ...

The privacy audit uses it to prove that a failure report (terminal, cucumber JSON, HTML) masks the
persona the way a real assertion message would quote it (``assert ..., kiosk.texts()``).
"""

from __future__ import annotations

from typing import Any

import pytest

__all__ = ["pytest_bdd_before_step_call"]


def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    if step.type != "then" or "world" not in request.fixturenames:
        return
    world = request.getfixturevalue("world")
    if world.driver.app.flow.logged_in:
        who = world.citizen
        raise AssertionError(
            f"on screen {world.driver.screen_text()}; id {who.id_number}, dob {who.date_of_birth}"
        )
