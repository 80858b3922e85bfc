"""Clock arithmetic of a scenario: minutes since its start, opening intervals, arrival-rate segments.

The model runs in minutes from ``start_date`` 00:00. Holidays close everything (the building is
shut); weekday and month factors scale demand; a scalar arrival rate applies during counter hours,
a 24-value profile by clock hour (so after-hours kiosk demand can be described).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.config import Demand, Scenario, Site

__all__ = ["DAY", "Calendar", "Intervals", "merge"]

DAY = 1440.0


def merge(segments: Iterable[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Join touching segments of equal rate (a 24-hour constant rate becomes one segment)."""
    out: list[tuple[float, float, float]] = []
    for start, end, rate in segments:
        if rate <= 0 or end <= start:
            continue
        if out and out[-1][1] == start and out[-1][2] == rate:
            out[-1] = (out[-1][0], end, rate)
        else:
            out.append((start, end, rate))
    return out


@dataclass(frozen=True, slots=True)
class Intervals:
    """Sorted, disjoint [start, end) intervals with a fast membership test."""

    starts: tuple[float, ...]
    ends: tuple[float, ...]
    before: tuple[float, ...] = ()  # open minutes before each interval (prefix sums, for open_until)

    @classmethod
    def of(cls, pairs: Sequence[tuple[float, float]]) -> Intervals:
        merged = merge((a, b, 1.0) for a, b in pairs)
        before, acc = [], 0.0
        for a, b, _ in merged:
            before.append(acc)
            acc += b - a
        return cls(tuple(a for a, _, _ in merged), tuple(b for _, b, _ in merged), tuple(before))

    def open_until(self, t: float) -> float:
        """Open minutes in (-inf, t): open_until(b) - open_until(a) is the open time in [a, b)."""
        i = bisect.bisect_right(self.starts, t) - 1
        return 0.0 if i < 0 else self.before[i] + min(t, self.ends[i]) - self.starts[i]

    def contains(self, t: float) -> bool:
        i = bisect.bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def next_start(self, t: float) -> float:
        """The first opening at or after t (t itself when open), inf when none is left."""
        if self.contains(t):
            return t
        i = bisect.bisect_right(self.starts, t)
        return self.starts[i] if i < len(self.starts) else math.inf

    def total(self, lo: float, hi: float) -> float:
        return sum(max(0.0, min(b, hi) - max(a, lo)) for a, b in zip(self.starts, self.ends, strict=True))

    def gaps(self, lo: float, hi: float) -> list[tuple[float, float]]:
        """The complement within [lo, hi): when the counters are closed."""
        out, t = [], lo
        for a, b in zip(self.starts, self.ends, strict=True):
            if a > t:
                out.append((t, min(a, hi)))
            t = max(t, b)
        if t < hi:
            out.append((t, hi))
        return [(a, b) for a, b in out if b > a]


class Calendar:
    """Opening intervals and arrival segments are worked out once per distinct input: the 61
    communes of the rollout share their hours and demand, and laying them out over every hour of
    the horizon cost a tenth of a replication when done per site."""

    def __init__(self, scenario: Scenario, days: int) -> None:
        self.scenario = scenario
        self.days = days
        self.dates = [scenario.start_date + dt.timedelta(days=d) for d in range(days)]
        self._cache: dict[Hashable, Any] = {}

    @property
    def horizon(self) -> float:
        return self.days * DAY

    def demand_factor(self, day: int, demand: Demand | None = None) -> float:
        date = self.dates[day]
        if date in self.scenario.holidays:
            return 0.0
        factors = (demand.weekday_factors if demand else None) or self.scenario.weekday_factors
        return factors[date.weekday()] * self.scenario.month_factors.get(date.month, 1.0)

    def _by_day(self, weekly: Sequence[Sequence[tuple[float, float]]]) -> Intervals:
        """Per-weekday opening intervals laid out over the horizon; holidays close everything."""
        key = ("hours", tuple(tuple(day) for day in weekly))
        if key not in self._cache:
            self._cache[key] = self._lay_out(weekly)
        result: Intervals = self._cache[key]
        return result

    def _lay_out(self, weekly: Sequence[Sequence[tuple[float, float]]]) -> Intervals:
        holidays = self.scenario.holidays
        return Intervals.of(
            [
                (d * DAY + a, d * DAY + b)
                for d, date in enumerate(self.dates)
                if date not in holidays
                for a, b in weekly[date.weekday()]
            ]
        )

    def counter_open(self, site: Site) -> Intervals:
        return self._by_day(site.day_hours)

    def kiosk_open(self, site: Site) -> Intervals:
        return self._by_day(site.kiosk_day_hours)

    def ticket_open(self, site: Site) -> Intervals:
        """When the ticket machine issues numbers: counter hours less the last-ticket margins."""
        lunch, close = site.last_ticket
        if lunch == close == 0:
            return self.counter_open(site)
        weekly = [
            tuple(
                (a, b - (close if i == len(day) - 1 else lunch))
                for i, (a, b) in enumerate(day)
                if b - (close if i == len(day) - 1 else lunch) > a
            )
            for day in site.day_hours
        ]
        return self._by_day(weekly)

    def arrival_segments(self, site: Site, demand: Demand) -> list[tuple[float, float, float]]:
        """(start, end, rate per minute) pieces of the non-homogeneous Poisson arrival rate."""
        day_hourly = tuple(sorted(demand.day_hourly.items())) if demand.day_hourly else None
        key = ("arrivals", site.day_hours, demand.hourly, demand.rate, demand.weekday_factors, day_hourly)
        if key not in self._cache:
            self._cache[key] = self._segments(site, demand)
        result: list[tuple[float, float, float]] = self._cache[key]
        return list(result)  # a copy: callers own their list

    def _segments(self, site: Site, demand: Demand) -> list[tuple[float, float, float]]:
        segs: list[tuple[float, float, float]] = []
        day_hourly = demand.day_hourly or {}
        for d in range(self.days):
            f = self.demand_factor(d, demand)
            if f <= 0:
                continue
            base, weekday = d * DAY, self.dates[d].weekday()
            hourly = day_hourly.get(weekday, demand.hourly)
            if hourly is None:
                segs.extend((base + a, base + b, demand.rate * f / 60) for a, b in site.day_hours[weekday])
            else:
                segs.extend((base + h * 60, base + h * 60 + 60, r * f / 60) for h, r in enumerate(hourly))
        return merge(segs)

    def awareness(self, week: float) -> float:
        b = self.scenario.behaviour
        return b.awareness_max - (b.awareness_max - b.awareness_start) * math.exp(-week / b.awareness_weeks)
