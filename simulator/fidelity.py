"""Honest fidelity: the pilot figures the model was tuned to, how they move with each tuned setting,
a prediction band carrying the tuning uncertainty, and what common random numbers buy.

pilot-2025 reproduces three published figures (about 500 kiosk users and 80 kiosk dossiers by late
April 2025, most of them household registration) because six settings were tuned to them. Those
three figures are therefore INPUTS of the calibration, not predictions; everything else the model
reports (waits, utilisation, the pilot after April, the rollout) is a prediction resting on them.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.config import Scenario, load_raw, parse_scenario
from simulator.metrics import mean_half_width
from simulator.run import TOTAL, run_replication

__all__ = [
    "FIGURES",
    "PUBLISHED",
    "TUNED",
    "Band",
    "Tuned",
    "crn_comparison",
    "figures",
    "prediction_band",
    "sensitivity",
    "variant",
]

FIGURES = ("kiosk_users", "kiosk_dossiers", "residence_share")
# What the pilot's public reporting gives (shared/reference/domain.md); "most" = a share above 0.5.
PUBLISHED: dict[str, str] = {
    "kiosk_users": "about 500",
    "kiosk_dossiers": "about 80",
    "residence_share": "most (> 0.5)",
}
PUBLISHED_VALUE = {"kiosk_users": 500.0, "kiosk_dossiers": 80.0, "residence_share": 0.5}


@dataclass(frozen=True, slots=True)
class Tuned:
    """A setting tuned to the published figures, with the range still plausible without them."""

    name: str
    low: float
    base: float
    high: float
    meaning: str


# Ranges are judgement (no public data narrows them further): outreach saturating at 12-22% of able
# citizens; step abandonment 30% either way; help and failure rates half to one and a half times.
TUNED = (
    Tuned("awareness_max", 0.12, 0.17, 0.22, "behaviour.awareness_max: where outreach saturates"),
    Tuned("abandon_scale", 0.7, 1.0, 1.3, "x every kiosk step's abandonment rate"),
    Tuned("help_scale", 0.5, 1.0, 1.5, "x every kiosk step's help rate"),
    Tuned("fail_scale", 0.5, 1.0, 1.5, "x every kiosk step's failure rate"),
    Tuned("affinity_residence", 1.0, 1.4, 1.8, "kiosk_affinity of residence submissions"),
    Tuned("affinity_other", 0.04, 0.08, 0.16, "kiosk_affinity of 'other' submissions"),
)
BASE = {t.name: t.base for t in TUNED}


def variant(raw: Mapping[str, Any], base: Scenario, values: Mapping[str, float], base_dir: Any) -> Scenario:
    """The scenario with the tuned settings set to ``values`` (missing ones at their base)."""
    v = {**BASE, **values}
    data = copy.deepcopy(dict(raw))
    data.setdefault("behaviour", {})["awareness_max"] = v["awareness_max"]
    steps = data.setdefault("kiosk", {}).setdefault("steps", {})
    for name, step in base.kiosk.steps.items():
        table = steps.setdefault(name, {})
        table["abandon"] = min(1.0, step.abandon * v["abandon_scale"])
        table["help"] = min(1.0, step.help * v["help_scale"])
        table["fail"] = min(1.0, step.fail * v["fail_scale"])
    for site in data.get("sites", []):
        for d in site.get("demand", []):
            if d.get("purpose") == "submit" and d.get("channel") == "choice":
                if d.get("field") == "residence":
                    d["kiosk_affinity"] = v["affinity_residence"]
                elif d.get("field") == "other":
                    d["kiosk_affinity"] = v["affinity_other"]
    return parse_scenario(data, base_dir=base_dir)


def figures(total: Mapping[str, float]) -> dict[str, float]:
    """The three published figures from a replication's province-wide metrics."""
    kiosk = {k: v for k, v in total.items() if k.startswith("dossiers_kiosk_")}
    all_kiosk = sum(kiosk.values())
    share = kiosk.get("dossiers_kiosk_residence", 0.0) / all_kiosk if all_kiosk else math.nan
    return {
        "kiosk_users": total["kiosk_users"],
        "kiosk_dossiers": total["kiosk_dossiers"],
        "residence_share": share,
    }


def _task(args: tuple[Scenario, int, int | None, str, str]) -> dict[str, float]:
    scenario, rep, days, site, metric = args
    metrics = run_replication(scenario, rep, days, keep_records=False).metrics
    return figures(metrics[TOTAL]) if metric == "*" else {metric: metrics[site][metric]}


def _run_all(
    executor: Executor,
    jobs: Sequence[tuple[Scenario, int, int | None, str, str]],
    progress: Callable[[], None] | None,
) -> list[dict[str, float]]:
    futures = [executor.submit(_task, job) for job in jobs]
    out = []
    for f in futures:
        out.append(f.result())
        if progress is not None:
            progress()
    return out


def sensitivity(
    name: str, days: int | None, reps: int, executor: Executor, progress: Callable[[], None] | None = None
) -> list[dict[str, Any]]:
    """Each tuned setting at its low and high end, the others at base; replication r of every row
    shares its random numbers, so the rows differ by the setting, not by noise."""
    raw, base_dir = load_raw(name)
    base = parse_scenario(raw, base_dir)
    rows: list[tuple[str, float]] = [("base", math.nan)]
    rows += [(t.name, value) for t in TUNED for value in (t.low, t.high)]
    scenarios = [variant(raw, base, {} if p == "base" else {p: v}, base_dir) for p, v in rows]
    jobs = [(s, r, days, TOTAL, "*") for s in scenarios for r in range(reps)]
    results = _run_all(executor, jobs, progress)
    out = []
    for i, (param, value) in enumerate(rows):
        per_rep = results[i * reps : (i + 1) * reps]
        cells = {f: mean_half_width([x[f] for x in per_rep]) for f in FIGURES}
        out.append(
            {
                "parameter": param,
                "value": value,
                **{f: {"mean": m, "half_width": h} for f, (m, h) in cells.items()},
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class Band:
    figure: str
    low: float  # 2.5th percentile over draws of the tuned settings (and of the randomness)
    median: float
    high: float  # 97.5th percentile
    published: str

    @property
    def covers(self) -> bool:
        value = PUBLISHED_VALUE[self.figure]
        if self.figure == "residence_share":  # "most": the band should lie above one half
            return self.low > value
        return self.low <= value <= self.high


def prediction_band(
    name: str,
    days: int | None,
    draws: int,
    executor: Executor,
    seed: int = 17,
    progress: Callable[[], None] | None = None,
) -> tuple[list[Band], list[dict[str, float]]]:
    """The tuned settings drawn together over their plausible ranges (Latin hypercube), one
    replication each with its own random numbers: a 95% band carrying tuning and chance."""
    from scipy.stats import qmc

    raw, base_dir = load_raw(name)
    base = parse_scenario(raw, base_dir)
    unit = qmc.LatinHypercube(d=len(TUNED), seed=seed).random(draws)
    samples = [{t.name: t.low + u[j] * (t.high - t.low) for j, t in enumerate(TUNED)} for u in unit]
    jobs = [(variant(raw, base, v, base_dir), i, days, TOTAL, "*") for i, v in enumerate(samples)]
    results = _run_all(executor, jobs, progress)
    bands = []
    for f in FIGURES:
        values = np.asarray([r[f] for r in results if not math.isnan(r[f])])
        lo, mid, hi = np.percentile(values, [2.5, 50, 97.5])
        bands.append(Band(f, float(lo), float(mid), float(hi), PUBLISHED[f]))
    return bands, [{**s, **r} for s, r in zip(samples, results, strict=True)]


def crn_comparison(
    scenario_a: Scenario,
    scenario_b: Scenario,
    metric: str,
    reps: int,
    days: int | None,
    executor: Executor,
    site: str = TOTAL,
    progress: Callable[[], None] | None = None,
) -> dict[str, float]:
    """(B - A) with common random numbers (replication r of both) against independent runs (B on
    replications reps..2*reps-1): the two 95% half-widths of the same difference."""
    from scipy import stats

    jobs = [(scenario_a, r, days, site, metric) for r in range(reps)]
    jobs += [(scenario_b, r, days, site, metric) for r in range(2 * reps)]
    res = [x[metric] for x in _run_all(executor, jobs, progress)]
    a, b_paired, b_indep = (
        np.asarray(res[:reps]),
        np.asarray(res[reps : 2 * reps]),
        np.asarray(res[2 * reps :]),
    )
    diff, paired_hw = mean_half_width(list(b_paired - a))
    va, vb = a.var(ddof=1) / reps, b_indep.var(ddof=1) / reps
    dof = (va + vb) ** 2 / (va**2 / (reps - 1) + vb**2 / (reps - 1)) if va + vb > 0 else reps - 1
    unpaired_hw = float(stats.t.ppf(0.975, dof) * math.sqrt(va + vb))
    return {
        "difference": diff,
        "paired_half_width": paired_hw,
        "unpaired_difference": float(b_indep.mean() - a.mean()),
        "unpaired_half_width": unpaired_hw,
        "ratio": unpaired_hw / paired_hw if paired_hw > 0 else math.inf,
    }
