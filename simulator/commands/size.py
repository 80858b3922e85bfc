"""``kiosk-sim size SCENARIO --target ... --knobs kiosks,helpers,counters``: per site, the cheapest
configuration whose whole 95% interval meets every target."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.commands._common import (
    add_executor,
    add_replications,
    add_set,
    count,
    default_out,
    fail,
    fmt,
    parse_sets,
    progress_bar,
)

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="a shipped scenario name or a TOML file")
    parser.add_argument(
        "--target",
        action="append",
        required=True,
        help="e.g. counter_wait_under_15_min_share>0.9 or counter_wait_p90_open_min<15 (every site), "
        "prov:kiosk_wait_p90_min<10 (one site); repeat for several",
    )
    parser.add_argument(
        "--knobs",
        default="kiosks,helpers,counters",
        help="what may change: kiosks, helpers, counters (each counter pool), optionally with ranges "
        "like kiosks=1-3 (defaults kiosks 1-4, helpers 0-4, counters 1-8)",
    )
    parser.add_argument(
        "--cost",
        help="relative unit costs, e.g. kiosks=2,helpers=1,counters=3 (the default)",
    )
    add_replications(parser, "the replications per candidate (default: the scenario's)")
    parser.add_argument("--days", type=count(1, 100_000), help="simulate only the first DAYS days")
    parser.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    parser.add_argument("--out", type=Path, help="output directory (default reports/out/size/<scenario>/)")
    add_set(parser)
    add_executor(parser, workers=2)


def run(args: argparse.Namespace) -> int:
    import os
    import time

    from simulator.config import load_scenario
    from simulator.errors import SimulatorError
    from simulator.executors import executor_for
    from simulator.size_report import answer_doc, write_size
    from simulator.sizing import parse_costs, parse_knobs, size_scenario
    from simulator.sweep import ALL_SITES, Target, check_target, parse_target

    try:
        scenario = load_scenario(args.scenario, parse_sets(args.set))
        targets = [parse_target(t) for t in args.target]
        targets = [
            Target(t.metric, t.op, t.value, ALL_SITES if t.site == "total" else t.site) for t in targets
        ]
        for t in targets:
            check_target(t, scenario)  # before any computing
        ranges, costs = parse_knobs(args.knobs), parse_costs(args.cost)
        reps = args.replications or scenario.replications
        wall, cpu = time.perf_counter(), _cpu(os.times())
        with (
            executor_for(args.executor, args.workers) as ex,
            progress_bar(f"{scenario.name}: sites sized", len(scenario.sites)) as tick,  # stderr
        ):
            answers = size_scenario(scenario, targets, ranges, costs, reps, ex, args.days, tick)
        # CPU of this process and of its finished worker processes (the pool is shut down by now);
        # on a shared machine wall time alone says little. Dask workers' CPU is not counted.
        timing = {"wall_s": time.perf_counter() - wall, "cpu_s": _cpu(os.times()) - cpu}
        doc = answer_doc(scenario, targets, costs, reps, args.executor, answers, timing)
        out = args.out or default_out("size", scenario.name)
        html = write_size(out, doc)
    except SimulatorError as exc:
        return fail(exc)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False))
    else:
        _print(doc)
    print(f"wrote {out}/size.json and {html.name}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _print(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    metrics = [t["metric"] for t in doc["targets"]]
    wanted = ", ".join(t["text"] for t in doc["targets"])
    title = (
        f"{doc['scenario']}: cheapest configuration per site meeting {wanted} "
        f"(whole 95% interval; {doc['replications']} replications, confirmed on fresh ones)"
    )
    table = Table(title=title)
    for col in ("site", "configuration", "change", "cost (now)", *metrics, "p90 from closures", "confirmed"):
        table.add_column(col, justify="left" if col in ("site", "configuration", "change") else "right")
    for s in doc["sites"]:
        config = " ".join(f"{_short(k)}={v}" for k, v in s["config"].items())
        changed = " ".join(
            f"{k.removeprefix('counters.')}{v - s['current'][k]:+d}"
            for k, v in s["config"].items()
            if v != s["current"][k]
        )
        cells = [fmt(s["metrics"][m]["mean"], s["metrics"][m]["half_width"]) for m in metrics]
        closure = s["metrics"].get("counter_wait_p90_closure_min", {"mean": None})["mean"]
        verdict = "yes" if s["confirmed"] else ("not met in range" if not s["met"] else "no")
        table.add_row(
            s["site"],
            config,
            changed or "-",
            f"{s['cost']:g} ({s['current_cost']:g})",
            *cells,
            fmt(closure, None),
            verdict,
            style=None if s["confirmed"] else "red",
        )
    console = Console()
    console.print(table)
    console.print(
        f"total cost {doc['total_cost']:g} (now {doc['current_total_cost']:g}); unit costs {doc['costs']}; "
        f"{doc['timing']['wall_s']:.0f} s wall, {doc['timing']['cpu_s']:.0f} s CPU"
    )


def _cpu(t: Any) -> float:
    return float(t.user + t.system + t.children_user + t.children_system)


def _short(knob: str) -> str:
    """kiosks -> k, helpers -> h, counters.land -> land (the table must fit 66 sites)."""
    return {"kiosks": "k", "helpers": "h"}.get(knob, knob.removeprefix("counters."))
