"""Replications over a grid of scenario variants through any ``concurrent.futures.Executor``.

Each grid point is the scenario with some keys overridden (validated like a file). Replication r
of every point uses the same random streams (common random numbers), so differences between points
are measured pairwise, replication by replication, with much tighter intervals than separate runs.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass

from simulator.config import Scenario, load_scenario
from simulator.errors import SweepError, TargetError
from simulator.metrics import aggregate, mean_half_width, metric_names
from simulator.run import TOTAL, run_replication

__all__ = ["Point", "SweepResult", "Target", "check_target", "parse_grid", "parse_target", "run_sweep"]

Metrics = dict[str, dict[str, float]]
ALL_SITES = "*"  # a target on every site: "*:kiosk_wait_p90_min<10"
SHOWN = "counter_wait_p90_min"  # the metric shown (province-wide) when a sweep has no target


def _value(text: str) -> object:
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def parse_grid(items: Sequence[str]) -> list[tuple[str, list[object]]]:
    grid = []
    for item in items:
        key, sep, values = item.partition("=")
        if not sep or not key.strip() or not values.strip():
            raise SweepError(f"grid entry {item!r} is not key=v1,v2,...")
        grid.append((key.strip(), [_value(v.strip()) for v in values.split(",")]))
    return grid


@dataclass(frozen=True, slots=True)
class Target:
    metric: str
    op: str
    value: float
    site: str = TOTAL

    def met(self, mean: float, half_width: float) -> bool:
        """Conservative: the whole 95% interval must be on the right side of the threshold."""
        if math.isnan(mean):
            return False
        hw = 0.0 if math.isnan(half_width) else half_width
        return mean + hw < self.value if self.op == "<" else mean - hw > self.value

    def __str__(self) -> str:
        where = "" if self.site == TOTAL else f"{self.site}:"
        return f"{where}{self.metric}{self.op}{self.value:g}"


def parse_target(text: str) -> Target:
    m = re.fullmatch(r"\s*(?:([\w.*-]+):)?(\w+)\s*([<>])\s*([-+0-9.eE]+)\s*", text)
    if m is None:
        raise SweepError(f"target {text!r} is not [site:]metric<value or metric>value")
    return Target(m.group(2), m.group(3), float(m.group(4)), m.group(1) or TOTAL)


def check_target(target: Target, scenario: Scenario) -> None:
    """Refuse a target naming a site or metric the scenario does not have, before any computing."""
    sites = [s.id for s in scenario.sites]
    if target.site not in (TOTAL, ALL_SITES, *sites):
        shown = ", ".join(sites[:8]) + (", ..." if len(sites) > 8 else "")
        raise TargetError(f"target {target}: no site {target.site!r} in {scenario.name} (sites: {shown})")
    names = metric_names(scenario)
    if target.metric not in names:
        raise TargetError(f"target {target}: no metric {target.metric!r}; metrics: {', '.join(names)}")


@dataclass(frozen=True, slots=True)
class Point:
    index: int
    overrides: Mapping[str, object]
    cost: int  # counters + kiosks + helpers over all sites: what "smallest" means

    def label(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.overrides.items()) or "(base)"


@dataclass(frozen=True, slots=True)
class SweepResult:
    scenario: str
    points: list[Point]
    per_rep: dict[int, list[Metrics]]  # point index -> metrics of each replication, in order
    target: Target | None

    def summary(self, index: int) -> dict[str, dict[str, dict[str, float]]]:
        return aggregate(self.per_rep[index])

    def paired_difference(self, index: int, metric: str, site: str = TOTAL) -> tuple[float, float]:
        """Mean and half-width of (point - base) over replications sharing random numbers."""
        base, other = self.per_rep[0], self.per_rep[index]
        return mean_half_width([o[site][metric] - b[site][metric] for o, b in zip(other, base, strict=True)])

    def target_cell(self, index: int) -> dict[str, float]:
        """The target metric at the target site; for site ``*`` the worst site (all must meet it)."""
        t = self.target or Target(SHOWN, "<", math.inf)
        summary = self.summary(index)
        if t.site != ALL_SITES:
            return _cell(summary, t.site, t.metric)
        cells = [_cell(summary, s, t.metric) for s in summary if s != TOTAL]
        cells = [c for c in cells if not math.isnan(c["mean"])] or cells
        sign = 1 if t.op == "<" else -1
        return max(cells, key=lambda c: sign * (c["mean"] + sign * _zero(c["half_width"])))

    def shown(self) -> str:
        """What target_cell measures, e.g. ``*:counter_wait_p90_min``."""
        t = self.target or Target(SHOWN, "<", math.inf)
        return f"{t.site}:{t.metric}"

    def meets(self, index: int) -> bool:
        return self.target is not None and self.target.met(**self.target_cell(index))

    def smallest_meeting_target(self) -> Point | None:
        ok = [p for p in self.points if self.meets(p.index)]
        return min(ok, key=operator.attrgetter("cost")) if ok else None


def _zero(x: float) -> float:
    return 0.0 if math.isnan(x) else x


def _cell(
    summary: Mapping[str, Mapping[str, Mapping[str, float]]], site: str, metric: str
) -> dict[str, float]:
    try:
        v = summary[site][metric]
    except KeyError:
        raise SweepError(f"no metric {metric!r} for {site!r}") from None
    return {"mean": v["mean"], "half_width": v["half_width"]}


def _cost(s: Scenario) -> int:
    return sum(sum(site.counters.values()) + site.kiosks + site.helpers for site in s.sites)


def _task(args: tuple[int, Scenario, int, int | None]) -> tuple[int, int, Metrics]:
    index, scenario, rep, days = args
    return index, rep, run_replication(scenario, rep, days, keep_records=False).metrics


def run_sweep(
    scenario_name: str,
    grid: Sequence[tuple[str, list[object]]],
    executor: Executor,
    replications: int | None = None,
    days: int | None = None,
    target: Target | None = None,
    progress: Callable[[], None] | None = None,
    base_overrides: Mapping[str, object] | None = None,
) -> SweepResult:
    """Every grid point is loaded and checked (with the target) before the first replication runs."""
    keys = [k for k, _ in grid]
    combos = list(itertools.product(*(values for _, values in grid))) or [()]
    scenarios, points = [], []
    for i, combo in enumerate(combos):
        overrides = dict(zip(keys, combo, strict=True))
        s = load_scenario(scenario_name, {**(base_overrides or {}), **overrides})
        if target is not None:
            check_target(target, s)
        scenarios.append(s)
        points.append(Point(i, overrides, _cost(s)))
    reps = replications or scenarios[0].replications
    futures = [executor.submit(_task, (i, s, r, days)) for i, s in enumerate(scenarios) for r in range(reps)]
    per_rep: dict[int, list[Metrics | None]] = {p.index: [None] * reps for p in points}
    for fut in as_completed(futures):
        index, rep, metrics = fut.result()
        per_rep[index][rep] = metrics
        if progress is not None:
            progress()
    done = {i: [m for m in ms if m is not None] for i, ms in per_rep.items()}
    return SweepResult(scenarios[0].name, points, done, target)
