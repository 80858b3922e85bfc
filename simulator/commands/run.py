"""``kiosk-sim run SCENARIO``: replications of one scenario, a table, JSON, records and an HTML report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.commands._common import (
    add_executor,
    add_replications,
    add_set,
    default_out,
    fail,
    metric_table,
    parse_sets,
    progress_bar,
    site_rows_table,
)

if TYPE_CHECKING:
    from simulator.config import Scenario
    from simulator.run import ReplicationResult

__all__ = ["configure", "run"]

SHOWN = (
    "counter_wait_min",
    "counter_wait_p90_min",
    "counter_wait_p90_open_min",
    "counter_wait_under_15_min_share",
    "turned_away",
    "kiosk_wait_min",
    "kiosk_wait_p90_min",
    "abandoned_fraction",
    "counter_served",
    "kiosk_users",
    "kiosk_dossiers",
    "counter_dossiers",
    "kiosk_share",
    "utilisation_counters",
    "utilisation_kiosks",
    "utilisation_helpers",
)

MAX_SITE_COLUMNS = 6  # more sites than this: one row per site instead of one column per site
COMPACT = (
    "counter_wait_min",
    "counter_wait_p90_min",
    "counter_wait_under_15_min_share",
    "kiosk_wait_min",
    "abandoned_fraction",
    "kiosk_users",
    "kiosk_dossiers",
    "utilisation_counters",
    "utilisation_kiosks",
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="a shipped scenario name (e.g. pilot-2025) or a TOML file")
    add_replications(parser)
    add_set(parser)
    parser.add_argument("--until", type=_date, help="stop at the end of this date (YYYY-MM-DD)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("--out", type=Path, help="output directory (default reports/out/sim/<scenario>/)")
    parser.add_argument("--no-files", action="store_true", help="write no records, summary or report")
    parser.add_argument("--csv", action="store_true", help="per-citizen records as CSV instead of Parquet")
    add_executor(parser, workers=1)


def run(args: argparse.Namespace) -> int:
    from simulator.config import load_scenario
    from simulator.errors import SimulatorError
    from simulator.executors import executor_for
    from simulator.run import horizon_days, run_replications, summarise

    try:
        scenario = load_scenario(args.scenario, parse_sets(args.set))
        days = horizon_days(scenario, args.until)
        reps = args.replications if args.replications is not None else scenario.replications
        keep = not args.no_files
        with (
            executor_for(args.executor, args.workers) as ex,
            progress_bar(f"{scenario.name}: replications", reps, enabled=not args.json) as tick,
        ):
            results = run_replications(scenario, reps, days, keep, ex, tick)
        summary = summarise(scenario, results).to_json()
        if args.json:
            print(json.dumps(summary, ensure_ascii=False))
        else:
            _print_table(summary, scenario.start_date, days)
        if keep:
            _write(args, scenario, summary, results, days)
    except SimulatorError as exc:
        return fail(exc)
    return 0


def _print_table(summary: dict[str, Any], start: dt.date, days: int) -> None:
    from rich.console import Console

    end = start + dt.timedelta(days=days - 1)
    reps = summary["replications"]
    title = f"{summary['scenario']}: {start} – {end}, {reps} replications (mean ± 95% half-width)"
    columns = {**summary["sites"], "total": summary["total"]}
    if len(columns) > MAX_SITE_COLUMNS:
        Console().print(site_rows_table(title.replace(" ± 95% half-width", ""), COMPACT, columns))
    else:
        Console().print(metric_table(title, SHOWN, columns))


def _write(
    args: argparse.Namespace,
    scenario: Scenario,
    summary: dict[str, Any],
    results: Sequence[ReplicationResult],
    days: int,
) -> None:
    import pandas as pd

    from simulator.report import write_run

    frames = [r.records for r in results if r.records is not None]
    records = pd.concat(frames, ignore_index=True) if frames else None
    out = args.out or default_out("sim", scenario.name)
    end = scenario.start_date + dt.timedelta(days=days - 1)
    meta = {
        "description": scenario.description,
        "period": f"{scenario.start_date} – {end} (warm-up {scenario.warmup_days} days)",
        "seed": scenario.seed,
    }
    html = write_run(out, summary, records, meta, csv=args.csv)
    name = "records.csv" if args.csv else "records.parquet"
    print(f"wrote {out}/{name}, summary.json and {html.name}", file=sys.stderr if args.json else sys.stdout)
