"""The staff and volunteer desk as scenarios use it: the backend's staff API, with the staff key.

Scenarios act as staff the way the ``/staff`` console does (``X-Staff-Key``), never through the
kiosk's key or the control API, so what they check is what a real console would see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from features.support.world import STAFF_KEY, World

__all__ = ["StaffDesk", "travel_to"]

_HEADERS = {"X-Staff-Key": STAFF_KEY}


class StaffDesk:
    def __init__(self, world: World) -> None:
        self._http = world.twin.backend.http

    def _call(self, method: str, url: str, body: Any = None) -> Any:
        answer = self._http.request(method, url, json=body, headers=_HEADERS)
        assert answer.status_code == 200, (method, url, answer.status_code, answer.text[:200])
        return answer.json()

    def open_calls(self) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = self._call("GET", "/api/v1/staff/help-calls")
        return calls

    def acknowledge(self, staff: str) -> None:
        [call] = self.open_calls()
        self._call("POST", f"/api/v1/staff/help-calls/{call['id']}/acknowledge", {"staff": staff})

    def close(self) -> None:
        [call] = self.open_calls()
        self._call("POST", f"/api/v1/staff/help-calls/{call['id']}/close", {})

    def kiosks(self) -> list[dict[str, Any]]:
        kiosks: list[dict[str, Any]] = self._call("GET", "/api/v1/kiosks")
        return kiosks


def travel_to(world: World, moment: dt.datetime) -> None:
    """The whole world (backend clock and kiosk clock) moves on to ``moment``, in one jump."""
    seconds = (moment - world.clock.now()).total_seconds()
    assert seconds >= 0, f"{moment} is before the world's {world.clock.now()}"
    world.twin.backend.advance_clock(seconds)
    world.clock.advance(seconds)
    world.driver.settle()
