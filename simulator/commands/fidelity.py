"""``kiosk-sim fidelity pilot-2025``: inputs against predictions, sensitivity to the tuned settings, a
prediction band, and paired against unpaired half-widths (common random numbers)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

from simulator.commands._common import add_executor, add_replications, count, default_out, fail, progress_bar

__all__ = ["configure", "run"]

STATEMENT = (
    "INPUTS (the model was tuned to them, so matching them proves nothing): about 500 kiosk users and "
    "about 80 kiosk dossiers by late April 2025, most of them household registration. PREDICTIONS "
    "(nothing was tuned to them): counter and kiosk waits, utilisation, the share served within "
    "15 minutes, the pilot after April, every what-if and the rollout."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default="pilot-2025", help="default pilot-2025")
    parser.add_argument(
        "--until", type=dt.date.fromisoformat, default=dt.date(2025, 4, 30), help="end of the figures' window"
    )
    add_replications(parser, "the replications per sensitivity row (default 5)")
    parser.add_argument(
        "--draws", type=count(4, 10_000), default=40, help="prediction-band draws (default 40)"
    )
    parser.add_argument(
        "--compare",
        default="sites.prov.kiosks=2",
        metavar="KEY=VALUE",
        help="the change whose paired and unpaired half-widths are compared (default sites.prov.kiosks=2)",
    )
    parser.add_argument("--metric", default="kiosk_dossiers", help="metric of that comparison")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    parser.add_argument(
        "--out", type=Path, help="output directory (default reports/out/fidelity/<scenario>/)"
    )
    add_executor(parser, workers=2)


def run(args: argparse.Namespace) -> int:
    from simulator.commands._common import parse_sets
    from simulator.config import load_scenario
    from simulator.errors import SimulatorError
    from simulator.executors import executor_for
    from simulator.fidelity import TUNED, crn_comparison, prediction_band, sensitivity
    from simulator.report import render_html
    from simulator.run import horizon_days
    from simulator.sweep import Target, check_target

    try:
        base = load_scenario(args.scenario)
        days = horizon_days(base, args.until)
        other = load_scenario(args.scenario, parse_sets([args.compare]))
        check_target(Target(args.metric, "<", math.inf), base)
        reps = args.replications or 5
        total = reps * (1 + 2 * len(TUNED)) + args.draws + 3 * reps
        with (
            executor_for(args.executor, args.workers) as ex,
            progress_bar("fidelity", total, not args.json) as tick,
        ):
            rows = sensitivity(args.scenario, days, reps, ex, tick)
            bands, draws = prediction_band(args.scenario, days, args.draws, ex, progress=tick)
            crn = crn_comparison(base, other, args.metric, reps, days, ex, progress=tick)
    except SimulatorError as exc:
        return fail(exc)
    doc: dict[str, Any] = {
        "scenario": base.name,
        "window": f"{base.start_date} – {args.until}",
        "statement": STATEMENT,
        "tuned": [
            {"name": t.name, "low": t.low, "base": t.base, "high": t.high, "meaning": t.meaning}
            for t in TUNED
        ],
        "sensitivity": rows,
        "band": [
            {
                "figure": b.figure,
                "low": b.low,
                "median": b.median,
                "high": b.high,
                "published": b.published,
                "covers": b.covers,
            }
            for b in bands
        ],
        "crn": {"change": args.compare, "metric": args.metric, "replications": reps, **crn},
        "draws": draws,
    }
    out = args.out or default_out("fidelity", base.name)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fidelity.json").write_text(json.dumps(doc, indent=2, default=_none), encoding="utf-8")
    html = render_html("fidelity.html.j2", out / "fidelity.html", doc=doc)
    if args.json:
        print(json.dumps(doc, default=_none))
    else:
        _print(doc)
    print(f"wrote {out}/fidelity.json and {html.name}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _none(o: object) -> object:
    raise TypeError(f"not JSON serialisable: {o!r}")


def _print(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from simulator.commands._common import fmt

    console = Console()
    console.print(f"[bold]{doc['scenario']}, {doc['window']}[/]\n{doc['statement']}\n")
    t = Table(title="sensitivity of the pilot figures (mean ± 95% half-width; one setting moved at a time)")
    for col in ("setting", "value", "kiosk users", "kiosk dossiers", "residence share"):
        t.add_column(col, justify="left" if col == "setting" else "right")
    for r in doc["sensitivity"]:
        value = "" if math.isnan(r["value"]) else f"{r['value']:g}"
        cells = [
            fmt(r[f]["mean"], r[f]["half_width"])
            for f in ("kiosk_users", "kiosk_dossiers", "residence_share")
        ]
        t.add_row(r["parameter"], value, *cells, style="bold" if r["parameter"] == "base" else None)
    console.print(t)
    b = Table(title=f"95% prediction band ({len(doc['draws'])} draws of all tuned settings together)")
    for col in ("figure", "2.5%", "median", "97.5%", "published", "inside"):
        b.add_column(col, justify="left" if col == "figure" else "right")
    for band in doc["band"]:
        b.add_row(
            band["figure"],
            fmt(band["low"], None),
            fmt(band["median"], None),
            fmt(band["high"], None),
            band["published"],
            "yes" if band["covers"] else "no",
        )
    console.print(b)
    c = doc["crn"]
    console.print(
        f"{c['change']} on {c['metric']}: difference {fmt(c['difference'], c['paired_half_width'])} paired "
        f"(common random numbers), {fmt(c['unpaired_difference'], c['unpaired_half_width'])} unpaired; "
        f"the paired interval is {c['ratio']:.1f}x narrower ({c['replications']} replications each)"
    )
