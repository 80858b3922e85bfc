"""Benchmark: the full chaos run, N=1000 submissions at fault rate 0.3, a 180-minute backend outage
and 3 queued items damaged on disk (issues 8 and 14).

Runs ``run_chaos`` (what ``kiosk-twin chaos`` runs: the real kiosk assembled by ``build_kiosk``
in each worker process) with a progress bar, then prints its rich tables and the wall time; exits 1
when anything was lost, duplicated, refused or left untold, or when the damaged items did not all
come out quarantined. The wall time is printed, never asserted, beside a clean run of the same
size measured first in the same process (no faults, no outage): the ratio is the cost of chaos.

    .venv/bin/python benchmarks/bench_chaos.py [--submissions 1000] [--fault-rate 0.3]
        [--outage-minutes 180] [--corrupt-items 3] [--seed 1] [--kiosks 3]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from mocks.chaos.render import progress_bar, render
from mocks.chaos.run import ChaosConfig, run_chaos


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--outage-minutes", type=float, default=180.0)
    parser.add_argument("--corrupt-items", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kiosks", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true", help="skip the clean run measured first")
    args = parser.parse_args()
    config = ChaosConfig(
        args.submissions, args.fault_rate, args.seed, kiosks=args.kiosks,
        outage_minutes=args.outage_minutes, corrupt_items=args.corrupt_items,
    )  # fmt: skip
    console = Console()
    clean_s = None
    if not args.no_baseline:
        with progress_bar(console) as progress:
            clean = run_chaos(
                ChaosConfig(args.submissions, 0.0, args.seed, kiosks=args.kiosks), progress=progress
            )
        clean_s = clean.elapsed_s
        console.print(
            f"baseline: a clean run of {args.submissions} took {clean_s:.1f} s"
            f" (ok: {clean.reconciliation.ok})"
        )
    with progress_bar(console) as progress:
        result = run_chaos(config, progress=progress)
    render(result, console)
    out = Path("reports/out")
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_chaos.json").write_text(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    console.print(
        f"wall time {result.elapsed_s:.1f} s ({args.submissions / result.elapsed_s:.1f} submissions/s)"
        + (f", {result.elapsed_s / clean_s:.2f}x the clean run" if clean_s else "")
    )
    complete = result.reconciliation.quarantined == result.corrupted == args.corrupt_items
    return 0 if result.reconciliation.ok and complete else 1


if __name__ == "__main__":
    raise SystemExit(main())
