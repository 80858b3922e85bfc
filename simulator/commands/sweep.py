"""``kiosk-sim sweep SCENARIO --grid key=v1,v2 ...``: compare variants; the smallest meeting a target."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

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

DEFAULT_METRIC = "counter_wait_p90_min"  # what the table shows when no target is given


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="a shipped scenario name or a TOML file")
    parser.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="e.g. kiosks=1,2 or sites.prov.helpers=0,1,2 (repeat for a product grid)",
    )
    parser.add_argument(
        "--target",
        help="e.g. kiosk_wait_p90_min<10 (total), prov:counter_wait_min<15, "
        "*:kiosk_wait_p90_min<10 (every site)",
    )
    add_replications(parser, "the replications per grid point")
    parser.add_argument("--days", type=count(1, 100_000), help="simulate only the first DAYS days")
    add_set(parser)
    add_executor(parser, workers=2)
    parser.add_argument("--out", type=Path, help="output directory (default reports/out/sweep/<scenario>/)")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from simulator.config import load_scenario
    from simulator.errors import SimulatorError
    from simulator.executors import executor_for
    from simulator.sweep import check_target, parse_grid, parse_target, run_sweep
    from simulator.sweep_report import write_sweep

    try:
        grid = parse_grid(args.grid)
        target = parse_target(args.target) if args.target else None
        sets = parse_sets(args.set)
        base = load_scenario(args.scenario, sets)
        if target is not None:
            check_target(target, base)  # before any computing (each grid point is checked again)
        reps = args.replications or base.replications
        points = math.prod(len(v) for _, v in grid) if grid else 1
        with executor_for(args.executor, args.workers) as ex, progress_bar("sweep", points * reps) as tick:
            result = run_sweep(args.scenario, grid, ex, reps, args.days, target, tick, sets)
        out = args.out or default_out("sweep", base.name)
        meta = {"replications": reps, "executor": args.executor, "days": args.days or base.days}
        html = write_sweep(out, result, meta)
    except SimulatorError as exc:
        return fail(exc)
    metric = target.metric if target else DEFAULT_METRIC
    site = target.site if target else "total"
    diff_site = "total" if site == "*" else site  # with "*" the paired difference is province-wide
    where = "the worst site" if site == "*" else site
    table = Table(
        title=f"sweep of {base.name}: {metric} at {where} (mean ± 95% half-width, {reps} replications)"
    )
    for col in ("point", "overrides", "cost", metric, "paired diff vs point 0", "meets target"):
        table.add_column(col, justify="left" if col == "overrides" else "right")
    best = result.smallest_meeting_target()
    for p in result.points:
        v = result.target_cell(p.index)
        d = result.paired_difference(p.index, metric, diff_site) if p.index else (0.0, math.nan)
        met = "-" if target is None else ("yes" if result.meets(p.index) else "no")
        style = "bold green" if best is not None and best.index == p.index else None
        table.add_row(
            str(p.index), p.label(), str(p.cost), fmt(v["mean"], v["half_width"]), fmt(*d), met, style=style
        )
    console = Console()
    console.print(table)
    if target is not None:
        console.print(
            f"smallest configuration meeting {target}: " + (best.label() if best else "none in this grid")
        )
    console.print(f"wrote {out}/sweep.csv, sweep.json and {html.name}")
    return 0
