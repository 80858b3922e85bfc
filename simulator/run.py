"""One replication of a scenario, and a scenario's replications summarised with confidence intervals."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simulator.calendar import DAY
from simulator.config import Scenario
from simulator.errors import ScenarioError
from simulator.metrics import Columns, Exposure, aggregate, column_metrics, submit_fields
from simulator.model import Model, SiteState
from simulator.records import to_frame

__all__ = ["ReplicationResult", "Summary", "horizon_days", "run_replication", "run_replications", "summarise"]

TOTAL = "total"


@dataclass(frozen=True, slots=True)
class ReplicationResult:
    replication: int
    metrics: dict[str, dict[str, float]]  # site id (and "total") -> metric -> value
    records: pd.DataFrame | None
    samples: pd.DataFrame  # queue-length samples (empty unless monitor_minutes > 0)


@dataclass(frozen=True, slots=True)
class Summary:
    scenario: str
    replications: int
    sites: dict[str, dict[str, dict[str, float]]]
    total: dict[str, dict[str, float]]

    def to_json(self) -> dict[str, Any]:
        def clean(x: float) -> float | None:
            return None if math.isnan(x) else x

        def metrics(block: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
            return {
                k: {"mean": clean(v["mean"]), "half_width": clean(v["half_width"])} for k, v in block.items()
            }

        return {
            "scenario": self.scenario,
            "replications": self.replications,
            "sites": {s: metrics(m) for s, m in self.sites.items()},
            "total": metrics(self.total),
        }


def horizon_days(scenario: Scenario, until: dt.date | None) -> int:
    """``--until`` stops the run at the end of that date."""
    if until is None:
        return scenario.days
    days = (until - scenario.start_date).days + 1
    if not scenario.warmup_days < days <= scenario.days:
        raise ScenarioError(
            "until",
            f"{until} must fall after the warm-up and within the scenario "
            f"({scenario.start_date} + {scenario.days} days)",
        )
    return days


def _exposure(s: SiteState, lo: float, hi: float) -> Exposure:
    site = s.site
    staffed = s.counter_open.total(lo, min(hi, s.helper_end)) * site.helpers
    return Exposure(
        counter_minutes=s.counter_open.total(lo, hi) * sum(site.counters.values()),
        kiosk_minutes=s.kiosk_open.total(lo, hi) * site.kiosks,
        helper_minutes=staffed,
        no_show_busy=s.busy["no_show"],
        helper_duty_busy=s.busy["helper_duty"],
    )


def run_replication(
    scenario: Scenario, replication: int, days: int | None = None, keep_records: bool = True
) -> ReplicationResult:
    model = Model(scenario, replication, days)
    model.run()
    lo, hi = scenario.warmup_days * DAY, model.calendar.horizon
    start = np.datetime64(scenario.start_date.isoformat(), "D")
    demands = {(s.id, i): (d.purpose, d.field) for s in scenario.sites for i, d in enumerate(s.demand)}
    df = to_frame(model.log, replication, start, model.fast_log, demands)
    window = df[(df["arrival_min"] >= lo) & (df["arrival_min"] < hi)]
    fields = submit_fields(scenario)
    metrics: dict[str, dict[str, float]] = {}
    total_exposure = Exposure(0.0, 0.0, 0.0)
    # The columns are taken out once and sliced per site (rows in record order, as groupby gave them).
    columns = Columns.of(window)
    site = window["site"]
    codes = site.cat.codes.to_numpy()
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(site.cat.categories) + 1))
    where = {str(name): i for i, name in enumerate(site.cat.categories)}
    for s in model.states:
        exposure = _exposure(s, lo, hi)
        total_exposure = total_exposure + exposure
        i = where.get(s.site.id)
        rows = order[bounds[i] : bounds[i + 1]] if i is not None else order[:0]
        metrics[s.site.id] = column_metrics(columns.take(rows), exposure, fields)
    metrics[TOTAL] = column_metrics(columns, total_exposure, fields)
    samples = pd.DataFrame.from_records(
        model.samples, columns=["site", "pool", "time_min", "waiting", "busy"]
    )
    samples = samples[samples["time_min"] >= lo]
    return ReplicationResult(replication, metrics, df if keep_records else None, samples)


def _one(args: tuple[Scenario, int, int | None, bool]) -> ReplicationResult:
    return run_replication(*args)


def run_replications(
    scenario: Scenario,
    replications: int | None = None,
    days: int | None = None,
    keep_records: bool = True,
    executor: Executor | None = None,
    progress: Callable[[], None] | None = None,
) -> list[ReplicationResult]:
    reps = range(replications or scenario.replications)
    jobs = [(scenario, r, days, keep_records) for r in reps]
    results: list[ReplicationResult] = []
    iterator = executor.map(_one, jobs) if executor is not None else map(_one, jobs)
    for result in iterator:
        results.append(result)
        if progress is not None:
            progress()
    return results


def summarise(scenario: Scenario, results: Sequence[ReplicationResult]) -> Summary:
    agg = aggregate([r.metrics for r in results])
    total = agg.pop(TOTAL, {})
    return Summary(scenario.name, len(results), agg, total)
