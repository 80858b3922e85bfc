"""Files of a sweep: sweep.csv (one row per grid point), sweep.json, and sweep.html with a plot."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.errors import SimulatorError
from simulator.metrics import HEADLINE
from simulator.report import render_html
from simulator.run import TOTAL
from simulator.sweep import ALL_SITES, SHOWN, SweepResult

__all__ = ["SWEEP_CSV", "render_sweep", "sweep_table", "write_sweep"]

SWEEP_CSV, SWEEP_JSON, SWEEP_HTML = "sweep.csv", "sweep.json", "sweep.html"
TARGET_COL = "target_metric"  # the target's metric at its site (the worst site for "*")


def sweep_table(result: SweepResult) -> pd.DataFrame:
    """One row per grid point: overrides, cost, total metrics (mean and half-width), paired difference."""
    rows = []
    metric = result.target.metric if result.target else SHOWN
    site = result.target.site if result.target else TOTAL
    best = result.smallest_meeting_target()
    for p in result.points:
        summary = result.summary(p.index)
        row: dict[str, Any] = {"point": p.index, **{k: v for k, v in p.overrides.items()}, "cost": p.cost}
        for name in HEADLINE:
            cell = summary.get(TOTAL, {}).get(name, {"mean": math.nan, "half_width": math.nan})
            row[name], row[f"{name}_hw"] = cell["mean"], cell["half_width"]
        cell = result.target_cell(p.index)  # always present, whatever the metric (the plot and table use it)
        row[TARGET_COL], row[f"{TARGET_COL}_hw"] = cell["mean"], cell["half_width"]
        diff_site = TOTAL if site == ALL_SITES else site
        diff, hw = result.paired_difference(p.index, metric, diff_site) if p.index else (0.0, 0.0)
        row[f"diff_vs_base:{metric}"], row[f"diff_vs_base:{metric}_hw"] = diff, hw
        row["meets_target"] = result.meets(p.index)
        row["chosen"] = best is not None and best.index == p.index
        rows.append(row)
    return pd.DataFrame(rows)


def write_sweep(out: Path, result: SweepResult, meta: dict[str, Any]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    table = sweep_table(result)
    table.to_csv(out / SWEEP_CSV, index=False)
    best = result.smallest_meeting_target()
    doc = {
        "scenario": result.scenario,
        "target": str(result.target) if result.target else None,
        "shown": result.shown(),
        "chosen": None
        if best is None
        else {"point": best.index, "overrides": dict(best.overrides), "cost": best.cost},
        "points": [
            {"point": p.index, "overrides": dict(p.overrides), "summary": result.summary(p.index)}
            for p in result.points
        ],
        "meta": meta,
    }
    (out / SWEEP_JSON).write_text(json.dumps(doc, indent=2, default=_nan_none), encoding="utf-8")
    return render_sweep(out)


def _nan_none(o: object) -> object:
    raise TypeError(f"not JSON serialisable: {o!r}")


def render_sweep(out: Path) -> Path:
    try:
        table = pd.read_csv(out / SWEEP_CSV)
        doc = json.loads((out / SWEEP_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"{out} holds no readable sweep results: {exc}") from None
    col = TARGET_COL
    if col not in table.columns:
        raise SimulatorError(f"{out / SWEEP_CSV} has no {col} column: re-run the sweep with this version")
    diff = next(c for c in table.columns if c.startswith("diff_vs_base:") and not c.endswith("_hw"))
    keys = [k for k in table.columns if k in _override_keys(doc)]
    header = ["point", *keys, "cost", doc.get("shown", col), "paired diff vs point 0", "meets target"]
    rows = [
        {
            "chosen": bool(r["chosen"]),
            "cells": [
                str(r["point"]),
                *[str(r[k]) for k in keys],
                str(r["cost"]),
                _pm(r[col], r[f"{col}_hw"]),
                _pm(r[diff], r[f"{diff}_hw"]) if r["point"] else "–",
                "yes" if r["meets_target"] else "no",
            ],
        }
        for r in table.to_dict("records")
    ]
    plot = _plot(table, col, out, doc.get("shown", col))
    return render_html("sweep.html.j2", out / SWEEP_HTML, doc=doc, header=header, rows=rows, plot=plot)


def _pm(mean: float, hw: float) -> str:
    if math.isnan(mean):
        return "–"
    return f"{mean:.2f}" if math.isnan(hw) else f"{mean:.2f} ± {hw:.2f}"


def _override_keys(doc: dict[str, Any]) -> set[str]:
    return {k for p in doc["points"] for k in p["overrides"]}


def _plot(table: pd.DataFrame, col: str, out: Path, label: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(table) + 3), 3.8))
    colours = ["#2e9b4f" if ok else "#8aa1b5" for ok in table.get("meets_target", [False] * len(table))]
    ax.bar(table["point"].astype(str), table[col], yerr=table.get(f"{col}_hw"), color=colours, capsize=3)
    ax.set_xlabel("grid point (see table)")
    ax.set_ylabel(label)
    ax.set_title(f"{label} (green: meets the target)", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "sweep.png", dpi=110)
    plt.close(fig)
    return "sweep.png"
