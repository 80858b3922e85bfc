"""Closed-form checks of the model: Erlang C (M/M/c waits), Erlang A (M/M/c+M abandonment), Little's law.

Each check runs the real model (not a separate toy) on a small scenario over many replications and
asks whether the theory lies inside the simulation's confidence interval (99%, so that the seven
checks together rarely fail by chance; the seeds are fixed, so a run is reproducible).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from simulator.config import Demand, Scenario, Site, parse_scenario
from simulator.distributions import Exponential
from simulator.errors import SimulatorError
from simulator.metrics import mean_half_width
from simulator.run import ReplicationResult, run_replications

__all__ = [
    "Check",
    "ErlangA",
    "check_scenario",
    "erlang_a",
    "erlang_c_wait",
    "littles_law_gap",
    "queue_scenario",
    "queue_shape",
    "run_checks",
]

CONFIDENCE = 0.99


def erlang_b(c: int, a: float) -> float:
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load a = lambda/mu < c."""
    if a >= c:
        raise ValueError(f"M/M/c is unstable for offered load {a} >= {c} servers")
    b = erlang_b(c, a)
    return b / (1 - (a / c) * (1 - b))


def erlang_c_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue (all customers), same time unit as 1/lam."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


@dataclass(frozen=True, slots=True)
class ErlangA:
    p_abandon: float
    p_wait: float
    mean_wait: float  # over every arrival, abandoned ones included
    mean_queue: float


def erlang_a(c: int, lam: float, mu: float, theta: float, tol: float = 1e-13) -> ErlangA:
    """M/M/c+M (exponential patience, rate theta) from its birth-death chain, truncated when negligible."""
    weights = [1.0]
    n = 0
    while True:
        n += 1
        weights.append(weights[-1] * lam / (min(n, c) * mu + max(n - c, 0) * theta))
        if n > c and weights[-1] < tol * sum(weights):
            break
    p = np.asarray(weights) / sum(weights)
    states = np.arange(len(p))
    lq = float(np.sum(np.maximum(states - c, 0) * p))
    return ErlangA(theta * lq / lam, float(p[c:].sum()), lq / lam, lq)


def queue_scenario(
    c: int, per_hour: float, service_min: float, patience_min: float | None, days: int, reps: int, seed: int
) -> Scenario:
    demand: dict[str, Any] = {
        "purpose": "submit",
        "channel": "counter",
        "arrivals_per_hour": per_hour,
        "service_minutes": {"dist": "exponential", "mean": service_min},
    }
    if patience_min is not None:
        demand["patience_minutes"] = {"dist": "exponential", "mean": patience_min}
    raw = {
        "name": f"M/M/{c}" + ("+M" if patience_min else ""),
        "days": days,
        "warmup_days": max(1, days // 10),
        "replications": reps,
        "seed": seed,
        "monitor_minutes": 5.0,
        "sites": [{"id": "q", "hours": [["00:00", "24:00"]], "counters": c, "demand": [demand]}],
    }
    return parse_scenario(raw)


@dataclass(frozen=True, slots=True)
class Check:
    model: str
    quantity: str
    theory: float
    mean: float
    half_width: float  # at CONFIDENCE

    @property
    def ok(self) -> bool:
        return abs(self.mean - self.theory) <= self.half_width


def _check(model: str, quantity: str, theory: float, values: list[float]) -> Check:
    mean, hw = mean_half_width(values, CONFIDENCE)
    return Check(model, quantity, theory, mean, hw)


def littles_law_gap(result: ReplicationResult, window_min: float) -> float:
    """L_q from Poisson-timed queue samples minus lambda * W_q from the citizens' records."""
    site = result.metrics["total"]
    lam = site["arrivals"] / window_min
    return float(result.samples["waiting"].mean()) - lam * site["counter_wait_min"]


def run_checks(
    days: int = 60, reps: int = 20, seed: int = 11, progress: Callable[[], None] | None = None
) -> list[Check]:
    """M/M/3 at utilisation 2/3, M/M/3+M overloaded, and Little's law on both."""
    mmc = queue_scenario(3, 2.0, 60.0, None, days, reps, seed)
    mmca = queue_scenario(3, 4.0, 60.0, 30.0, days, reps, seed)
    return [
        *_queue_checks(mmc, progress, "M/M/3 (rho 2/3)", utilisation=True),
        *_queue_checks(mmca, progress, "M/M/3+M (offered 4/3)"),
    ]


def queue_shape(scenario: Scenario) -> tuple[Site, Demand]:
    """The site and demand of a one-queue scenario (M/M/c or M/M/c+M); SimulatorError otherwise."""
    site = scenario.sites[0] if len(scenario.sites) == 1 else None
    demand = site.demand[0] if site is not None and len(site.demand) == 1 else None
    if (
        site is None
        or demand is None
        or not site.always_open
        or site.kiosks
        or demand.channel != "counter"
        or demand.hourly is not None
        or not isinstance(demand.service, Exponential)
        or (demand.patience is not None and not isinstance(demand.patience, Exponential))
        or scenario.weekday_factors != (1.0,) * 7
        or scenario.month_factors
        or scenario.holidays
    ):
        raise SimulatorError(
            f"scenario {scenario.name!r} is not a single always-open M/M/c or M/M/c+M counter queue"
        )
    assert site is not None
    assert demand is not None
    return site, demand


def check_scenario(scenario: Scenario, progress: Callable[[], None] | None = None) -> list[Check]:
    """A scenario file that is one M/M/c (or M/M/c+M) queue, such as mmc.toml, against the theory."""
    return _queue_checks(scenario, progress)


def _queue_checks(
    scenario: Scenario,
    progress: Callable[[], None] | None,
    label: str | None = None,
    utilisation: bool = False,
) -> list[Check]:
    """Erlang C (or A, with patience) and Little's law for a one-queue scenario (see queue_shape)."""
    site, demand = queue_shape(scenario)
    assert isinstance(demand.service, Exponential)
    c, lam, mu = sum(site.counters.values()), demand.rate / 60, 1 / demand.service.mean
    res = run_replications(replace(scenario, monitor_minutes=5.0), progress=progress, keep_records=False)
    window = (scenario.days - scenario.warmup_days) * 1440.0
    total = [r.metrics["total"] for r in res]
    name = label or f"{scenario.name}: M/M/{c}" + ("+M" if demand.patience else "")
    waits = [m["counter_wait_min"] for m in total]
    if demand.patience is None:
        checks = [
            _check(name, "mean wait (min)", erlang_c_wait(c, lam, mu), waits),
            _check(name, "P(wait > 0)", erlang_c(c, lam / mu), [_p_wait(r) for r in res]),
        ]
        if utilisation:
            checks.append(
                _check(name, "utilisation", lam / mu / c, [m["utilisation_counters"] for m in total])
            )
    else:
        theory = erlang_a(c, lam, mu, 1 / demand.patience.mean)
        checks = [
            _check(name, "P(abandon)", theory.p_abandon, [m["reneged_fraction"] for m in total]),
            _check(name, "mean wait (min)", theory.mean_wait, waits),
        ]
    gaps = [littles_law_gap(r, window) for r in res]
    return [*checks, _check(name, "Little: L_q - lambda W_q", 0.0, gaps)]


def _p_wait(result: ReplicationResult) -> float:
    return result.metrics["total"].get("counter_waited_fraction", math.nan)
