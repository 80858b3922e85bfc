"""The helpers' rota by hand: who helps when, duties waiting for help and help waiting for duties."""

from __future__ import annotations

from typing import cast

from simulator.calendar import Intervals
from simulator.distributions import Stream
from simulator.helpers import Rota


class Draws:
    """A clock that hands out the given unit-exponential draws (gap, length, gap, length...)."""

    def __init__(self, *values: float) -> None:
        self.next = iter(values).__next__


def rota(*draws: float, hours: list[tuple[float, float]] | None = None, window: float = 1000.0) -> Rota:
    clock = cast(Stream, Draws(*draws)) if draws else None
    fraction = 0.5 if draws else 0.0  # 0.5: gaps average 20 minutes, like the duties
    return Rota([clock], fraction, Intervals.of(hours or [(0.0, 1000.0)]), 1000.0, (0.0, window))


def test_a_helper_without_duties_helps_first_come_first_served() -> None:
    r = rota()
    assert r.ask(5.0, patience=5.0, minutes=3.0) == 5.0
    assert r.ask(6.0, patience=5.0, minutes=3.0) == 8.0  # waits for the first help to end
    assert r.ask(7.0, patience=0.5, minutes=3.0) is None  # busy until 11: too long to wait
    assert r.ask(12.0, patience=0.5, minutes=1.0) == 12.0
    assert r.finish() == 0.0


def test_a_citizen_waits_for_the_helper_to_come_back_from_a_duty() -> None:
    r = rota(1.0, 0.5, 100.0, 1.0)  # a duty due at 20 lasting 10; the next after the horizon
    assert r.ask(25.0, patience=10.0, minutes=2.0) == 30.0
    assert r.ask(26.0, patience=3.0, minutes=2.0) is None  # busy helping until 32
    assert r.finish() == 10.0


def test_a_duty_that_falls_due_during_a_help_waits_for_it() -> None:
    r = rota(1.0, 0.5, 100.0, 1.0)
    assert r.ask(18.0, patience=5.0, minutes=4.0) == 18.0  # helping 18..22: the duty moves to 22..32
    assert r.ask(31.0, patience=5.0, minutes=1.0) == 32.0
    assert r.finish() == 10.0


def test_duties_fall_in_office_hours_and_count_only_inside_the_window() -> None:
    r = rota(1.0, 0.5, 100.0, 1.0, hours=[(0.0, 10.0), (100.0, 200.0)], window=50.0)
    assert r.ask(105.0, patience=10.0, minutes=1.0) == 110.0  # due at 20, at night: starts at 100
    assert r.finish() == 0.0  # started after the measured window
