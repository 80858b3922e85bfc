"""``kiosk-sim report DIR``: render the HTML report again from a results directory."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.commands._common import fail

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "results", type=Path, help="a directory written by `kiosk-sim run` or `kiosk-sim sweep`"
    )


def run(args: argparse.Namespace) -> int:
    from simulator.errors import SimulatorError
    from simulator.report import render_run
    from simulator.sweep_report import SWEEP_CSV, render_sweep

    try:
        html = render_sweep(args.results) if (args.results / SWEEP_CSV).exists() else render_run(args.results)
    except SimulatorError as exc:
        return fail(exc)
    print(f"wrote {html}")
    return 0
