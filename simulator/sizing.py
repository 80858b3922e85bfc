"""``kiosk-sim size``: per site, the cheapest kiosks, helpers and counters meeting every target.

Sites do not interact in the model (each has its own staff, queues and random streams), so each is
sized alone, as a one-site scenario, and the sites are spread over the executor. Per site, a greedy
marginal-cost search starts from the smallest configuration and adds the unit that removes the most
target shortfall per unit of cost, until the whole 95% interval of every target is on the right side;
then it drops any unit it can spare. All candidates share replications 0..R-1 (common random
numbers), so they are compared without noise between them; the answer is confirmed by a final run
on fresh replications R..2R-1, and the search goes on from there if that run disagrees.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from typing import Any

from simulator.config import Scenario, Site
from simulator.errors import SweepError
from simulator.metrics import aggregate
from simulator.run import run_replication
from simulator.sweep import ALL_SITES, Target

__all__ = [
    "DEFAULT_COSTS",
    "Knob",
    "SiteAnswer",
    "parse_costs",
    "parse_knobs",
    "size_scenario",
    "size_site",
]

KNOBS = ("kiosks", "helpers", "counters")
# Relative costs when --cost is not given (ASSUMPTION): a counter is a clerk and a desk, a kiosk a
# machine bought once and maintained, a helper a share of a civil servant's or volunteer's day.
DEFAULT_COSTS = {"counters": 3.0, "kiosks": 2.0, "helpers": 1.0}
DEFAULT_RANGES = {"kiosks": (1, 4), "helpers": (0, 4), "counters": (1, 8)}
MAX_CONFIRMATIONS = 3
Config = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Knob:
    """One thing to buy at a site: ``kiosks``, ``helpers`` or the counters of one pool."""

    name: str  # kiosks / helpers / counters.<pool>
    low: int
    high: int
    cost: float


def parse_knobs(text: str) -> dict[str, tuple[int, int]]:
    """``kiosks,helpers,counters`` or with ranges ``kiosks=1-3,helpers=0-2,counters``."""
    out: dict[str, tuple[int, int]] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        m = re.fullmatch(r"(\w+)(?:=(\d+)-(\d+))?", item)
        if m is None or m.group(1) not in KNOBS:
            raise SweepError(
                f"knob {item!r}: use {', '.join(KNOBS)}, optionally with a range like kiosks=1-3"
            )
        lo, hi = (int(m.group(2)), int(m.group(3))) if m.group(2) else DEFAULT_RANGES[m.group(1)]
        if not 0 <= lo <= hi <= 100 or (m.group(1) == "counters" and lo < 1):
            raise SweepError(
                f"knob {item!r}: the range must be low-high with 0 <= low <= high <= 100 (counters >= 1)"
            )
        out[m.group(1)] = (lo, hi)
    if not out:
        raise SweepError("--knobs needs at least one of kiosks, helpers, counters")
    return out


def parse_costs(text: str | None) -> dict[str, float]:
    costs = dict(DEFAULT_COSTS)
    for item in filter(None, (p.strip() for p in (text or "").split(","))):
        name, sep, value = item.partition("=")
        try:
            cost = float(value)
        except ValueError:
            cost = math.nan
        if not sep or name not in KNOBS or not cost > 0:
            raise SweepError(f"cost {item!r}: use kiosks=K,helpers=H,counters=C with positive numbers")
        costs[name] = cost
    return costs


def _knobs(site: Site, ranges: Mapping[str, tuple[int, int]], costs: Mapping[str, float]) -> list[Knob]:
    knobs = [Knob(n, *ranges[n], costs[n]) for n in ("kiosks", "helpers") if n in ranges]
    if "counters" in ranges:
        knobs += [Knob(f"counters.{pool}", *ranges["counters"], costs["counters"]) for pool in site.counters]
    return knobs


def _current(site: Site, knobs: Sequence[Knob]) -> Config:
    return tuple(_get(site, k.name) for k in knobs)


def _get(site: Site, name: str) -> int:
    return site.counters[name.split(".", 1)[1]] if name.startswith("counters.") else int(getattr(site, name))


def _apply(site: Site, knobs: Sequence[Knob], config: Config) -> Site:
    changes: dict[str, Any] = {}
    counters = dict(site.counters)
    for knob, value in zip(knobs, config, strict=True):
        if knob.name.startswith("counters."):
            counters[knob.name.split(".", 1)[1]] = value
        else:
            changes[knob.name] = value
    return dataclasses.replace(site, counters=counters, **changes)


def _cost(knobs: Sequence[Knob], config: Config) -> float:
    return sum(k.cost * v for k, v in zip(knobs, config, strict=True))


@dataclass(frozen=True, slots=True)
class SiteAnswer:
    site: str
    knobs: tuple[str, ...]
    current: Config
    chosen: Config  # the cheapest found meeting every target (or the best tried, when none did)
    cost: float
    current_cost: float
    met: bool  # on the search replications
    confirmed: bool  # on fresh replications as well
    metrics: dict[str, dict[str, float]]  # target metrics (and why-metrics) on the confirming run
    evaluations: int

    def config(self) -> dict[str, int]:
        return dict(zip(self.knobs, self.chosen, strict=True))


WHY = ("counter_wait_p90_min", "counter_wait_p90_closure_min", "utilisation_counters", "kiosk_wait_min")


class _Search:
    """Evaluations of one site's configurations on a block of replications, cached."""

    def __init__(
        self,
        scenario: Scenario,
        site: Site,
        knobs: list[Knob],
        targets: list[Target],
        reps: int,
        days: int | None,
    ) -> None:
        self.scenario, self.site, self.knobs, self.targets = scenario, site, knobs, targets
        self.reps, self.days = reps, days
        self.cache: dict[tuple[Config, int], dict[str, dict[str, float]]] = {}

    def summary(self, config: Config, block: int = 0) -> dict[str, dict[str, float]]:
        key = (config, block)
        if key not in self.cache:
            site = _apply(self.site, self.knobs, config)
            one = dataclasses.replace(self.scenario, sites=(site,))
            first = block * self.reps
            per_rep = [
                run_replication(one, r, self.days, keep_records=False).metrics
                for r in range(first, first + self.reps)
            ]
            self.cache[key] = aggregate(per_rep)[site.id]
        return self.cache[key]

    def shortfall(self, config: Config, block: int = 0) -> float:
        """How far the worst ends of the 95% intervals are from the targets (0: all met)."""
        s = self.summary(config, block)
        total = 0.0
        for t in self.targets:
            cell = s.get(t.metric, {"mean": math.nan, "half_width": math.nan})
            mean, hw = cell["mean"], 0.0 if math.isnan(cell["half_width"]) else cell["half_width"]
            if math.isnan(mean):
                total += 10.0  # e.g. a kiosk metric with no kiosk: far from met
                continue
            scale = max(abs(t.value), 1e-9)
            gap = (mean + hw - t.value) if t.op == "<" else (t.value - (mean - hw))
            total += max(0.0, gap / scale) + (1e-6 if gap >= 0 else 0.0)  # touching is not meeting
        return total

    def climb(self, config: Config, block: int) -> Config | None:
        """Add units, best shortfall removed per unit cost first, until met; None if stuck."""
        while (now := self.shortfall(config, block)) > 0:
            best, best_gain = None, 0.0
            for i, k in enumerate(self.knobs):
                if config[i] < k.high:
                    cand = (*config[:i], config[i] + 1, *config[i + 1 :])
                    gain = (now - self.shortfall(cand, block)) / k.cost
                    if gain > best_gain:
                        best, best_gain = cand, gain
            if best is None:
                return None
            config = best
        return config

    def trim(self, config: Config, block: int) -> Config:
        """Drop units (dearest first) while every target stays met."""
        order = sorted(range(len(self.knobs)), key=lambda i: -self.knobs[i].cost)
        changed = True
        while changed:
            changed = False
            for i in order:
                if config[i] > self.knobs[i].low:
                    cand = (*config[:i], config[i] - 1, *config[i + 1 :])
                    if self.shortfall(cand, block) == 0:
                        config, changed = cand, True
        return config


def size_site(
    scenario: Scenario,
    site_id: str,
    targets: Sequence[Target],
    ranges: Mapping[str, tuple[int, int]],
    costs: Mapping[str, float],
    reps: int,
    days: int | None = None,
) -> SiteAnswer:
    site = scenario.site(site_id)
    knobs = _knobs(site, ranges, costs)
    mine = [t for t in targets if t.site in (ALL_SITES, site_id)]
    search = _Search(scenario, site, knobs, mine, reps, days)
    start: Config = tuple(k.low for k in knobs)
    found = search.climb(start, 0)
    chosen = search.trim(found, 0) if found is not None else _best_tried(search, start)
    confirmed, block = False, 1
    if found is not None:
        for block in range(1, MAX_CONFIRMATIONS + 1):  # a fresh block each time: an independent check
            if search.shortfall(chosen, block) == 0:
                confirmed = True
                break
            nxt = search.climb(chosen, block)
            if nxt is None:
                break
            chosen = nxt
    final = search.summary(chosen, block)
    shown = {t.metric for t in mine} | set(WHY)
    return SiteAnswer(
        site=site_id,
        knobs=tuple(k.name for k in knobs),
        current=_current(site, knobs),
        chosen=chosen,
        cost=_cost(knobs, chosen),
        current_cost=_cost(knobs, _current(site, knobs)),
        met=found is not None,
        confirmed=confirmed,
        metrics={m: final[m] for m in sorted(shown) if m in final},
        evaluations=len(search.cache) * reps,
    )


def _best_tried(search: _Search, start: Config) -> Config:
    """When nothing in range meets the targets: the all-high corner, to show how close it gets."""
    top: Config = tuple(k.high for k in search.knobs)
    return top if search.shortfall(top, 0) < search.shortfall(start, 0) else start


def _task(args: tuple[Any, ...]) -> SiteAnswer:
    return size_site(*args)


def size_scenario(
    scenario: Scenario,
    targets: Sequence[Target],
    ranges: Mapping[str, tuple[int, int]],
    costs: Mapping[str, float],
    reps: int,
    executor: Executor,
    days: int | None = None,
    progress: Callable[[], None] | None = None,
) -> list[SiteAnswer]:
    """Every site sized on its own (sites are independent in the model), in the scenario's order."""
    futures = {
        executor.submit(_task, (scenario, s.id, list(targets), dict(ranges), dict(costs), reps, days)): s.id
        for s in scenario.sites
    }
    answers: dict[str, SiteAnswer] = {}
    for fut in as_completed(futures):
        answers[futures[fut]] = fut.result()
        if progress is not None:
            progress()
    return [answers[s.id] for s in scenario.sites]
