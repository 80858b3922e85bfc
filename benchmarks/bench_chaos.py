"""Benchmark: the full chaos run, N=1000 submissions at fault rate 0.3 (issue 8).

Runs ``run_chaos`` (what ``kiosk-twin chaos`` runs) and prints its rich tables plus the wall
time; exits 1 when anything was lost or duplicated. The wall time is printed, never asserted.

    .venv/bin/python benchmarks/bench_chaos.py [--submissions 1000] [--fault-rate 0.3] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from mocks.chaos.render import render
from mocks.chaos.run import ChaosConfig, run_chaos


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kiosks", type=int, default=4)
    args = parser.parse_args()
    result = run_chaos(ChaosConfig(args.submissions, args.fault_rate, args.seed, kiosks=args.kiosks))
    console = Console()
    render(result, console)
    out = Path("reports/out")
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_chaos.json").write_text(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    console.print(
        f"wall time {result.elapsed_s:.1f} s ({args.submissions / result.elapsed_s:.1f} submissions/s)"
    )
    return 0 if result.reconciliation.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
