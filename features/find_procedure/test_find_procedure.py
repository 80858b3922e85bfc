"""Steps of the find-a-procedure feature (backend faults come from the shared vocabulary)."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios

from features.support.twin import Twin

scenarios("find_procedure.feature")


@given(parsers.parse('hệ thống tỉnh quá thời gian chờ khi "{route}"'))
def _(twin: Twin, route: str) -> None:
    twin.control.backend.time_out(twin.route(route))
