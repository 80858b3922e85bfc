"""``kiosk-sim validate``: the model against Erlang C, Erlang A and Little's law, theory beside simulation."""

from __future__ import annotations

import argparse

from simulator.commands._common import progress_bar

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=60, help="simulated days per replication (default 60)")
    parser.add_argument("--replications", type=int, default=20, help="replications per check (default 20)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--scenario", help="also check a one-queue scenario file against Erlang C/A (e.g. mmc)"
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from simulator.commands._common import fail
    from simulator.config import load_scenario
    from simulator.errors import SimulatorError
    from simulator.validate import CONFIDENCE, check_scenario, queue_shape, run_checks

    try:
        extra = load_scenario(args.scenario) if args.scenario else None
        if extra is not None:
            queue_shape(extra)  # refuse a scenario theory cannot check before running anything
        total = 2 * args.replications + (extra.replications if extra else 0)
        with progress_bar("validation replications", total) as tick:
            checks = run_checks(args.days, args.replications, args.seed, tick)
            if extra is not None:
                checks += check_scenario(extra, tick)
    except SimulatorError as exc:
        return fail(exc)
    table = Table(title=f"model vs queueing theory ({args.replications} replications × {args.days} days)")
    for col in ("model", "quantity", "theory", "simulation", f"{CONFIDENCE:.0%} half-width", "verdict"):
        table.add_column(col, justify="left" if col in ("model", "quantity") else "right")
    for c in checks:
        verdict = "[green]inside CI[/]" if c.ok else "[red]OUTSIDE CI[/]"
        table.add_row(c.model, c.quantity, f"{c.theory:.4f}", f"{c.mean:.4f}", f"{c.half_width:.4f}", verdict)
    Console().print(table)
    return 0 if all(c.ok for c in checks) else 1
