"""Files of a sizing: size.json (the answer per site) and size.html with a cost plot."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from simulator.config import Scenario
from simulator.report import render_html
from simulator.sizing import SiteAnswer
from simulator.sweep import Target

__all__ = ["answer_doc", "write_size"]


def _clean(x: float) -> float | None:
    return None if x != x else x  # NaN -> null


def answer_doc(
    scenario: Scenario,
    targets: Sequence[Target],
    costs: Mapping[str, float],
    reps: int,
    executor: str,
    answers: Sequence[SiteAnswer],
    timing: Mapping[str, float],
) -> dict[str, Any]:
    return {
        "scenario": scenario.name,
        "targets": [
            {"text": str(t), "metric": t.metric, "op": t.op, "value": t.value, "site": t.site}
            for t in targets
        ],
        "costs": dict(costs),
        "replications": reps,
        "executor": executor,
        "timing": dict(timing),
        "total_cost": sum(a.cost for a in answers),
        "current_total_cost": sum(a.current_cost for a in answers),
        "sites": [
            {
                "site": a.site,
                "config": a.config(),
                "current": dict(zip(a.knobs, a.current, strict=True)),
                "cost": a.cost,
                "current_cost": a.current_cost,
                "met": a.met,
                "confirmed": a.confirmed,
                "evaluations": a.evaluations,
                "metrics": {
                    m: {"mean": _clean(v["mean"]), "half_width": _clean(v["half_width"])}
                    for m, v in a.metrics.items()
                },
            }
            for a in answers
        ],
    }


def write_size(out: Path, doc: Mapping[str, Any]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "size.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    plot = _plot(doc, out)
    return render_html("size.html.j2", out / "size.html", doc=doc, plot=plot)


def _plot(doc: Mapping[str, Any], out: Path) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    sites = doc["sites"]
    x = np.arange(len(sites))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.22 * len(sites) + 3), 3.8))
    ax.bar(x - 0.2, [s["current_cost"] for s in sites], 0.4, label="now", color="#8aa1b5")
    colours = ["#2e9b4f" if s["confirmed"] else "#c0392b" for s in sites]
    ax.bar(x + 0.2, [s["cost"] for s in sites], 0.4, label="sized", color=colours)
    ax.set_xticks(x, [s["site"] for s in sites], rotation=90, fontsize=7)
    ax.set_ylabel("cost (relative units)")
    ax.set_title("cost per site: now and sized (red: not confirmed / not met)", fontsize=10)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "size.png", dpi=110)
    plt.close(fig)
    return "size.png"
